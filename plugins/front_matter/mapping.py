"""Map what Hugo, Zola, Jekyll and Pelican authors write onto one vocabulary.

The result is a plain dict with these keys, each present only when the
author gave it (or, for ``date``, when a Jekyll file name carries it):

==============  ==============================================================
``title``       str
``date``        aware datetime (``date``, else ``publishDate``/``pubdate``)
``modified``    aware datetime (``lastmod``, ``updated`` or ``modified``)
``status``      ``"draft"`` for ``draft = true``, ``"skip"`` for Hugo's
                ``headless = true``, else as written
``slug``        str
``summary``     Markdown source, from ``summary``
``description`` plain text, as written (the meta description, not the summary)
``authors``     list of str (``authors`` and ``author``, in that order)
``tags``        list of str (``tags``, or Zola's ``[taxonomies] tags``)
``categories``  list of str (``categories``/``category``, or Zola's taxonomy)
``aliases``     list of str (Hugo ``aliases``, Zola ``aliases``, Jekyll
                ``redirect_from``)
``url``         Hugo's whole-path override, as written
==============  ==============================================================

Every other key is kept under its lowercased name with its value untouched,
so ``[params]`` (Hugo) and ``[extra]`` (Zola) tables stay dicts; so do the
original keys the table above reads (``lastmod``, ``draft``, ...), so nothing
an author wrote is dropped.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from typing import Any

from .dates import DateError, parse_date
from .errors import FrontMatterError
from .paths import OutsideOutput, clean_relative

DATE_KEYS = ("date", "publishdate", "pubdate", "published")
MODIFIED_KEYS = ("lastmod", "updated", "modified")
ALIAS_KEYS = ("aliases", "redirect_from")
#: Keys whose text becomes part of an output path.
ADDRESS_KEYS = ("slug", "url", "save_as", "lang")
TRUE_WORDS = {"true", "yes", "on", "1"}
FALSE_WORDS = {"false", "no", "off", "0", ""}
_JEKYLL_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-")

DATE_HINT = (
    "Write it as 2025-12-01T09:00:00-05:00 (date, time and offset), "
    "2025-12-01T09:00:00 (taken in the site's TIMEZONE) or 2025-12-01"
)


def map_metadata(
    raw: dict[str, Any],
    *,
    path: str,
    default_tz: dt.tzinfo,
    line_of: Callable[[str], int | None] = lambda key: None,
) -> dict[str, Any]:
    """Map one file's loaded front matter onto the plugin's vocabulary."""
    source = {key.lower(): value for key, value in raw.items()}
    out: dict[str, Any] = dict(source)

    def fail(key: str, problem: str, hint: str) -> FrontMatterError:
        return FrontMatterError(path, problem, hint, line=line_of(key))

    def first(keys: tuple[str, ...]) -> tuple[str, Any] | tuple[None, None]:
        for key in keys:
            if source.get(key) not in (None, ""):
                return key, source[key]
        return None, None

    def date_of(keys: tuple[str, ...]) -> dt.datetime | None:
        key, value = first(keys)
        if key is None:
            return None
        try:
            return parse_date(value, default_tz)
        except DateError as err:
            raise fail(key, f"the {key} {err}", DATE_HINT) from None

    title = source.get("title")
    if isinstance(title, list):  # Pelican's native form with continuation lines
        title = " ".join(str(part) for part in title)
    if title is None or not str(title).strip():
        raise fail(
            "title",
            "the essay has no title",
            "Add a line such as title = 'My essay' (TOML), "
            "title: My essay (YAML or Pelican's native form) to the front matter",
        )
    if not isinstance(title, str | int | float):
        raise fail("title", "the title is not text", "Write it as a quoted string")
    out["title"] = str(title).strip()

    out.pop("date", None)
    out.pop("modified", None)
    date = date_of(DATE_KEYS)
    if date is None:
        jekyll = _JEKYLL_NAME.match(os.path.basename(path))
        if jekyll:
            date = parse_date(jekyll["date"], default_tz)
    if date is not None:
        out["date"] = date
    modified = date_of(MODIFIED_KEYS)
    if modified is not None:
        out["modified"] = modified

    draft = False
    if "draft" in source:
        draft = _boolean(source["draft"])
        if draft is None:
            raise fail(
                "draft",
                f"draft is {source['draft']!r}, not true or false",
                "Write draft = true (TOML) or draft: true (YAML)",
            )
        out["draft"] = draft
        if draft:
            out["status"] = "draft"
    if "status" in source and not draft:
        out["status"] = str(source["status"]).strip().lower()

    if _boolean(source.get("headless", False)):
        # A Hugo headless bundle: its own page is never published.
        out["status"] = "skip"

    for key in ADDRESS_KEYS:
        if isinstance(source.get(key), str):
            try:
                clean_relative(source[key], what=key)
            except OutsideOutput as err:
                raise fail(
                    key,
                    f"{err}, so the page would be written outside the site",
                    f"Write {key} as a path inside the site, such as /essays/my-essay/",
                ) from None
        elif key in source and key != "lang":
            raise fail(key, f"{key} is not text", f"Write {key} as a quoted string")

    if "slug" in source:
        slug = str(source["slug"]).strip().strip("/")
        if slug:
            out["slug"] = slug
        else:
            out.pop("slug")

    if source.get("summary") not in (None, ""):
        out["summary"] = _text(source["summary"])
    if "description" in source:
        out["description"] = _text(source["description"])

    authors = _strings(source.get("authors")) + _strings(source.get("author"))
    out.pop("author", None)
    if authors:
        out["authors"] = list(dict.fromkeys(authors))
    else:
        out.pop("authors", None)

    taxonomies = source.get("taxonomies")
    taxonomies = taxonomies if isinstance(taxonomies, dict) else {}
    tags = _strings(source.get("tags")) + _strings(taxonomies.get("tags"))
    if tags:
        out["tags"] = list(dict.fromkeys(tags))
    else:
        out.pop("tags", None)
    categories = (
        _strings(source.get("categories"))
        + _strings(source.get("category"))
        + _strings(taxonomies.get("categories"))
    )
    out.pop("category", None)
    if categories:
        out["categories"] = list(dict.fromkeys(categories))
    else:
        out.pop("categories", None)

    aliases: list[str] = []
    for alias_key in ALIAS_KEYS:
        value = source.get(alias_key)
        if value is None:
            continue
        if not isinstance(value, str | list):
            raise fail(
                alias_key,
                f"{alias_key} is not a path or a list of paths",
                f"Write {alias_key} = ['/old/path/'] (TOML) or a YAML list",
            )
        aliases += _strings(value, split=False)
    if aliases:
        out["aliases"] = list(dict.fromkeys(aliases))
    return out


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(part) for part in value)
    return str(value)


def _strings(value: Any, split: bool = True) -> list[str]:
    """A list of clean strings from a list, or from one comma-separated string.

    A string is split on semicolons if it has any, else on commas (Pelican's
    native rule, so "Doe, Jane; Roe, Rick" keeps both names whole). Lists keep
    their boundaries: a TOML tag "Trade, Tariffs" stays one tag.
    """
    if value is None:
        return []
    if isinstance(value, str):
        if not split:
            parts = [value]
        elif ";" in value:
            parts = value.split(";")
        else:
            parts = value.split(",")
    elif isinstance(value, list | tuple):
        parts = [str(item) for item in value if item is not None]
    else:
        parts = [str(value)]
    return [part.strip() for part in parts if part.strip()]
