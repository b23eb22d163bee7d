"""Pelican glue: a Markdown reader that understands TOML, YAML and native front matter.

The work is done by :mod:`.parse` (split and load) and :mod:`.mapping` (one
vocabulary); this module only turns the result into Pelican's metadata
objects and reports bad input the way Pelican's log expects.
"""

from __future__ import annotations

import html
import logging
import os
import re
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from build_cache.render_cache import Journal, RenderCache
from markdown import Markdown
from pelican.contents import Author, Category, Tag
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime, slugify

from .errors import FrontMatterError
from .mapping import map_metadata
from .markdown_limits import BracketLimits
from .parse import split
from .paths import allowed_roots, display_path, link_escape
from .settings import resolve

logger = logging.getLogger(__name__)

META_EXTENSIONS = {"markdown.extensions.meta", "meta"}
# The build's cache of rendered bodies (set by the plugin for each build).
_active: dict[str, RenderCache | None] = {"cache": None}


def use_cache(cache: RenderCache | None) -> None:
    _active["cache"] = cache


def current_cache() -> RenderCache | None:
    return _active["cache"]


@contextmanager
def complaints():
    """Collects every warning and error logged while open, even those Pelican's
    log filter then drops as repeats (a record is made before it is filtered)."""
    previous = logging.getLogRecordFactory()
    heard: list[logging.LogRecord] = []

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        if record.levelno >= logging.WARNING:
            heard.append(record)
        return record

    logging.setLogRecordFactory(factory)
    try:
        yield heard
    finally:
        logging.setLogRecordFactory(previous)


class RenderTimeout(Exception):
    """An essay's Markdown ran past RENDER_TIME_LIMIT (the message is the limit)."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise RenderTimeout in the block once ``seconds`` have passed.

    Uses the interval timer, so only in a process's main thread (the build's,
    or a render worker's); elsewhere, and with None, there is no limit.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise RenderTimeout(f"{seconds:g}")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class FrontMatterReader(MarkdownReader):
    """Reads ``.md`` files whose front matter is TOML, YAML or ``Key: value``."""

    file_extensions = MarkdownReader.file_extensions
    _markdown: Markdown | None = None  # made on first use (see _render)
    _toc: tuple = (None, "")  # the contents extension and its marker, with _markdown
    _time_limit: float | None = None  # RENDER_TIME_LIMIT, with _markdown

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        shown = display_path(source_path)
        try:
            text, document, metadata = self._load(source_path, shown)
        except FrontMatterError as err:
            # Pelican's own "Could not process" line hides an exception's
            # text, so say it here, then have Pelican skip the file.
            logger.error("%s", err)
            return "", {"status": "skip"}

        options = resolve(self.settings)
        # Extensions (charts, citations) learn which essay and line they are in.
        essay = {
            "path": shown,
            "source_path": source_path,
            "first_line": document.body_line,
            "metadata": metadata,
            "sources_line": document.line_of("sources"),
        }
        try:
            html = self._render_body(source_path, text, document.body, essay)
        except (RenderTimeout, RecursionError) as err:
            self._markdown = None  # stopped midway: the next essay gets a new one
            if isinstance(err, RecursionError):
                problem = "its lists, quotes or emphasis nest too deeply to render"
            else:
                problem = f"its Markdown took more than {err} s to render and was stopped"
            logger.error(
                "%s: %s; it is not published. Look for very deep indentation or long "
                "runs of unmatched brackets, or raise RENDER_TIME_LIMIT",
                shown,
                problem,
            )
            return "", {"status": "skip"}
        # Hugo's order: the divider, then a summary in front matter, then
        # Pelican's automatic summary (the first SUMMARY_MAX_LENGTH words).
        divider = options["SUMMARY_DIVIDER_RE"].search(html)
        if divider:
            metadata["summary_html"] = html[: divider.start()].strip()
            html = html[: divider.start()] + html[divider.end() :]
        elif "summary" in metadata:
            metadata["summary_html"] = self._render(metadata["summary"])
        metadata["front_matter_format"] = document.format
        metadata["source_body_line"] = document.body_line
        return html, self._to_pelican(metadata, source_path)

    def _load(self, source_path: str, shown: str):
        escape = link_escape(source_path, allowed_roots(self.settings))
        if escape is not None:
            raise FrontMatterError(
                shown,
                f"the file is a link to {escape}, outside the project, so it is not read",
                "Copy the file into the project, or add its folder to LINK_TARGETS_ALLOWED",
            )
        try:
            with open(source_path, encoding="utf-8") as handle:
                text = handle.read()
        except UnicodeDecodeError as err:
            raise FrontMatterError(
                shown,
                f"the file is not UTF-8 text (a byte at offset {err.start} cannot be read)",
                "Save the file with UTF-8 encoding",
            ) from None
        raw = text
        text = drop_control_characters(text, shown)
        document = split(text, shown)
        timezone = ZoneInfo(self.settings.get("TIMEZONE") or "UTC")
        metadata = map_metadata(
            drop_control_values(document.metadata, shown),
            path=shown,
            default_tz=timezone,
            line_of=document.line_of,
        )
        if (
            "date" not in metadata
            and metadata.get("status") not in ("draft", "skip")
            and not self._is_page(source_path)
        ):
            raise FrontMatterError(
                shown,
                "the essay has no date",
                "Add date = 2025-12-01T09:00:00-05:00 (TOML) or "
                "date: 2025-12-01 09:00:00 -05:00 (YAML) to the front matter",
                line=document.front_matter_line,
            )
        return raw, document, metadata

    def _render_body(self, source_path: str, text: str, body: str, essay: dict[str, Any]) -> str:
        """The body's HTML: kept from an earlier build when nothing it used has changed."""
        cache = _active["cache"]
        if cache is None:
            return self._render(body, essay)
        key = cache.key(source_path, text)
        kept = cache.lookup(key)
        if kept is not None:
            cache.hits += 1
            return kept
        cache.misses += 1
        essay["journal"] = journal = Journal()
        started = time.monotonic()
        with complaints() as heard:
            rendered = self._render(body, essay)
        if not heard:
            cache.store(key, rendered, journal)
        self._note_slow(essay, time.monotonic() - started)
        return rendered

    def _note_slow(self, essay: dict[str, Any], seconds: float) -> None:
        limit = self._time_limit
        if limit is not None and seconds > limit / 6:
            logger.warning(
                "%s took %.1f s to render; an essay usually takes milliseconds. Look "
                "for very deep indentation or long runs of unmatched brackets",
                essay.get("path", "an essay"),
                seconds,
            )

    def _render(self, text: str, essay: dict[str, Any] | None = None) -> str:
        # One Markdown per reader, reset before each document (as Python-Markdown
        # asks): making one loads and sets up every extension, about 0.5 ms
        # with the site's, once or twice an essay. Each extension's reset()
        # forgets the last document (footnotes, abbreviations, contents); ours
        # keep nothing between documents but what their preprocessors set
        # from ``essay``.
        markdown = self._markdown
        if markdown is None:
            config = dict(self.settings["MARKDOWN"])
            config["extensions"] = [
                ext for ext in config.get("extensions", []) if ext not in META_EXTENSIONS
            ] + [BracketLimits()]
            self._time_limit = resolve(self.settings)["RENDER_TIME_LIMIT"]
            config["extension_configs"] = {
                name: value
                for name, value in config.get("extension_configs", {}).items()
                if name not in META_EXTENSIONS
            }
            markdown = self._markdown = Markdown(**config)
            toc = None
            if "toc" in markdown.treeprocessors:  # a Registry: it has no .get()
                toc = markdown.treeprocessors["toc"]
            self._toc = (toc, getattr(toc, "marker", ""))
        else:
            markdown.reset()
        # The contents extension looks for its marker ("[TOC]") by joining the
        # text under every element of the document, about 0.2 ms of an essay's
        # 3 ms; it looks only in an essay whose text has the marker at all.
        toc, marker = self._toc
        if marker:
            toc.marker = marker if marker in text else ""
        markdown.essay = essay or {}
        with time_limit(self._time_limit):
            return markdown.convert(text)

    def _is_page(self, source_path: str) -> bool:
        relative = self._relative(source_path)
        return any(
            relative == root or relative.startswith(root.rstrip("/") + "/")
            for root in self.settings.get("PAGE_PATHS", [])
        )

    def _relative(self, source_path: str) -> str:
        base = self.settings.get("PATH") or os.path.dirname(source_path)
        return os.path.relpath(source_path, base).replace(os.sep, "/")

    def _to_pelican(self, meta: dict[str, Any], source_path: str) -> dict[str, Any]:
        settings = self.settings
        out = dict(meta)
        for key in ("date", "modified"):
            if key in out:
                out[key] = _safe(out[key])
        if "summary_html" in out:
            out["summary"] = out.pop("summary_html")
        if "authors" in out:
            out["authors"] = [Author(name, settings) for name in out["authors"]]
            out["author"] = out["authors"][0]
        if "tags" in out:
            out["tags"] = [Tag(name, settings) for name in out["tags"]]
        if "categories" in out:
            out["categories"] = [Category(name, settings) for name in out["categories"]]
            out["category"] = out["categories"][0]
        if isinstance(out.get("url"), str) and out.get("front_matter_format") in (
            "toml",
            "yaml",
        ):
            # Hugo's url is the page's whole path; Pelican needs both halves.
            path = out.pop("url").strip().lstrip("/")
            out["url"] = path
            out["save_as"] = path + "index.html" if path.endswith("/") or not path else path

        relative = self._relative(source_path)
        parts = relative.split("/")
        stem = os.path.splitext(parts[-1])[0]
        if stem in ("index", "_index") and len(parts) > 1:
            stem = parts[-2]
        out["path_section"] = parts[0] if len(parts) > 1 else ""
        out["path_filename"] = stem
        slug_options = {
            "regex_subs": settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            "preserve_case": settings.get("SLUGIFY_PRESERVE_CASE", False),
            "use_unicode": settings.get("SLUGIFY_USE_UNICODE", False),
        }
        # Pelican's slugify strips tags, as if a title were HTML; ours are
        # plain text, so escape first or "<Queues>" would vanish from the URL.
        # A title with nothing to transliterate falls back to the file name.
        out["title_slug"] = _short_slug(
            slugify(html.escape(out["title"]), **slug_options) or slugify(stem, **slug_options),
            display_path(source_path),
        )
        out["slug_or_filename"] = out.get("slug") or stem
        out["slug_given"] = "slug" in out
        if "slug" not in out and settings.get("SLUGIFY_SOURCE", "title") == "title":
            out["slug"] = out["title_slug"]
        return out


#: The longest slug made from a title, in bytes: a folder name must fit in 255.
SLUG_MAX = 120


def _short_slug(slug: str, shown: str) -> str:
    """A slug made from a long title, cut at a word to fit a folder name, with a warning."""
    if len(slug.encode("utf-8")) <= SLUG_MAX:
        return slug
    cut = slug.encode("utf-8")[:SLUG_MAX].decode("utf-8", "ignore")
    cut = cut.rsplit("-", 1)[0] if "-" in cut else cut
    logger.warning(
        "%s: the title makes a %d-byte address; it is cut to %r. Set slug in the "
        "front matter to choose a shorter one",
        shown,
        len(slug.encode("utf-8")),
        cut,
    )
    return cut


def _safe(value):
    return SafeDatetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        value.tzinfo,
    )


# C0 controls and DEL: neither HTML nor XML feeds can carry them (tab,
# newline, carriage return and form feed are whitespace, and stay).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What an escape in the front matter (TOML's "\u0007", YAML's "\x85") can
# still make after the file's raw characters were cleaned: C0 and C1 controls
# and noncharacters, which no web page or feed may carry.
_CONTROL_VALUE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def drop_control_values(data, shown: str):
    """The front matter with control characters taken out of every text value,
    and one warning naming the keys they were in."""
    keys: list[str] = []

    def clean(value, key: str):
        if isinstance(value, str):
            if _CONTROL_VALUE.search(value):
                keys.append(key)
                return _CONTROL_VALUE.sub("", value)
            return value
        if isinstance(value, dict):
            return {k: clean(v, f"{key}.{k}" if key else str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v, key) for v in value]
        return value

    cleaned = clean(data, "")
    if keys:
        logger.warning(
            "%s: control characters dropped from the front matter (%s); they cannot "
            "appear in a web page or a feed. Remove them (or their escapes) from the file",
            shown,
            ", ".join(dict.fromkeys(keys)),
        )
    return cleaned


def drop_control_characters(text: str, shown: str) -> str:
    """Remove control characters, warning with the line of the first one."""
    found = _CONTROL.search(text)
    if not found:
        return text
    line = text.count("\n", 0, found.start()) + 1
    count = len(_CONTROL.findall(text))
    logger.warning(
        "%s:%d: %d control character%s (first U+%04X) dropped; they cannot appear "
        "in a web page or a feed. Remove them from the file",
        shown,
        line,
        count,
        "" if count == 1 else "s",
        ord(found.group()),
    )
    return _CONTROL.sub("", text)
