"""Pelican glue: run Pagefind over the output once everything is written.

Pagefind (from PyPI, its binary in the ``pagefind_bin`` wheel) writes a
static, offline search index that the theme's search page queries from the
site itself: no request leaves the site. The index is made in shards, each
kept between builds while its pages are the same (see :mod:`.shards`).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import subprocess
import sys
import threading
from importlib import metadata

from front_matter.render_cache import read_saved, write_saved
from pelican import signals

from . import shards
from .settings import resolve

logger = logging.getLogger(__name__)
KEPT_FOLDER = "search-index"
PAGES_FILE = "search-pages.pickle"  # what the last scan read from each page
PAGES_FORMAT = 1


def _command() -> list[str]:
    """How to run Pagefind: its binary itself when the wheel names it, since
    ``python -m pagefind`` starts a Python only to hand over to the binary
    (0.14 s of each shard's run here)."""
    if not _found:
        try:
            from pagefind_bin import get_executable

            _found.append([str(get_executable())])
        except Exception:  # noqa: BLE001 - another packaging: let Pagefind's wrapper find it
            _found.append([sys.executable, "-m", "pagefind"])
    return _found[0]


_found: list[list[str]] = []


def _pagefind(pages: str, output: str, glob: str | None = None) -> str | None:
    """Index the pages under ``pages`` (those ``glob`` names, if given) into
    ``output``; an error message, or None."""
    chosen = ["--glob", glob] if glob is not None else []
    result = subprocess.run(
        [*_command(), "--site", pages, *chosen, "--output-path", output, "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return (result.stderr or result.stdout).strip()[-800:] or f"exit {result.returncode}"
    return None


def index(pelican) -> None:
    options = resolve(pelican.settings)
    if not options["PAGEFIND"]:
        return
    if importlib.util.find_spec("pagefind") is None:
        logger.error(
            "search: the pagefind package is not installed, so the site has no search "
            "index; run: python3 -m pip install -r requirements.txt"
        )
        return
    cache = pelican.settings.get("CACHE_PATH") or "cache"
    if not options["PAGEFIND_BACKGROUND"] or pelican.settings.get("FAIL_ON_ERRORS"):
        _index(pelican.output_path, cache, options)
        return
    wait_for_index()
    thread = threading.Thread(
        target=_index, args=(pelican.output_path, cache, options), name="pagefind"
    )
    _background["thread"] = thread
    thread.start()
    logger.info("search: the pages are ready; indexing them in the background")


# The index a build left running (PAGEFIND_BACKGROUND), in this process.
_background: dict[str, threading.Thread | None] = {"thread": None}


def wait_for_index() -> None:
    """Return once the index a build started in the background is written."""
    thread = _background["thread"]
    if thread is not None:
        thread.join()
        _background["thread"] = None


def _index(output: str, cache: str, options: dict) -> None:
    kept = os.path.join(cache, KEPT_FOLDER)
    target = os.path.join(output, options["PAGEFIND_OUTPUT"])
    try:
        version = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        version = "unknown"
    scanned = os.path.join(cache, PAGES_FILE)
    known = (read_saved(scanned, PAGES_FORMAT) or {}).get("pages", {})
    found = shards.scan(output, options["PAGEFIND_OUTPUT"], known)
    write_saved(scanned, PAGES_FORMAT, {"pages": known})
    pages = shards.searchable(found)
    if not pages:
        return
    split = shards.split(pages, options["PAGEFIND_SHARD_PAGES"], [version])
    indexed, errors = shards.build(output, split, kept, _pagefind)
    for error in errors:
        logger.error("search: Pagefind failed: %s", error)
    if errors:
        return
    shards.assemble(split, kept, target)
    shards.prune(kept, split)
    logger.info(
        "search: %d pages in %d shard%s; %d indexed, %d kept",
        len(pages),
        len(split),
        "" if len(split) == 1 else "s",
        len(indexed),
        len(split) - len(indexed),
    )


def check_settings(pelican) -> None:
    """A bad search setting stops the build before it writes anything; an index
    the last build in this process left running finishes before this one starts."""
    wait_for_index()
    resolve(pelican.settings)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.finalized.connect(index)
