"""Pelican glue: check the written site's internal links when the build ends."""

from __future__ import annotations

import logging
import os

from build_cache.storage import read_saved, write_saved
from pelican import signals

from .links import check, reader_version
from .settings import resolve

logger = logging.getLogger(__name__)
KEPT_FILE = "link-check.entry"  # the URLs found in each page, by its bytes' digest
KEPT_FORMAT = 1


def check_output(pelican) -> None:
    settings = pelican.settings
    if not resolve(settings)["LINK_CHECK"]:
        return
    siteurl = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
    kept = os.path.join(settings.get("CACHE_PATH") or "cache", KEPT_FILE)
    saved = read_saved(kept, KEPT_FORMAT) or {}
    version = reader_version()
    known = saved.get("pages", {}) if saved.get("reader") == version else {}
    if not isinstance(known, dict):
        known = {}
    for problem in check(pelican.output_path, siteurl, known):
        logger.error("broken internal link: %s; fix the link or add what it points at", problem)
    write_saved(kept, KEPT_FORMAT, {"reader": version, "pages": known})


def register() -> None:
    signals.finalized.connect(check_output)
