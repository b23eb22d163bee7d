"""A Python-Markdown extension: citations, sources and the Sources section.

Stages, in the order Python-Markdown runs them:

1. ``bibliography-sources`` (preprocessor): the essay's own sources, from
   front matter ``sources`` and from a hand-written "## Sources" section
   (which is taken out of the text);
2. ``bibliography-cite`` (inline): ``[@key, p. 12; @other]`` becomes
   numbered links with a preview of each source;
3. ``bibliography-links`` (tree): a plain link to a listed source's URL gets
   its citation number beside it;
4. ``bibliography-section`` (tree, after the toc extension): the Sources section.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .entries import Entry, from_mapping
from .errors import SourceError
from .syntax import CITATION, entry_id, hand_written_sources, parse_citation, preview

logger = logging.getLogger(__name__)


@dataclass
class EssaySources:
    path: str
    first_line: int
    body: list[str]
    site: dict[str, Entry]
    local: dict[str, Entry] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    cites: dict[str, list[str]] = field(default_factory=dict)

    def line_of(self, needle: str) -> int | None:
        for index, line in enumerate(self.body):
            if needle in line:
                return self.first_line + index
        return None

    def entry(self, key: str) -> Entry | None:
        return self.local.get(key) or self.site.get(key)

    def cite(self, key: str) -> tuple[int, str]:
        number = self.numbers.setdefault(key, len(self.numbers) + 1)
        anchor = f"cite-{_anchor(key)}-{len(self.cites.setdefault(key, [])) + 1}"
        self.cites[key].append(anchor)
        return number, anchor


def _anchor(key: str) -> str:
    return re.sub(r"[^\w-]+", "-", key).strip("-") or "source"


def report(err: SourceError) -> None:
    logger.error("%s", err)


@dataclass(frozen=True)
class Replays:
    """Module-level functions a render cache's journal can call again (see
    front_matter's render_cache): a digest of a site-wide source by key, a
    digest of all the site-wide keys, and listing an essay's sources for
    /sources/ (a site-wide source named by its key, an essay's own source
    whole, each with its reference HTML).

    A journal holds digests and keys, not the sources themselves: a build
    checks every kept journal, and unpickling ten sources a journal was
    most of that (79 ms for 1,000 journals, 8 ms with digests and keys)."""

    site_entry: Callable[[str], str | None]
    site_keys: Callable[[], str]
    list_sources: Callable[[list[tuple[Entry | str, str]], str], None]


def keys_digest(site: Mapping[str, Entry]) -> str:
    return hashlib.sha256("\0".join(sorted(site)).encode()).hexdigest()


def entry_digest(entry: Entry | None) -> str | None:
    """Equal for two sources exactly when the sources are equal (every field)."""
    if entry is None:
        return None
    text = repr(entry).encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest()[:32]


class _WatchedSite(Mapping):
    """The site-wide sources, noting in the essay's journal each thing read from them."""

    def __init__(self, site: Mapping[str, Entry], journal, replays: Replays) -> None:
        self._site, self._journal, self._replays = site, journal, replays
        self._noted: set[str] = set()  # each key once: a reused body checks it once

    def __getitem__(self, key: str) -> Entry:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key, default=None):
        found = self._site.get(key)
        if key not in self._noted:
            self._noted.add(key)
            self._journal.record(self._replays.site_entry, (key,), entry_digest(found))
        return default if found is None else found

    def __iter__(self):
        self._journal.record(self._replays.site_keys, (), keys_digest(self._site))
        return iter(self._site)

    def __len__(self) -> int:
        return len(self._site)


class BibliographyExtension(Extension):
    def __init__(self, get_builder, replays: Replays | None = None, **kwargs):
        self.get_builder = get_builder
        self.replays = replays
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(
            SourcesPreprocessor(md, self.get_builder, self.replays), "bibliography-sources", 26
        )
        md.inlinePatterns.register(CitationProcessor(CITATION, md), "bibliography-cite", 175)
        md.treeprocessors.register(SourceLinkProcessor(md), "bibliography-links", 5)
        md.treeprocessors.register(
            SectionTreeprocessor(md, self.get_builder, self.replays), "bibliography-section", 1
        )


class SourcesPreprocessor(Preprocessor):
    def __init__(self, md, get_builder, replays: Replays | None = None):
        super().__init__(md)
        self.get_builder = get_builder
        self.replays = replays

    def run(self, lines: list[str]) -> list[str]:
        builder = self.get_builder()
        essay = getattr(self.md, "essay", None) or {}
        site = builder.site if builder else {}
        if essay.get("journal") is not None and self.replays is not None:
            site = _WatchedSite(site, essay["journal"], self.replays)
        state = EssaySources(
            path=essay.get("path", "an essay"),
            first_line=essay.get("first_line", 1),
            body=list(lines),
            site=site,
        )
        self.md.bibliography = state
        given = (essay.get("metadata") or {}).get("sources") or []
        line = essay.get("sources_line")
        for item in given if isinstance(given, list) else [given]:
            try:
                entry = from_mapping(item, state.path, line)
            except SourceError as err:
                report(err)
                continue
            state.local[entry.id] = entry  # the essay's own entry wins over the site's
        lines, found = hand_written_sources(lines)
        taken = set(state.local) | set(state.site)
        for category, title, url, index in found:
            try:
                entry = from_mapping(
                    {
                        "id": entry_id(title, taken),
                        "title": title,
                        "url": url,
                        "category": category,
                    },
                    state.path,
                    state.first_line + index,
                )
            except SourceError as err:
                report(err)
                continue
            state.local[entry.id] = entry
        return lines


class CitationProcessor(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        state: EssaySources | None = getattr(self.md, "bibliography", None)
        items = parse_citation(m.group(1))
        if state is None or items is None:
            return None, None, None
        # Atomic strings: nothing we write here is parsed again as Markdown or
        # HTML, so a source titled "<YAML> & Co" stays text.
        # Left out of plain-text descriptions (the reading plugin's data-text-omit).
        holder = etree.Element("span", {"class": "citation", "data-text-omit": ""})
        holder.text = AtomicString("[")
        last = None
        for position, (key, locator) in enumerate(items):
            entry = state.entry(key)
            if entry is None:
                known = list(state.local) + list(state.site)
                close = difflib.get_close_matches(key, known, n=3)
                nearest = f"; nearest known: {', '.join(close)}" if close else ""
                report(
                    SourceError(
                        state.path,
                        f"citation key {key!r} is not a known source{nearest}",
                        "Define it in the essay's sources or in content/bibliography/",
                        state.line_of(f"@{key}"),
                    )
                )
                last = etree.SubElement(holder, "span", {"class": "cite-missing"})
                last.text = AtomicString(f"?{key}")
            else:
                last = citation_link(holder, state, key, entry)
            separator = "; " if position < len(items) - 1 else ""
            last.tail = AtomicString((f", {locator}" if locator else "") + separator)
        last.tail = AtomicString(last.tail + "]")
        return holder, m.start(0), m.end(0)


def citation_link(holder, state: EssaySources, key: str, entry: Entry):
    """A numbered link to a source, with its preview, appended to ``holder``."""
    number, anchor = state.cite(key)
    # Named for screen readers as a source, apart from a footnote ("Note 1").
    link = etree.SubElement(
        holder,
        "a",
        {
            "class": "cite",
            "href": f"#source-{_anchor(key)}",
            "id": anchor,
            "aria-label": f"Source {number}: {entry.title}",
        },
    )
    link.text = AtomicString(str(number))
    tip = etree.SubElement(link, "span", {"class": "cite-preview", "data-feed-omit": ""})
    tip.text = AtomicString(preview(entry))
    return link


def _same_url(a: str, b: str) -> bool:
    return a.rstrip("/").split("#")[0] == b.rstrip("/").split("#")[0]


class SourceLinkProcessor(Treeprocessor):
    """A plain link to a listed source's URL is a citation too."""

    def run(self, root):
        state: EssaySources | None = getattr(self.md, "bibliography", None)
        if state is None or not state.local:
            return
        by_url = [(entry.url, key) for key, entry in state.local.items() if entry.url]
        for parent in root.iter():
            for child in list(parent):
                href = child.get("href", "") if child.tag == "a" else ""
                if not href or "cite" in (child.get("class") or ""):
                    continue
                key = next((k for url, k in by_url if _same_url(url, href)), None)
                if key is None:
                    continue
                holder = etree.Element("span", {"class": "citation", "data-text-omit": ""})
                holder.text = AtomicString(" [")
                citation_link(holder, state, key, state.entry(key)).tail = AtomicString("]")
                holder.tail, child.tail = child.tail, None
                parent.insert(list(parent).index(child) + 1, holder)


class SectionTreeprocessor(Treeprocessor):
    """Appends the Sources section. A tree stage, not a postprocessor: the toc
    extension runs postprocessors over every heading to name it."""

    def __init__(self, md, get_builder, replays: Replays | None = None):
        super().__init__(md)
        self.get_builder = get_builder
        self.replays = replays

    def run(self, root):
        state: EssaySources | None = getattr(self.md, "bibliography", None)
        builder = self.get_builder()
        if state is None or builder is None:
            return
        listed = [key for key in state.numbers] + [k for k in state.local if k not in state.numbers]
        if not listed:
            return
        for key in listed:
            state.numbers.setdefault(key, len(state.numbers) + 1)
        entries = [state.entry(key) for key in listed]
        formatted = builder.references(entries, state.path)
        journal = (getattr(self.md, "essay", None) or {}).get("journal")
        if journal is not None and self.replays is not None:
            # A site-wide source by its key: the journal's digest of it, checked
            # before this is repeated, says it is the same source.
            pairs = [
                (entry if key in state.local else key, formatted[entry.id])
                for key, entry in zip(listed, entries, strict=True)
            ]
            journal.record(self.replays.list_sources, (pairs, state.path), None, effect=True)
        section = builder.section(entries, state.numbers, state.cites, _anchor, formatted)
        holder = etree.SubElement(root, "p")
        holder.text = self.md.htmlStash.store(section)
