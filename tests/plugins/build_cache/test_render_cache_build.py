"""The render cache in real builds: the same bytes as rendering everything, and
every problem reported again however warm the cache is."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_kept_and_parallel_renders_write_what_rendering_everything_writes(tmp_path, make_site):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    plain = make_site(content=content, settings={"RENDER_CACHE": False})
    cache = {"CACHE_PATH": str(tmp_path / "cache"), "RENDER_WORKERS": 2}
    # The cold build saves its caches in threads; its process's exit waits for them.
    out = tmp_path / "output"
    background = {**cache, "CACHE_SAVE_BACKGROUND": True}
    cold = make_site(content=content, settings=background, output=out, verbose=True)
    expected = snapshot(plain.output)
    assert snapshot(cold.output) == expected
    warm = make_site(content=content, settings=cache, output=out, verbose=True)
    for build in (plain, cold, warm):
        assert build.returncode == 0, build.log

    # The cold build rendered in two worker processes; the warm one rendered nothing.
    rendered = re.search(r"(\d+) of (\d+) essays to render; (\d+) rendered on 2 cores", cold.log)
    assert rendered, cold.log
    assert int(rendered[1]) == int(rendered[2]) == int(rendered[3]) >= 6
    # The build read while the workers rendered, waiting for each essay it
    # handed out rather than rendering it again itself.
    assert re.search(r"\d+ essay bodies reused, 0 rendered", cold.log), cold.log
    reused = re.search(r"(\d+) essay bodies reused, (\d+) rendered", warm.log)
    assert reused and int(reused[1]) >= 6 and reused[2] == "0", warm.log
    assert "essays to render" not in warm.log  # the background saving is no other configuration
    pages = re.search(r"incremental: (\d+) pages and feeds written, (\d+) kept", warm.log)
    assert pages and pages[1] == "0" and int(pages[2]) > 20, warm.log

    # Charts, /data/ and /sources/ come from what the essays' renders did:
    # a kept body must repeat it.
    assert "sources/index.html" in expected and any(p.endswith(".svg") for p in expected)
    assert snapshot(warm.output) == expected


BROKEN = {
    "posts/cited.md": """\
        +++
        title = "Cited"
        date = 2025-12-01T09:00:00-05:00
        +++
        A claim [@no-such-source].
        """,
}


def test_a_problem_is_reported_on_every_build_and_stops_every_publish(tmp_path, make_site):
    content = tmp_path / "content"
    for name, text in BROKEN.items():
        (content / Path(name).parent).mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text.replace("        ", ""), encoding="utf-8")
    message = "posts/cited.md:5: citation key 'no-such-source' is not a known source"
    for publish in (False, False, True, True):
        build = make_site(
            content=content, settings={"CACHE_PATH": str(tmp_path / "cache")}, publish=publish
        )
        assert message in build.log
        assert build.returncode == 1, build.log  # the local build exits 1 too


def test_a_kept_ref_is_looked_up_again_when_the_pages_change(tmp_path, make_site):
    content = tmp_path / "content"
    for folder in ("posts", "pages"):
        (content / folder).mkdir(parents=True)
    (content / "posts" / "a.md").write_text(
        '+++\ntitle = "A"\ndate = 2025-12-01T09:00:00-05:00\n+++\n'
        'See [the note]({{< ref "note" >}}).\n',
        encoding="utf-8",
    )
    (content / "pages" / "note.md").write_text('+++\ntitle = "Note"\n+++\nA.\n', encoding="utf-8")
    cache = {"CACHE_PATH": str(tmp_path / "cache")}
    first = make_site(content=content, settings=cache)
    assert first.returncode == 0 and "ref 'note'" not in first.log, first.log
    assert 'See <a href="../../note/">' in (first.output / "posts/a/index.html").read_text()

    # A second "note" makes the bare name ambiguous: the kept body of a.md
    # no longer holds, and its render says so.
    (content / "posts" / "more").mkdir()
    (content / "posts" / "more" / "note.md").write_text(
        '+++\ntitle = "Another note"\ndate = 2025-12-02T09:00:00-05:00\n+++\nB.\n',
        encoding="utf-8",
    )
    second = make_site(content=content, settings=cache)
    assert "posts/a.md:5: ref 'note' matches 2 pages" in second.log, second.log
