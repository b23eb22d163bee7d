"""Pandoc's citation syntax, and the hand-written "Sources" section our first user writes."""

from __future__ import annotations

import re

from .entries import Entry

# The text between [ and ] when it starts with @: "@a, p. 12; @b". Not when
# a link follows: [@someone](https://...) and [@someone][ref] are links to a
# handle, as in Pandoc and Hugo.
CITATION = r"\[(@[^\[\]\n]+)\](?![(\[])"
_ITEM = re.compile(r"^@(?P<key>[\w][\w:.#$%&+?<>~/-]*?)\s*(?:,\s*(?P<locator>.+?))?\s*$")


def parse_citation(body: str) -> list[tuple[str, str]] | None:
    """[(key, locator)] for "@a, p. 12; @b", or None when it is not a citation."""
    items = []
    for part in body.split(";"):
        match = _ITEM.match(part.strip())
        if not match:
            return None
        items.append((match["key"], match["locator"] or ""))
    return items


_HEADING = re.compile(r"^#{1,3}\s+Sources\s*#*\s*$", re.IGNORECASE)
_CATEGORY_LINE = re.compile(r"^\*\*(?P<category>[^*]+?):?\*\*:?\s*(?P<links>.+?)\s*$")
_LINK = re.compile(r"\[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_SLUG = re.compile(r"[^a-z0-9]+")


def hand_written_sources(lines: list[str]) -> tuple[list[str], list[tuple[str, str, str, int]]]:
    """Find a "## Sources" section of "**Category:** [Title](url), ..." lines.

    Returns the lines without that section, and (category, title, url,
    index of its line) for every link in it. A section holding anything
    else is left as written, and nothing is returned for it.
    """
    start = next((i for i, line in enumerate(lines) if _HEADING.match(line.strip())), None)
    if start is None:
        return lines, []
    end = start + 1
    while end < len(lines) and not lines[end].lstrip().startswith("#"):
        end += 1
    found = []
    for index in range(start + 1, end):
        text = lines[index].strip()
        if not text:
            continue
        match = _CATEGORY_LINE.match(text)
        links = _LINK.findall(match["links"]) if match else []
        if not match or not links:
            return lines, []
        found += [(match["category"].strip(), title.strip(), url, index) for title, url in links]
    if not found:
        return lines, []
    return lines[:start] + lines[end:], found


def entry_id(title: str, taken: set[str]) -> str:
    base = _SLUG.sub("-", title.lower()).strip("-")[:48].strip("-") or "source"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def preview(entry: Entry) -> str:
    """Title, publisher (or domain) and year: what a hovered citation shows."""
    parts = [entry.title, entry.publisher or entry.domain, entry.year]
    return ", ".join(part for part in parts if part)
