"""The Sources section for one essay, and the site's sources for a build (no Pelican here)."""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import Environment
from markupsafe import Markup

from .entries import Entry
from .format import format_entries
from .markdown_ext import entry_digest


class SourcesBuilder:
    def __init__(
        self,
        load_site: Callable[[], dict[str, Entry]],
        style: str,
        categories: list[str],
        env: Environment,
    ):
        self._load_site = load_site
        self._site: dict[str, Entry] | None = None
        self.style = style
        self.categories = list(categories)
        self.env = env
        # (id, title, url) -> (entry, its reference HTML, the essays that list it)
        self.listed: dict[tuple, tuple[Entry, str, set[str]]] = {}
        self.keys_digest: tuple[dict, str] | None = None  # (site, digest of its keys)
        self._digests: dict[str, str | None] = {}  # each site-wide source's, once a build

    @property
    def site(self) -> dict[str, Entry]:
        """The site-wide sources, read on first use: within the build, so that
        every problem they have is counted by the publish guard."""
        if self._site is None:
            self._site = self._load_site()
        return self._site

    def entry_digest(self, key: str) -> str | None:
        if key not in self._digests:
            self._digests[key] = entry_digest(self.site.get(key))
        return self._digests[key]

    def order(self, names: set[str]) -> list[str]:
        """Configured categories first, then the rest alphabetically, uncategorised last."""
        named = [n for n in self.categories if n in names]
        rest = sorted(n for n in names if n and n not in self.categories)
        return named + rest + ([""] if "" in names else [])

    def references(self, entries: list[Entry], essay: str) -> dict[str, str]:
        """{entry id: reference HTML} for an essay's sources, each listed as cited by it."""
        formatted = format_entries(entries, self.style)
        self.list_sources([(entry, formatted[entry.id]) for entry in entries], essay)
        return formatted

    def list_sources(self, listed: list[tuple[Entry, str]], essay: str) -> None:
        """Record that ``essay`` lists these (entry, reference HTML) pairs, for /sources/."""
        for entry, html in listed:
            key = (entry.id, entry.title, entry.url)
            self.listed.setdefault(key, (entry, html, set()))[2].add(essay)

    def section(
        self,
        entries: list[Entry],
        numbers: dict[str, int],
        cites: dict[str, list[str]],
        anchor: Callable[[str], str],
        formatted: dict[str, str],
    ) -> str:
        groups = []
        for name in self.order({entry.category for entry in entries}):
            members = sorted(
                (e for e in entries if e.category == name), key=lambda e: numbers[e.id]
            )
            groups.append(
                {
                    "name": name,
                    "slug": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "other",
                    "entries": [
                        {
                            "anchor": anchor(e.id),
                            "number": numbers[e.id],
                            "html": Markup(formatted[e.id]),
                            "backrefs": cites.get(e.id, []),
                        }
                        for e in members
                    ],
                }
            )
        return self.env.get_template("bibliography_sources.html").render(groups=groups)
