"""Essays a long-lived process read, made again in its next build without reading them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

from front_matter.kept_essays import KeptEssays, clock_free, restore, snapshot

ROOT = Path(__file__).resolve().parents[3]
UTC = dt.UTC


class Essay:
    def __init__(self) -> None:
        self.title = "A title"
        self.metadata = {"tags": ["a", "b"], "title": "A title"}
        self.tags = ["a", "b"]
        self._context = {"huge": "shared by the whole build"}


def test_a_restored_essay_is_a_new_object_whose_changes_do_not_reach_the_kept_one():
    essay = Essay()
    kept = KeptEssays()
    kept.begin("surroundings")
    kept.keep("a.md", "key", essay, leave=("_context",))
    essay.metadata["tags"].append("changed after reading")  # a later phase of the build
    cls, state = kept.take("a.md", "key")
    assert "_context" not in state
    first = restore(cls, state, _context={"new": "build"})
    assert type(first) is Essay and first is not essay
    assert first.metadata == {"tags": ["a", "b"], "title": "A title"}
    assert first._context == {"new": "build"}
    first.metadata["tags"].append("changed in the next build")
    first.tags.append("x")
    second = restore(*kept.take("a.md", "key"))
    assert second.metadata["tags"] == ["a", "b"] and second.tags == ["a", "b"]


def test_another_key_or_other_surroundings_read_the_essay_again():
    kept = KeptEssays()
    kept.begin("one")
    kept.keep("a.md", "key", Essay())
    assert kept.take("a.md", "other key") is None
    kept.begin("one")
    assert kept.take("a.md", "key") is not None
    kept.begin("two")
    assert kept.take("a.md", "key") is None and len(kept) == 0


def test_snapshot_copies_two_levels_down():
    essay = Essay()
    state = snapshot(essay)
    essay.metadata["title"] = "changed"
    essay.tags.append("c")
    assert state["metadata"]["title"] == "A title" and state["tags"] == ["a", "b"]


def test_only_an_essay_whose_status_cannot_change_with_the_clock_is_kept():
    now = dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert clock_free({}, dt.datetime(2025, 1, 1, tzinfo=UTC), now)
    assert clock_free({}, None, now)
    assert not clock_free({}, dt.datetime(2027, 1, 1, tzinfo=UTC), now)  # scheduled
    assert not clock_free({"publishdate": "2027-01-01"}, None, now)
    assert not clock_free({"expirydate": "2027-01-01"}, None, now)
    assert not clock_free({}, dt.datetime(2025, 1, 1), now)  # naive: not compared


BUILDS = """
import json, sys
from pathlib import Path
from pelican import Pelican
from pelican.settings import read_settings

content, output, cache = (Path(a) for a in sys.argv[1:4])
override = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache)}
override["CACHE_SAVE_BACKGROUND"] = True  # as invoke livereload builds


def build():
    Pelican(read_settings("pelicanconf.py", override=override)).run()
    from front_matter import plugin  # importable once Pelican loaded the plugins

    essays = sorted(p.name for p in (content / "posts").glob("*.md"))
    kept = [e for e in essays if str((content / "posts" / e).resolve()) in plugin._kept]
    return {"reused": plugin._kept.reused, "kept": kept}


def snapshot():
    files = [p for p in output.rglob("*") if p.is_file()]
    return {str(p.relative_to(output)): p.read_bytes().hex() for p in files}


report = {"first": build()}
before = snapshot()
report["again"] = build()
report["again_same_output"] = snapshot() == before
essay = content / "posts" / "grid-batteries.md"
essay.write_text(essay.read_text(encoding="utf-8") + "\\nA sentence added in the preview.\\n")
report["edited"] = build()
(content / "images" / "new-figure.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
report["new_file"] = build()
print("REPORT", json.dumps(report))
"""


def test_a_process_builds_again_from_kept_essays_and_writes_what_a_clean_build_writes(
    tmp_path, make_site
):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "output"
    done = subprocess.run(
        [sys.executable, "-c", BUILDS, str(content), str(output), str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("REPORT "))
    report = json.loads(line.removeprefix("REPORT "))

    assert report["first"]["reused"] == 0
    kept = report["again"]["kept"]
    # Every essay but the scheduled one (its status changes with the clock)
    assert "grid-batteries.md" in kept and "water-pricing-scheduled.md" not in kept
    assert report["again"]["reused"] >= len(kept)
    assert report["again_same_output"]
    # The edited essay is read again; the others are kept
    assert report["edited"]["reused"] == report["again"]["reused"] - 1
    # A new file beside the essays may change any essay's links: all are read again
    assert report["new_file"]["reused"] == 0

    clean = make_site(content=content)
    assert clean.returncode == 0, clean.log
    written = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    expected = {
        p.relative_to(clean.output): p.read_bytes() for p in clean.output.rglob("*") if p.is_file()
    }
    assert written == expected
    page = output / "posts" / "why-grid-batteries-change-the-evening-peak" / "index.html"
    assert "A sentence added in the preview." in page.read_text(encoding="utf-8")
