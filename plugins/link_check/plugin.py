"""Pelican glue: check the written site's internal links when the build ends."""

from __future__ import annotations

import logging

from pelican import signals

from .links import check
from .settings import resolve

logger = logging.getLogger(__name__)


def check_output(pelican) -> None:
    if not resolve(pelican.settings)["LINK_CHECK"]:
        return
    siteurl = "" if pelican.settings.get("RELATIVE_URLS") else pelican.settings.get("SITEURL", "")
    for problem in check(pelican.output_path, siteurl):
        logger.error("broken internal link: %s; fix the link or add what it points at", problem)


def register() -> None:
    signals.finalized.connect(check_output)
