"""PAGEFIND_BACKGROUND: the preview's build returns before its search index is written,
and the index it then writes is the one a waiting build writes."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from search import plugin


def site(folder: Path) -> Path:
    for n in range(3):
        page = folder / "posts" / f"essay-{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f"<html lang='en'><body><main data-pagefind-body><h1>Essay {n}</h1>"
            f"<p>Tariffs and word{n} in a sentence.</p></main></body></html>"
        )
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def fake_pelican(output: Path, cache: Path, **settings):
    return SimpleNamespace(output_path=str(output), settings={"CACHE_PATH": str(cache), **settings})


@pytest.fixture
def gated(monkeypatch):
    """Pagefind runs only once the gate opens."""
    gate = threading.Event()
    real = plugin._pagefind

    def waiting(pages, output, glob=None):
        assert gate.wait(60), "the test never opened the gate"
        return real(pages, output, glob)

    monkeypatch.setattr(plugin, "_pagefind", waiting)
    yield gate
    gate.set()
    plugin.wait_for_index()


def test_the_build_returns_first_and_the_index_matches_a_waiting_build(tmp_path, gated):
    waited = site(tmp_path / "waited")
    gated.set()
    plugin.index(fake_pelican(waited, tmp_path / "cache-1"))
    assert plugin._background["thread"] is None
    gated.clear()

    background = site(tmp_path / "background")
    pelican = fake_pelican(background, tmp_path / "cache-2", PAGEFIND_BACKGROUND=True)
    plugin.index(pelican)
    thread = plugin._background["thread"]
    assert thread is not None and thread.is_alive()
    assert not (background / "pagefind").exists()  # the build is back; search is not yet

    gated.set()
    plugin.check_settings(pelican)  # what the next build in the process does first
    assert plugin._background["thread"] is None and not thread.is_alive()
    assert files(background / "pagefind") == files(waited / "pagefind")
    assert (background / "pagefind" / "pagefind.js").is_file()


def test_a_publish_build_waits_for_its_index(tmp_path, gated):
    output = site(tmp_path / "out")
    gated.set()
    pelican = fake_pelican(
        output, tmp_path / "cache", PAGEFIND_BACKGROUND=True, FAIL_ON_ERRORS=True
    )
    plugin.index(pelican)
    assert plugin._background["thread"] is None
    assert (output / "pagefind" / "pagefind.js").is_file()


def test_a_process_that_built_in_the_background_exits_with_its_index_written(tmp_path, make_site):
    """The thread is not a daemon: a one-off build with the setting on still ends whole."""
    background = make_site(settings={"PAGEFIND_BACKGROUND": True}, verbose=True)
    waited = make_site()
    assert background.returncode == 0, background.log
    assert "indexing them in the background" in background.log
    assert files(background.output / "pagefind") == files(waited.output / "pagefind")


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_a_bad_background_setting_is_refused_with_its_name(value):
    with pytest.raises(ValueError, match="PAGEFIND_BACKGROUND must be True or False"):
        plugin.resolve({"PAGEFIND_BACKGROUND": value})
