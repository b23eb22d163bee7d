"""Hugo's rules for where a page is published; knows nothing of Pelican.

A page's path is, in Hugo's order: the front matter ``url`` as written; else
its section's ``[permalinks]`` pattern; else its folders and file name (the
bundle's folder name for ``index.md``), with ``slug`` in place of the name.
Every path goes through :func:`make_path`, which keeps what Hugo keeps,
turns runs of spaces and hyphens into one hyphen and lowercases.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

TOKENS = (
    "year",
    "month",
    "monthname",
    "day",
    "weekday",
    "weekdayname",
    "yearday",
    "section",
    "sections",
    "title",
    "slug",
    "slugorfilename",
    "filename",
)
_TOKEN = re.compile(r":([a-z]+)")
_KEPT = set("./\\_#+~@-")
_HEX = set("0123456789abcdefABCDEF")


def make_path(text: str, lower: bool = True) -> str:
    """Hugo's path sanitising, as Hugo 0.111 does it (checked against its output).

    Letters, marks, decimal digits and ``./\\_#+~@-`` stay; a run of spaces
    becomes one hyphen before the next kept character (none when a hyphen
    is already there), so no space leads or trails; everything else (``:``,
    ``'``, ``&``, ``?``) is dropped. Then the path is lowercased.
    """
    out: list[str] = []
    pending = was_hyphen = False
    for index, char in enumerate(text):
        kind = unicodedata.category(char)
        kept = (
            char in _KEPT
            or kind[0] in ("L", "M")
            or kind == "Nd"
            or (
                char == "%"
                and len(set(text[index + 1 : index + 3]) - _HEX) == 0
                and len(text[index + 1 : index + 3]) == 2
            )
        )
        if kept:
            was_hyphen = char == "-"
            if pending and not was_hyphen:
                out.append("-")
            pending = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            pending = True
    result = "".join(out)
    return result.lower() if lower else result


def term_path(name: str) -> tuple[str, bool]:
    """A taxonomy term's folder, as :func:`make_path` makes it (``a/b`` stays two
    folders, as in Hugo), without ``.`` or ``..`` folders, which Hugo refuses and
    which would put the page outside its taxonomy; and whether any was dropped."""
    path = make_path(name)
    kept = [part for part in path.split("/") if part not in ("", ".", "..")]
    return "/".join(kept), "/".join(kept) != path.strip("/")


def title_path(text: str) -> str:
    """A title or slug in a permalink: as :func:`make_path`, but Hugo reads
    ``+`` there as a space (``C++ rules`` gives ``c-rules``; a tag keeps it)."""
    return make_path(text.replace("+", " "))


def check_pattern(pattern: str) -> str | None:
    """Why a permalink pattern cannot be used, or None when it can."""
    if not pattern.strip("/ "):
        return "the pattern is empty"
    unknown = [t for t in _TOKEN.findall(pattern) if t not in TOKENS]
    if unknown:
        return f"the token :{unknown[0]} is not one we support"
    return None


@dataclass(frozen=True)
class PageFacts:
    """What a page's path is made of."""

    sections: tuple[str, ...]  # its folders under content/
    filename: str  # file name without extension, or the bundle's folder
    title: str
    slug: str | None
    date: dt.datetime | None


def expand(pattern: str, page: PageFacts) -> str:
    """The path a permalink pattern gives a page, e.g. ``/2025/12/my-essay/``."""

    def token(match: re.Match[str]) -> str:
        name = match[1]
        date = page.date or dt.datetime(1, 1, 1)
        values = {
            "year": f"{date.year:04d}",
            "month": f"{date.month:02d}",
            "monthname": date.strftime("%B").lower(),
            "day": f"{date.day:02d}",
            "weekday": str(date.isoweekday() % 7),
            "weekdayname": date.strftime("%A").lower(),
            "yearday": str(date.timetuple().tm_yday),
            "section": page.sections[0] if page.sections else "",
            "sections": "/".join(page.sections),
            "title": title_path(page.title),
            "slug": title_path(page.slug or page.title),
            "slugorfilename": title_path(page.slug) if page.slug else page.filename,
            "filename": page.filename,
        }
        return values[name]

    return clean(_TOKEN.sub(token, pattern))


def default_path(page: PageFacts) -> str:
    """Where Hugo puts a page with no url and no permalink pattern."""
    name = page.slug or page.filename
    return clean("/".join((*page.sections, name)))


def override(url: str) -> str:
    """A front matter ``url``: the page's whole path, kept as written."""
    return clean(url, lower=False)


def clean(path: str, lower: bool = True) -> str:
    """A root-relative path with no doubled slashes: ``/a/b/`` or ``/a/b.html``."""
    parts = [make_path(p, lower) for p in path.split("/")]
    joined = "/".join(p for p in parts if p)
    if not joined:
        return "/"
    last = joined.rsplit("/", 1)[-1]
    if "." in last and not path.endswith("/"):
        return "/" + joined
    return "/" + joined + "/"


def save_as(path: str) -> str:
    """The output file for a path: ``a/b/`` is written as ``a/b/index.html``."""
    path = path.lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path
