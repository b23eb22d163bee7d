"""Pelican glue: run Pagefind over the output once everything is written.

Pagefind (from PyPI, its binary in the ``pagefind_bin`` wheel) writes a
static, offline search index that the theme's search page queries from the
site itself: no request leaves the site.
"""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys

from pelican import signals

from .settings import resolve

logger = logging.getLogger(__name__)


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


def register() -> None:
    signals.finalized.connect(index)
