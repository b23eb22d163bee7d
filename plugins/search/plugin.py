"""Pelican glue: run Pagefind over the output once everything is written.

Pagefind (from PyPI, its binary in the ``pagefind_bin`` wheel) writes a
static, offline search index that the theme's search page queries from the
site itself: no request leaves the site.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import subprocess
import sys
from importlib import metadata

from pelican import signals

from .kept import keep, pages_digest, restore
from .settings import resolve

logger = logging.getLogger(__name__)
KEPT_FOLDER = "search-index"


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
    digest = pages_digest(pelican.output_path, options["PAGEFIND_OUTPUT"], [version])
    if restore(kept, digest, target):
        logger.info("search: no page changed; the last build's index was kept")
        return
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            pelican.output_path,
            "--output-subdir",
            options["PAGEFIND_OUTPUT"],
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        logger.error("search: Pagefind failed: %s", (result.stderr or result.stdout).strip()[-800:])
        return
    keep(target, digest, kept)


def register() -> None:
    signals.finalized.connect(index)
