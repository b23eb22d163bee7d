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
from importlib import metadata

from pelican import signals

from . import shards
from .settings import resolve

logger = logging.getLogger(__name__)
KEPT_FOLDER = "search-index"


def _pagefind(pages: str, output: str) -> str | None:
    """Index the pages under ``pages`` into ``output``; an error message, or None."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", pages, "--output-path", output, "--silent"],
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
    kept = os.path.join(pelican.settings.get("CACHE_PATH") or "cache", KEPT_FOLDER)
    target = os.path.join(pelican.output_path, options["PAGEFIND_OUTPUT"])
    try:
        version = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        version = "unknown"
    pages = shards.searchable(shards.scan(pelican.output_path, options["PAGEFIND_OUTPUT"]))
    if not pages:
        return
    split = shards.split(pages, options["PAGEFIND_SHARD_PAGES"], [version])
    indexed, errors = shards.build(pelican.output_path, split, kept, _pagefind)
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
    """A bad search setting stops the build before it writes anything."""
    resolve(pelican.settings)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.finalized.connect(index)
