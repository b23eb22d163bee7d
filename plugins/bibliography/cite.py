"""An essay's own citation: BibTeX, CSL-JSON and a formatted reference (plain functions)."""

from __future__ import annotations

import json
import re

from build_cache import entries

from .entries import Entry
from .format import format_entries

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_~^])")


def bibtex_escape(text: str) -> str:
    """Text safe inside a BibTeX field's braces."""

    def one(match: re.Match[str]) -> str:
        char = match.group(1)
        return {
            "\\": r"\textbackslash{}",
            "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}",
        }.get(char, "\\" + char)

    return _BIBTEX_SPECIAL.sub(one, text)


def essay_key(slug: str, year: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", f"{slug}-{year}").strip("-")


def bibtex(key: str, title: str, authors: list[str], date: str, url: str, site: str) -> str:
    fields = [
        ("title", title),
        ("author", " and ".join(authors)),
        ("date", date),
        ("url", url),
        ("organization", site),
    ]

    def field(name: str, value: str) -> str:
        # BibLaTeX reads url verbatim: escaping it would break the link.
        if name == "url":
            return value.replace("{", "%7B").replace("}", "%7D")
        return bibtex_escape(value)

    body = ",\n".join(f"  {name} = {{{field(name, value)}}}" for name, value in fields if value)
    return f"@online{{{key},\n{body}\n}}\n"


def csl_json(key: str, title: str, authors: list[str], date: str, url: str, site: str) -> str:
    """The essay as CSL-JSON, as ``json.dumps([item], ensure_ascii=False, indent=2)``
    writes it. Written from a fixed outline, each value through the C encoder:
    the indenting encoder runs in Python and cost 18 ms a build at 1,000 essays."""
    parts = [int(p) for p in date.split("-") if p.isdigit()]
    authors_text = (
        "[\n"
        + ",\n".join(f'      {{\n        "literal": {_json(n)}\n      }}' for n in authors)
        + "\n    ]"
        if authors
        else "[]"
    )
    parts_text = (
        "[\n" + ",\n".join(f"          {p}" for p in parts) + "\n        ]" if parts else "[]"
    )
    return (
        f'[\n  {{\n    "id": {_json(key)},\n    "type": "post-weblog",\n'
        f'    "title": {_json(title)},\n    "author": {authors_text},\n'
        f'    "issued": {{\n      "date-parts": [\n        {parts_text}\n      ]\n    }},\n'
        f'    "URL": {_json(url)},\n    "container-title": {_json(site)}\n  }}\n]\n'
    )


def _json(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def essay_entry(title: str, authors: list[str], date: str, url: str, site: str) -> Entry:
    """An essay as a source (for its "Cite this essay" reference)."""
    return Entry(id="essay", title=title, url=url, authors=authors, publisher=site, date=date)


def reference(title: str, authors: list[str], date: str, url: str, site: str, style: str) -> str:
    return format_entries([essay_entry(title, authors, date, url, site)], style)["essay"]


class Citations:
    """Each essay's own citation texts, made once while what they come from is the same.

    A preview builds again on every save, and each build gave every essay its
    formatted reference, BibTeX and CSL-JSON again (about 0.1 s at 1,000
    essays). They depend only on the arguments of :meth:`of`, so what the last
    build made is given back; what no build since used is let go. They are
    kept in the cache too (:meth:`load`, :meth:`save`): a build in a fresh
    process made them all again, 23 ms at 1,000 essays.
    """

    def __init__(self) -> None:
        self._last: dict[tuple, tuple[str, str, str]] = {}
        self._now: dict[tuple, tuple[str, str, str]] = {}
        self._made = 0  # texts made since the last save
        self._saved: tuple[str, frozenset] | None = None  # (path, what it holds)

    def begin(self) -> None:
        """A new build: keep what the last one used (or the one before, if it used nothing)."""
        self._last, self._now = (self._now or self._last), {}

    def knows(
        self, key: str, title: str, authors: list[str], date: str, url: str, site: str, style: str
    ) -> bool:
        """Whether :meth:`of` has these texts without making them."""
        args = (key, title, tuple(authors), date, url, site, style)
        return args in self._now or args in self._last

    def of(
        self, key: str, title: str, authors: list[str], date: str, url: str, site: str, style: str
    ) -> tuple[str, str, str]:
        """(formatted reference HTML, BibTeX, CSL-JSON) for one essay."""
        args = (key, title, tuple(authors), date, url, site, style)
        made = self._now.get(args) or self._last.get(args)
        if made is None:
            made = (
                reference(title, authors, date, url, site, style),
                bibtex(key, title, authors, date, url, site),
                csl_json(key, title, authors, date, url, site),
            )
            self._made += 1
        self._now[args] = made
        return made

    def load(self, path: str) -> None:
        """Take the texts an earlier build saved at ``path``, once a process (a
        missing or damaged entry gives none; each is made again when asked)."""
        if self._saved is not None or self._last or self._now:
            return
        saved = entries.read(path)
        for pair in saved if isinstance(saved, list) else []:
            if _valid(pair):
                self._last.setdefault(pair[0], pair[1])
        self._saved = (path, frozenset(self._last))

    def save(self, path: str) -> None:
        """Keep this build's texts at ``path``, unless it holds them already."""
        now = self._now or self._last
        if not self._made and self._saved == (path, frozenset(now)):
            return
        if entries.write(path, list(now.items())):
            self._saved, self._made = (path, frozenset(now)), 0


def _valid(pair: object) -> bool:
    """A saved (arguments, texts) pair of the shapes :meth:`Citations.of` makes."""
    if not (isinstance(pair, tuple) and len(pair) == 2):
        return False
    args, texts = pair
    return (
        isinstance(args, tuple)
        and len(args) == 7
        and isinstance(args[2], tuple)
        and all(isinstance(part, str) for part in (*args[:2], *args[2], *args[3:]))
        and isinstance(texts, tuple)
        and len(texts) == 3
        and all(isinstance(text, str) for text in texts)
    )
