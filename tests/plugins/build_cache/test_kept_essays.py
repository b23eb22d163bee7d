"""Essays a long-lived process read, made again in its next build without reading them."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import front_matter.plugin  # noqa: F401 - names Pelican's classes to the codec
from build_cache import codec
from build_cache.kept_essays import FORMAT, KeptEssays, clock_free, restore
from build_cache.storage import Shelf

ROOT = Path(__file__).resolve().parents[3]
UTC = dt.UTC


class Essay:
    def __init__(self) -> None:
        self.title = "A title"
        self.metadata = {"tags": ["a", "b"], "title": "A title"}
        self.tags = ["a", "b"]
        self._context = {"huge": "shared by the whole build"}


codec.allow(Essay)  # a kept essay's class must be named to the codec


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


class Tag:
    def __init__(self, name, settings):
        self.name, self.settings = name, settings


codec.allow(Tag)


def test_kept_essays_are_saved_for_the_next_process_with_this_builds_settings(tmp_path):
    saved = str(tmp_path / "kept")
    settings = {"SITENAME": "first process", "HOOK": lambda: None}  # cannot be encoded
    essay = Essay()
    essay.settings = settings
    essay.tags = [Tag("a", settings)]
    kept = KeptEssays()
    kept.begin("surroundings", saved)
    kept.keep("a.md", "key", essay, leave=("_context", "settings"))
    kept.keep("gone.md", "key", Essay())
    kept.save()

    later = KeptEssays()  # the next process
    later.begin("surroundings", saved)
    current = {"SITENAME": "this build"}
    cls, state = later.take("a.md", "key", current)
    assert state["tags"][0].settings is current and "settings" not in state
    assert later.take("a.md", "other key", current) is None
    assert "gone.md" in later
    later.save()  # only what this build used is saved again

    third = KeptEssays()
    third.begin("surroundings", saved)
    assert "a.md" in third and "gone.md" not in third
    other = KeptEssays()
    other.begin("other surroundings", saved)
    assert len(other) == 0
    other.keep("b.md", "key", Essay())
    other.save()
    # Each surroundings has its own folder: the first is still there for its next build.
    assert len(list((tmp_path / "kept").iterdir())) == 2
    fourth = KeptEssays()
    fourth.begin("surroundings", saved)
    assert "a.md" in fourth and "b.md" not in fourth


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


def test_the_next_process_makes_essays_from_the_kept_copy_and_writes_a_clean_builds_bytes(
    tmp_path, make_site
):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    # A file outside STATIC_PATHS is copied because an essay links it: a kept
    # essay must still say so.
    (content / "extra").mkdir()
    (content / "extra" / "figure.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (content / "posts" / "linked.md").write_text(
        "+++\ntitle = 'Linked'\ndate = 2025-11-01T09:00:00Z\ntags = ['Energy']\n+++\n\n"
        "![A figure]({static}/extra/figure.svg)\n"
    )
    output, settings = tmp_path / "output", {"CACHE_PATH": str(tmp_path / "cache")}
    first = make_site(content=content, settings=settings, output=output, verbose=True)
    assert first.returncode == 0, first.log
    assert "as an earlier build read them" not in first.log

    def reused(build) -> int:
        found = re.search(r"front_matter: (\d+) essays as an earlier build read them", build.log)
        assert found, build.log
        return int(found[1])

    # The next build as `invoke livereload` runs it: settings of where and
    # when the build writes do not make the essays be read again.
    preview = {**settings, "PAGEFIND_BACKGROUND": True, "CACHE_SAVE_BACKGROUND": True}
    again = make_site(content=content, settings=preview, output=output, verbose=True)
    essays = len(list(content.rglob("*.md")))  # essays and pages
    assert reused(again) == essays - 1  # all but the scheduled essay
    essay = content / "posts" / "grid-batteries.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\nA sentence added later.\n")
    edited = make_site(content=content, settings=settings, output=output, verbose=True)
    assert reused(edited) == essays - 2
    clean = make_site(content=content)
    assert clean.returncode == 0 and edited.returncode == 0, clean.log + edited.log
    written = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    expected = {
        p.relative_to(clean.output): p.read_bytes() for p in clean.output.rglob("*") if p.is_file()
    }
    assert written == expected
    assert (output / "extra" / "figure.svg").exists()


def test_a_kept_essay_keeps_its_tag_slugs_and_a_tag_without_one_is_reported_every_build(
    tmp_path, make_site
):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    for name, tags in (("plain", "['Energy policy']"), ("odd", "['Energy policy', '!!!']")):
        (content / "posts" / f"{name}.md").write_text(
            f"+++\ntitle = '{name}'\ndate = 2025-11-01T09:00:00Z\ntags = {tags}\n+++\n\nText.\n"
        )
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"
    builds = [
        make_site(content=content, settings=settings, output=output, verbose=True) for _ in range(2)
    ]
    for build in builds:
        assert build.returncode == 1, build.log
        assert "Unable to generate valid slug" in build.log  # not kept: said again
    assert "front_matter: 1 essays as an earlier build read them" in builds[1].log

    (folder,) = (tmp_path / "cache" / "kept-essays").iterdir()
    saved = Shelf(str(folder), FORMAT).load()
    ((path, (_, encoded)),) = saved.items()
    assert path.endswith("plain.md")
    _, state = codec.loads(encoded, {})
    # Worked out once, when kept: hashing a tag needs its slug
    assert [tag._slug for tag in state["tags"]] == ["energy-policy"]
    assert state["get_static_links"]() == set()


def test_caches_an_earlier_version_kept_as_pickles_are_deleted_unread(tmp_path, make_site):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "a.md").write_text(
        "+++\ntitle = 'A'\ndate = 2025-11-01T09:00:00Z\n+++\n\nText.\n"
    )
    cache = tmp_path / "cache"
    cache.mkdir()
    retired = [
        "rendered-essays.pickle",
        "kept-essays.pickle",
        "reading-aids.pickle",
        "feed-html.pickle",
        "feed-html.entry",
        "rendered-essays/abc/03.pickle",
        "reading-aids/07.pickle",
        "templates/65542979dc86aa4e/__jinja2_097c.cache",
    ]
    for name in retired:
        (cache / name).parent.mkdir(parents=True, exist_ok=True)
        (cache / name).write_bytes(b"x" * 1000)
    build = make_site(content=content, settings={"CACHE_PATH": str(cache)})
    assert build.returncode == 0, build.log
    assert not [name for name in retired if (cache / name).exists()]
    assert not (cache / "templates").exists()
    assert not list(cache.rglob("*.pickle"))
    for folder in ("rendered-essays/*", "kept-essays/*", "reading-aids"):
        assert list(cache.glob(f"{folder}/*.entry")), folder


def test_a_metadata_value_that_is_the_attribute_itself_is_kept_once_and_linked_again(tmp_path):
    essay = Essay()
    essay.tags = essay.metadata["tags"]  # as Pelican sets them: one list, two names
    saved = str(tmp_path / "kept")
    kept = KeptEssays()
    kept.begin("surroundings", saved)
    kept.keep("a.md", "key", essay)
    kept.save()
    later = KeptEssays()
    later.begin("surroundings", saved)
    _, state = later.take("a.md", "key")
    assert state["tags"] == ["a", "b"] and state["metadata"]["tags"] is state["tags"]
    assert state["metadata"]["title"] == "A title"  # a plain value: its own copy
    assert list(state["metadata"]) == ["tags", "title"]  # in the order it had
