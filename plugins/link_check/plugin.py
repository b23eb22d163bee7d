"""Pelican glue: check the written site's internal links when the build ends."""

from __future__ import annotations

import logging
import os

from build_cache.storage import read_saved, write_saved
from pelican import signals

from .known import KnownBroken, line_in
from .links import check, reader_version
from .settings import resolve

logger = logging.getLogger(__name__)
KEPT_FILE = "link-check.entry"  # the URLs found in each page, by its bytes' digest
KEPT_FORMAT = 1
_sources: dict[str, str] = {}  # output page -> the content file that wrote it
CONTENT_KINDS = ("articles", "pages", "hidden_articles", "hidden_pages", "drafts", "draft_pages")


def note_sources(generators) -> None:
    """Which content file each page comes from, for the messages."""
    _sources.clear()
    for generator in generators:
        for kind in CONTENT_KINDS:
            for item in getattr(generator, kind, None) or []:
                if getattr(item, "save_as", None) and getattr(item, "source_path", None):
                    _sources[item.save_as] = item.source_path


def check_output(pelican) -> None:
    settings = pelican.settings
    options = resolve(settings)
    if not options["LINK_CHECK"]:
        return
    siteurl = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
    kept = os.path.join(settings.get("CACHE_PATH") or "cache", KEPT_FILE)
    saved = read_saved(kept, KEPT_FORMAT) or {}
    version = reader_version()
    known = saved.get("pages", {}) if saved.get("reader") == version else {}
    if not isinstance(known, dict):
        known = {}
    project = os.path.dirname(os.path.abspath(settings["PATH"]))
    listed = KnownBroken.read(project, options["LINK_CHECK_KNOWN_BROKEN"])
    copies = 0
    for problem in check(pelican.output_path, siteurl, known):
        source_path = _sources.get(problem.page)
        source = os.path.relpath(source_path, project).replace(os.sep, "/") if source_path else None
        where, line = "", None
        if source:
            line = line_in(source_path, problem.url, problem.target)
            where = f" (from {source}{f':{line}' if line else ''})"
        facts = {
            "kind": "broken_link",
            "source": source,
            "line": line,
            "target": problem.target,
            "page": problem.page,
            "tag": problem.tag,
            "url": problem.url,
        }
        if listed.covers(source, problem.target):
            facts["kind"] = "known_broken_link"
            if source is None:  # an essay's summary on a list page: counted below
                copies += 1
                continue
            logger.warning(
                "broken internal link, known since before: %s%s; listed in %s, so the "
                "publish build goes on. Fix the link, then remove its line there",
                problem, where, listed.shown,
                extra={"problem": facts},
            )  # fmt: skip
            continue
        logger.error(
            "broken internal link: %s%s; fix the link or add what it points at",
            problem, where,
            extra={"problem": facts},
        )  # fmt: skip
    if copies:
        logger.warning(
            "%d more of those known broken links are in essays' summaries on list "
            "pages (home, tags, sections); they go when the essays' links are fixed",
            copies,
        )
    write_saved(kept, KEPT_FORMAT, {"reader": version, "pages": known})


def register() -> None:
    signals.all_generators_finalized.connect(note_sources)
    signals.finalized.connect(check_output)
