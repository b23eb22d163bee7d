"""What a feed holds, as plain data, and the cleaning an essay's HTML needs first.

Feed readers show HTML without our stylesheet or scripts, and resolve no
relative URL reliably. So before an essay enters a feed, every URL in it is
made absolute, scripts are removed, and parts a plugin marked for feeds are
swapped for what a reader can show (a chart becomes an image that links to
the essay). Characters XML cannot carry are dropped, and the caller is told.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

# Characters XML 1.0 cannot hold (tab, newline and carriage return are fine).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Where an <img> element could start: without one, there is no image to find.
_IMAGE_TAG = re.compile("<img", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "poster", "cite")
DROPPED_TAGS = ("script", "noscript", "style", "template")
_LINKED = etree.XPath("//*[@href or @src or @poster or @cite or @srcset]")
_MARKED = etree.XPath("//*[@*[starts-with(name(), 'data-feed')]]")


@dataclass
class Entry:
    id: str
    url: str
    title: str
    content_html: str
    summary_html: str
    published: dt.datetime
    updated: dt.datetime
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    image_type: str | None = None
    id_is_permalink: bool = False  # RSS's isPermaLink: the id is the item's address
    summary_text: str = ""  # the summary as plain text (JSON Feed's summary)


@dataclass
class Feed:
    id: str
    title: str
    subtitle: str
    home_url: str
    language: str
    authors: list[str]
    entries: list[Entry]
    urls: dict[str, str]  # format → the feed's own absolute URL
    stylesheet: str | None = None

    @property
    def updated(self) -> dt.datetime:
        """The newest change among the entries: the same on every rebuild."""
        if not self.entries:
            return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        return max(entry.updated for entry in self.entries)


def xml_safe(text: str) -> tuple[str, bool]:
    """``text`` without the characters XML cannot carry, and whether any were dropped."""
    cleaned = _NOT_XML.sub("", text)
    return cleaned, cleaned != text


def for_feeds(html: str, page_url: str) -> str:
    """An essay's HTML as a feed reader should get it.

    * every ``href``/``src``/``poster``/``cite``/``srcset`` URL is absolute,
      resolved against the essay's own URL;
    * ``<script>``, ``<noscript>``, ``<style>`` and ``<template>`` are gone;
    * an element with ``data-feed-omit`` is gone;
    * an element with ``data-feed-image`` (and ``data-feed-alt``) becomes an
      image of that file, linked to the essay: the contract for plugins whose
      output needs the site's CSS or scripts, such as charts.
    """
    if not html.strip():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(root.iter(*DROPPED_TAGS)):
        _remove(element)
    for element in list(root.xpath("//*[@data-feed-omit]")):
        _remove(element)
    for element in list(root.xpath("//*[@data-feed-image]")):
        image = etree.Element("img", src=element.get("data-feed-image"))
        image.set("alt", element.get("data-feed-alt", ""))
        link = etree.Element("a", href=page_url)
        link.append(image)
        paragraph = etree.Element("p")
        paragraph.append(link)
        paragraph.tail = element.tail
        element.getparent().replace(element, paragraph)
    # Only the elements that need it (XPath, in C), not every element of the
    # essay in Python; a link to a note or citation on the same page (about
    # half of an essay's links) is the page's URL and the fragment, which is
    # what urljoin gives, without parsing either. 0.81 ms an essay before,
    # 0.60 ms after, the same output.
    here = urljoin(page_url, "#")  # the page's own URL, less any fragment
    for element in _LINKED(root):
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if value is None:
                continue
            value = value.strip()
            if len(value) > 1 and value[0] == "#":
                element.set(attribute, here + value)
            else:
                element.set(attribute, urljoin(page_url, value))
        srcset = element.get("srcset")
        if srcset:
            element.set("srcset", _absolute_srcset(srcset, page_url))
    for element in _MARKED(root):
        for name in [a for a in element.attrib if a.startswith("data-feed")]:
            del element.attrib[name]
    inner = (root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )
    return inner


def first_image(html: str) -> str | None:
    """The ``src`` of the first image in some HTML, if there is one."""
    # Most essays have none: parsing the whole essay to learn so took a
    # fifth of the time of making its feed entry.
    if not html.strip() or not _IMAGE_TAG.search(html):
        return None
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for image in root.iter("img"):
        if image.get("src"):
            return image.get("src")
    return None


def _remove(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _absolute_srcset(srcset: str, base: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.strip().split()
        if parts:
            parts[0] = urljoin(base, parts[0])
            candidates.append(" ".join(parts))
    return ", ".join(candidates)
