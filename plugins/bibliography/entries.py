"""A source, as every format describes it: the plugin's one vocabulary."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .errors import SourceError

FIELDS = (
    "id",
    "title",
    "url",
    "author",
    "authors",
    "publisher",
    "date",
    "year",
    "accessed",
    "archived",
    "doi",
    "category",
)
SAFE_SCHEMES = ("http", "https")


@dataclass
class Entry:
    id: str
    title: str
    url: str = ""
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    date: str = ""
    accessed: str = ""
    archived: str = ""
    doi: str = ""
    category: str = ""
    file: str = ""  # where it is defined, for messages
    line: int | None = None

    @property
    def origin(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def domain(self) -> str:
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")

    @property
    def year(self) -> str:
        match = re.match(r"\d{4}", self.date)
        return match.group(0) if match else ""


def check_url(url: str, where: str, line: int | None, key: str) -> str:
    """A URL we will put in an href: http(s) only, never javascript: and friends."""
    url = url.strip()
    if not url:
        return ""
    if urlsplit(url).scheme.lower() not in SAFE_SCHEMES:
        raise SourceError(
            where,
            f"source {key!r} has the URL {url!r}, which is not http or https",
            "Give a web address starting with https://",
            line,
        )
    return url


def from_mapping(data: Any, where: str, line: int | None = None) -> Entry:
    """An Entry from a YAML/TOML mapping; unknown fields are named with the nearest known."""
    if not isinstance(data, dict):
        raise SourceError(
            where,
            "a source is not a set of 'field: value' pairs",
            "Write each source with id, title and url",
            line,
        )
    unknown = [k for k in data if k not in FIELDS]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), FIELDS, n=3)
        nearest = f"; nearest known: {', '.join(close)}" if close else ""
        raise SourceError(
            where,
            f"source field {unknown[0]!r} is not known{nearest}",
            f"Use {', '.join(FIELDS)}",
            line,
        )
    key = str(data.get("id") or "").strip()
    if not key:
        raise SourceError(where, "a source has no id", "Give it a short id such as smith2024", line)
    title = str(data.get("title") or "").strip()
    if not title:
        raise SourceError(where, f"source {key!r} has no title", "Add its title", line)
    authors = data.get("authors", data.get("author", []))
    if isinstance(authors, str):
        authors = [authors]
    date = data.get("date", data.get("year", ""))
    return Entry(
        id=key,
        title=title,
        url=check_url(str(data.get("url") or ""), where, line, key),
        authors=[str(a).strip() for a in authors if str(a).strip()],
        publisher=str(data.get("publisher") or "").strip(),
        date=str(date or "").strip(),
        accessed=str(data.get("accessed") or "").strip(),
        archived=check_url(str(data.get("archived") or ""), where, line, key),
        doi=str(data.get("doi") or "").strip(),
        category=str(data.get("category") or "").strip(),
        file=where,
        line=line,
    )
