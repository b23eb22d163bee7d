"""Signal receivers for the publish guard."""

from __future__ import annotations

import atexit
import json
import logging
import os

from build_cache import lifecycle
from front_matter.paths import display_path
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from .guard import BuildFailed, ProblemLog, verdict
from .messages import install as install_messages
from .settings import resolve
from .templates import ReportingUndefined, writing

logger = logging.getLogger(__name__)
_state: dict[str, object] = {}


def start(pelican) -> None:
    """Begin collecting problems for this build."""
    # One plain line per problem when not on a terminal; no traceback for a stop.
    install_messages((BuildFailed,))
    # A copy: the user's JINJA_ENVIRONMENT is not changed in place.
    environment = dict(pelican.settings.get("JINJA_ENVIRONMENT", {}))
    environment.setdefault("undefined", ReportingUndefined)
    pelican.settings["JINJA_ENVIRONMENT"] = environment
    stop_listening()
    _state.pop("counted", None)
    problems = ProblemLog()
    logging.getLogger().addHandler(problems)
    _state.update(problems=problems, options=resolve(pelican.settings), records=problems.records)


def stop_listening() -> None:
    problems = _state.pop("problems", None)
    if problems is not None:
        logging.getLogger().removeHandler(problems)


def drop_article_drafts(generator: ArticlesGenerator) -> None:
    """Remove drafts (and scheduled posts, which Pelican marks as drafts); when they
    are written for preview, give each its banner and note its address."""
    if _state.get("options", {}).get("WRITE_DRAFTS", True):
        _state["previews"] = [_preview(item) for item in generator.drafts]
        return
    generator.drafts = []
    generator.drafts_translations = []
    generator.context["drafts"] = []


def drop_page_drafts(generator: PagesGenerator) -> None:
    if _state.get("options", {}).get("WRITE_DRAFTS", True):
        return
    generator.draft_pages = []
    generator.draft_translations = []
    generator.context["draft_pages"] = []


def _preview(item) -> tuple[str, str, str]:
    """Sets the banner a draft's page shows; (banner, file, address) for the list."""
    if item.metadata.get("draft") is True or str(item.metadata.get("status")) == "draft":
        banner = "Draft: not published"
    else:  # held back by its date (Pelican's WITH_FUTURE_DATES, Hugo's publishDate)
        banner = f"Scheduled for {item.locale_date}"
    item.preview_banner = banner
    return banner, display_path(item.source_path), item.url


def list_previews(pelican) -> None:
    """After a local build: where each draft and scheduled essay can be read."""
    previews = _state.pop("previews", [])
    if not previews:
        return
    base = (
        pelican.settings.get("SITEURL") or f"http://127.0.0.1:{pelican.settings.get('PORT', 8000)}"
    )
    lines = [f"{len(previews)} not published, built for preview only:"]
    lines += [f"  {banner}: {source}  ->  {base}/{url}" for banner, source, url in previews]
    print("\n".join(lines), flush=True)


def _check(stage: str) -> None:
    problems = _state.get("problems")
    if problems is None:
        return
    failure = verdict(problems.messages, stage)
    if failure is None:
        return
    if _state["options"]["FAIL_ON_ERRORS"]:
        stop_listening()
        raise failure
    if stage == "at the end":
        count = len(problems.messages)
        keep_going = _state["options"]["KEEP_GOING"]
        logger.warning(
            "%d problem%s above: this local build went on and wrote what it could%s; "
            "the publish build would stop.",
            count,
            "" if count == 1 else "s",
            "" if keep_going else ", and exits with status 1 (--keep-going: 0)",
        )
        if not keep_going:
            lifecycle.fail_at_exit(1)


def after_reading(generators) -> None:
    """Fail before anything is written when reading went wrong."""
    _check("after reading the content")


def at_the_end(pelican) -> None:
    list_previews(pelican)
    _check("at the end")
    # Still listening: Pelican calls the receivers of `finalized` in no set
    # order, so another plugin (the link check) may log a problem after this.
    problems = _state.get("problems")
    _state["counted"] = len(problems.messages) if problems is not None else 0


def after_the_end() -> None:
    """At exit: a problem logged after the build's verdict still fails it."""
    problems = _state.get("problems")
    options = _state.get("options") or {}
    if problems is None or "counted" not in _state:
        return
    late = len(problems.messages) - _state.pop("counted")
    stop_listening()
    if late <= 0:
        return
    if options.get("FAIL_ON_ERRORS"):
        logger.critical(
            "%d problem%s above came after the build's check; this publish build fails. "
            "Fix %s, then build again",
            late,
            "" if late == 1 else "s",
            "it" if late == 1 else "them",
        )
        lifecycle.fail_at_exit(1)
    elif not options.get("KEEP_GOING"):
        lifecycle.fail_at_exit(1)


def write_problems() -> None:
    """At exit, after every other check: the PROBLEMS_FILE, when one is asked for."""
    path = (_state.get("options") or {}).get("PROBLEMS_FILE")
    records = _state.pop("records", None)
    if not path or records is None:
        return
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(records, handle, indent=1, ensure_ascii=False)


def note_page(generator, content) -> None:
    writing(content.source_path)  # shown relative only if a warning names it


atexit.register(write_problems)  # registered first: runs last
atexit.register(after_the_end)


def register() -> None:
    signals.article_generator_write_article.connect(note_page)
    signals.page_generator_write_page.connect(note_page)
    signals.initialized.connect(start)
    signals.article_generator_finalized.connect(drop_article_drafts)
    signals.page_generator_finalized.connect(drop_page_drafts)
    signals.all_generators_finalized.connect(after_reading)
    signals.finalized.connect(at_the_end)
