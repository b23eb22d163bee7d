"""The early index: shards made while the build writes its last files, and an
index at the end that is what it would be without them."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from types import SimpleNamespace

from search import plugin
from search.settings import resolve


def essay(site: Path, name: str, text: str) -> None:
    page = site / "posts" / name / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        f"<html lang='en'><body><main data-pagefind-body><h1>{name}</h1>"
        f"<p>{text}</p></main></body></html>"
    )


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_pages_changed_or_written_after_the_early_run_are_indexed(tmp_path, caplog):
    site = tmp_path / "site"
    for n in range(5):
        essay(site, f"essay-{n}", f"Tariffs and word{n} in a sentence.")
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "PAGEFIND_SHARD_PAGES": 2}
    plugin.start_early(SimpleNamespace(settings=settings, output_path=str(site)))
    plugin._early["thread"].join()
    assert len(plugin._early["made"]) == 3  # five pages, two a shard
    # What later generators may do: change a page, write a new one.
    essay(site, "essay-1", "Quotas, not tariffs.")
    essay(site, "essay-5", "A sixth essay on levies.")
    clean = tmp_path / "clean"
    shutil.copytree(site, clean)

    with caplog.at_level(logging.INFO, logger="search.plugin"):
        plugin._index(str(site), settings["CACHE_PATH"], resolve(settings))
    plugin._index(str(clean), str(tmp_path / "clean-cache"), resolve(settings))
    assert files(site / "pagefind") == files(clean / "pagefind")
    assert len([n for n in files(site / "pagefind") if "/fragment/" in f"/{n}"]) == 6
    # Nothing was kept from an earlier build: every shard counts as indexed.
    assert "6 pages in 3 shards; 3 indexed (1 early), 0 kept" in caplog.text
    assert plugin._early["thread"] is None


def test_an_early_run_left_by_a_failed_build_ends_before_the_next_build(tmp_path):
    site = tmp_path / "site"
    essay(site, "essay-0", "Tariffs.")
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    plugin.start_early(SimpleNamespace(settings=settings, output_path=str(site)))
    thread = plugin._early["thread"]
    plugin.check_settings(SimpleNamespace(settings=settings))  # the next build starts
    assert not thread.is_alive() and plugin._early["thread"] is None
    assert plugin._take_early() is None  # nothing left to wait for


def test_no_early_run_without_search(tmp_path):
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "PAGEFIND": False}
    plugin.start_early(SimpleNamespace(settings=settings, output_path=str(tmp_path)))
    assert plugin._early["thread"] is None


def test_no_early_run_when_the_index_is_made_after_the_build(tmp_path):
    site = tmp_path / "site"
    essay(site, "essay-0", "Tariffs.")
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "PAGEFIND_BACKGROUND": True}
    plugin.start_early(SimpleNamespace(settings=settings, output_path=str(site)))
    assert plugin._early["thread"] is None
    # A publish build waits for its index, so it starts early.
    plugin.start_early(
        SimpleNamespace(settings={**settings, "FAIL_ON_ERRORS": True}, output_path=str(site))
    )
    assert plugin._early["thread"] is not None
    plugin.wait_for_index()
