"""Kept pages in real builds: only what an edit touches is rendered again, and
the output is always what a clean build writes."""

from __future__ import annotations

import os
import re
import runpy
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def times(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def counts(log: str) -> tuple[int, int]:
    found = re.search(r"incremental: (\d+) pages and feeds written, (\d+) kept", log)
    assert found, log
    return int(found[1]), int(found[2])


def test_an_edit_to_one_essays_text_renders_only_the_pages_that_show_it(tmp_path, make_site):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"
    first = make_site(content=content, settings=settings, output=output, verbose=True)
    assert first.returncode == 0, first.log
    written, kept = counts(first.log)
    assert written > 20 and kept == 0

    again = make_site(content=content, settings=settings, output=output, verbose=True)
    assert counts(again.log) == (0, written)
    before, stamps = snapshot(output), times(output)

    essay = content / "posts" / "housing-permits.md"
    essay.write_text(
        essay.read_text(encoding="utf-8") + "\nA closing sentence added in an edit.\n",
        encoding="utf-8",
    )
    edited = make_site(content=content, settings=settings, output=output, verbose=True)
    clean = make_site(content=content)
    assert edited.returncode == 0 and clean.returncode == 0, edited.log + clean.log
    assert snapshot(output) == snapshot(clean.output)

    rendered, kept = counts(edited.log)
    assert 0 < rendered < written / 2 and rendered + kept == written
    after = times(output)
    page = "posts/building-permits-are-a-leading-indicator-and-a-noisy-one/index.html"
    assert after[page] != stamps[page] and b"closing sentence added" in (output / page).read_bytes()
    # The essay's own feed entry changed; an essay page that only links to it by
    # title, and the archive (titles and dates), were put back untouched.
    assert snapshot(output)["feeds/all.atom.xml"] != before["feeds/all.atom.xml"]
    # So were the citation files, the edited essay's own included (same text).
    for name in (
        "archives/index.html",
        "posts/why-grid-batteries-change-the-evening-peak/index.html",
        "posts/why-grid-batteries-change-the-evening-peak/cite.bib",
        "posts/building-permits-are-a-leading-indicator-and-a-noisy-one/cite.json",
    ):
        assert after[name] == stamps[name], name


def folders(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def test_charts_taken_out_of_an_essay_leave_neither_file_nor_folder(tmp_path, make_site):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"
    assert make_site(content=content, settings=settings, output=output).returncode == 0
    charts = output / "data" / "llm-intelligence-index" / "charts"
    assert list(charts.glob("*.svg"))

    essay = content / "posts" / "reading-leaderboards.md"
    text = essay.read_text(encoding="utf-8")
    blocks = re.findall(r"```leaderboard\n.*?```\n", text, flags=re.S)
    assert len(blocks) == 2
    for block in blocks:
        text = text.replace(block, "")
    essay.write_text(text, encoding="utf-8")
    edited = make_site(content=content, settings=settings, output=output, verbose=True)
    clean = make_site(content=content)
    assert edited.returncode == 0 and clean.returncode == 0, edited.log + clean.log
    assert counts(edited.log)[1] > 0  # most pages were put back
    assert not charts.exists()
    assert snapshot(output) == snapshot(clean.output)
    assert folders(output) == folders(clean.output)


def test_a_theme_edit_renders_every_page_again(tmp_path, make_site):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "THEME": str(theme)}
    output = tmp_path / "output"
    content = ROOT / "content"
    first = make_site(content=content, settings=settings, output=output, verbose=True)
    assert first.returncode == 0, first.log
    # Compiled templates are never kept on disk (Jinja marshals them: code).
    assert not (tmp_path / "cache" / "templates").exists()
    base = theme / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    assert "</footer>" in text
    base.write_text(text.replace("</footer>", "<p>Edited footer</p></footer>", 1), "utf-8")
    edited = make_site(content=content, settings=settings, output=output, verbose=True)
    assert counts(edited.log)[1] == 0
    pages = [p for p in output.rglob("*.html") if "has moved</title>" not in p.read_text("utf-8")]
    assert pages and all("Edited footer" in p.read_text("utf-8") for p in pages)


def test_page_cache_off_writes_the_same_site(tmp_path, make_site):
    off = make_site(content=ROOT / "content", settings={"PAGE_CACHE": False}, verbose=True)
    on = make_site(content=ROOT / "content", verbose=True)
    assert off.returncode == 0 and "incremental:" not in off.log
    assert snapshot(off.output) == snapshot(on.output)


def test_an_essay_that_warned_warns_on_every_build_with_its_pages_kept(tmp_path, make_site):
    content = tmp_path / "content" / "posts"
    content.mkdir(parents=True)
    (content / "bell.md").write_text(
        '+++\ntitle = "Bell"\ndate = 2025-12-01T09:00:00-05:00\n+++\nA bell\x07 rings.\n',
        encoding="utf-8",
    )
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"
    for _ in range(2):
        build = make_site(content=content.parent, settings=settings, output=output)
        assert build.returncode == 0, build.log
        assert "1 control character (first U+0007) dropped" in build.log
        assert "\x07" not in (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")


LISTENER = """
from pathlib import Path
from pelican import signals

def heard(path, context):
    with open(Path(context["OUTPUT_PATH"]).parent / "heard.txt", "a") as log:
        log.write(path + "\\n")

def register():
    signals.content_written.connect(heard)
"""


def test_a_kept_essay_page_skips_pelicans_writer_unless_someone_listens(tmp_path, make_site):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"
    essay = re.compile(r'Writing "[^"]*/posts/[^/"]+/index\.html"')
    first = make_site(content=content, settings=settings, output=output, verbose=True)
    again = make_site(content=content, settings=settings, output=output, verbose=True)
    assert first.returncode == again.returncode == 0, first.log + again.log
    pages = sorted(p.relative_to(output).as_posix() for p in output.glob("posts/*/index.html"))
    assert len(essay.findall(first.log)) == len(pages) > 3
    assert essay.findall(again.log) == []  # put back, not written: not said to be
    assert snapshot(output) == snapshot(make_site(content=content).output)

    # A plugin that listens for written files hears every page, kept or not.
    plugins = tmp_path / "plugins"
    (plugins / "listens").mkdir(parents=True)
    (plugins / "listens" / "__init__.py").write_text(LISTENER)
    conf = runpy.run_path(str(ROOT / "pelicanconf.py"))
    settings["PLUGIN_PATHS"] = [*conf["PLUGIN_PATHS"], str(plugins)]
    settings["PLUGINS"] = [*conf["PLUGINS"], "listens"]
    for _ in range(2):
        (tmp_path / "heard.txt").unlink(missing_ok=True)
        build = make_site(content=content, settings=settings, output=output)
        assert build.returncode == 0, build.log
        heard = (tmp_path / "heard.txt").read_text().splitlines()
        assert {p for p in pages} <= {os.path.relpath(h, output) for h in heard}
