"""A Hugo section's list page where a term lists it; knows nothing of Pelican.

Hugo gives a section the taxonomies its ``_index.md`` names: with
``tags = ["Transit"]`` there, ``/tags/transit/`` lists the section's page
beside the essays, dated by its newest essay, and so does that tag's feed.
:class:`SectionPage` stands in for such a page in a term's list: it has
what the theme's essay lists and the feeds read of an essay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class SectionPage:
    title: str
    url: str
    date: dt.datetime
    locale_date: str
    source_path: str
    section: str
    metadata: dict[str, Any] = field(default_factory=dict)
    summary: str = ""
    # What an essay has and a section's page has not.
    modified: dt.datetime | None = None
    authors: tuple = ()
    tags: tuple = ()
    category: Any = None
    category_shown: bool = False
    image: str | None = None
    feed_id: str | None = None
    reading_time: int | None = None
    is_section_page: bool = True

    @property
    def slug(self) -> str:
        return self.section

    @property
    def path_filename(self) -> str:
        return f"{self.section}/_index"  # never an essay's file name

    @property
    def url_format(self) -> dict[str, Any]:
        return {"slug": self.slug, "date": self.date, "title": self.title, "url": self.url}

    @property
    def content(self) -> str:
        return self.summary

    def get_content(self, siteurl: str = "") -> str:
        return self.summary


def hugo_order(item) -> tuple:
    """Hugo's default order of a list: weighted first (by weight), then newest
    first, then by title. A section's page comes after the essays of its
    weight: Hugo 0.111 sorts it before it dates it (checked against its output),
    though its feeds then give it the date of its newest essay."""
    try:
        weight = int(item.metadata.get("weight") or 0)
    except (TypeError, ValueError):
        weight = 0
    when = float("inf") if isinstance(item, SectionPage) else -item.date.timestamp()
    return (weight == 0, weight, when, str(item.title).lower())
