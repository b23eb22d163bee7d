"""Long-form reading aids, computed from an essay's HTML: plain functions.

* :func:`read_essay` parses the essay once, rewrites it, and measures it:
  its word count (for :func:`reading_minutes`), its h2 and h3 with ids (for
  a table of contents) and its first image (for share cards). The rewrite:
  - each footnote reference gets its note beside it as a sidenote, shown in
    the margin on wide screens (the notes at the end stay for narrow screens
    and for screen readers; the copy is hidden from them);
  - an image alone in a paragraph with a title becomes a figure with that
    title as its caption;
  - each table is wrapped in a focusable, named region that scrolls on phones;
  - local PNG and SVG images get their width and height (no layout shift),
    and every image but the first loads lazily.
"""

from __future__ import annotations

import copy
import math
import os
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
from lxml import etree

_WORDS = re.compile(r"[\w’'-]+", re.UNICODE)


def _fragment(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _serialise(root) -> str:
    return (root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )


_UNREAD = {"svg", "script", "style"}


def _read_text(element, out: list[str]) -> None:
    """Text a reader reads: not sidenotes (copies of the notes), SVG or scripts."""
    if element.tag in _UNREAD or "sidenote" in (element.get("class") or "").split():
        return
    out.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _read_text(child, out)
        out.append(child.tail or "")  # the text after a skipped element still counts


def _count(root) -> int:
    parts: list[str] = []
    _read_text(root, parts)
    return len(_WORDS.findall(" ".join(parts)))


def reading_minutes(words: int, per_minute: int) -> int:
    return max(1, math.ceil(words / per_minute)) if words else 0


def _headings(root) -> list[dict[str, object]]:
    """The h2 and h3 with ids, less those a plugin marks ``data-toc-omit`` (the
    Sources section's category headings: the contents list "Sources" once)."""
    return [
        {"id": h.get("id"), "title": h.text_content().strip(), "level": int(h.tag[1])}
        for h in root.iter("h2", "h3")
        if h.get("id") and h.get("data-toc-omit") is None
    ]


@dataclass
class Reading:
    """An essay's HTML after :func:`enhance`, with what the theme shows about it."""

    html: str
    words: int
    toc: list[dict[str, object]]
    first_image: str | None


def read_essay(html: str, image_size: Callable[[str], tuple[int, int] | None]) -> Reading:
    """:func:`enhance`, word count, contents and first image from one parse of the HTML."""
    if not html.strip():
        return Reading(html, 0, [], None)
    root = _fragment(html)
    _name_notes(root)
    _sidenotes(root)
    _figures(root)
    _tables(root)
    _images(root, image_size)
    first = next((i.get("src") for i in root.iter("img") if i.get("src")), None)
    return Reading(_serialise(root), _count(root), _headings(root), first)


def _name_notes(root) -> None:
    """A footnote's link is named "Note 1" for screen readers: "1" alone sounds
    like a citation's number (those are named "Source 1: ...")."""
    for link in root.xpath("//sup/a[contains(@class, 'footnote-ref')]"):
        if not link.get("aria-label"):
            link.set("aria-label", f"Note {link.text_content().strip()}")


def _sidenotes(root) -> None:
    notes = {}
    for item in root.xpath("//div[contains(@class, 'footnote')]/ol/li[@id]"):
        paragraphs = [c for c in item if isinstance(c.tag, str)]
        # Only a note of one plain paragraph can sit inside a sentence.
        if len(paragraphs) != 1 or paragraphs[0].tag != "p":
            continue
        body = copy.deepcopy(paragraphs[0])
        for back in body.xpath(".//a[contains(@class, 'footnote-backref')]"):
            _drop(back)
        if body.xpath(".//*[self::div or self::p or self::ul or self::ol or self::table]"):
            continue
        notes[item.get("id")] = (body, item)
    for ref in root.xpath("//sup[a[contains(@class, 'footnote-ref')]]"):
        target = ref.find("a").get("href", "").lstrip("#")
        if target not in notes:
            continue
        body, item = notes[target]
        item.set("class", ((item.get("class") or "") + " has-sidenote").strip())
        # A copy of the note: hidden from screen readers, and from the search
        # index (which has the note itself, at the end).
        side = etree.Element(
            "span", {"class": "sidenote", "aria-hidden": "true", "data-pagefind-ignore": ""}
        )
        number = etree.SubElement(side, "span", {"class": "sidenote-number"})
        number.text = ref.find("a").text_content().strip()
        number.tail = " " + (body.text or "").lstrip()
        for child in body:
            side.append(copy.deepcopy(child))
        for link in side.iter("a"):
            link.set("tabindex", "-1")  # hidden from assistive technology: not focusable either
        side.tail = ref.tail
        ref.tail = None
        ref.addnext(side)


def _drop(element) -> None:
    parent = element.getparent()
    previous = element.getprevious()
    text = (element.tail or "").rstrip("\xa0 ")
    if previous is not None:
        previous.tail = ((previous.tail or "").rstrip("\xa0 ") + text) or None
    else:
        parent.text = ((parent.text or "").rstrip("\xa0 ") + text) or None
    parent.remove(element)


def _figures(root) -> None:
    for paragraph in root.iter("p"):
        children = [c for c in paragraph if isinstance(c.tag, str)]
        if (
            len(children) == 1
            and children[0].tag == "img"
            and children[0].get("title")
            and not (paragraph.text or "").strip()
            and not (children[0].tail or "").strip()
        ):
            image = children[0]
            figure = etree.Element("figure")
            figure.tail = paragraph.tail
            caption_text = image.attrib.pop("title")
            image.tail = None
            figure.append(image)
            caption = etree.SubElement(figure, "figcaption")
            caption.text = caption_text
            paragraph.getparent().replace(paragraph, figure)


def _tables(root) -> None:
    for number, table in enumerate(
        root.xpath("//table[not(ancestor::figure[contains(@class,'leaderboard')])]"), start=1
    ):
        parent = table.getparent()
        if parent is not None and "table-wrap" in (parent.get("class") or ""):
            continue
        caption = table.find("caption")
        label = caption.text_content().strip() if caption is not None else f"Table {number}"
        wrap = etree.Element(
            "div", {"class": "table-wrap", "role": "region", "aria-label": label, "tabindex": "0"}
        )
        wrap.tail = table.tail
        table.tail = None
        parent.replace(table, wrap)
        wrap.append(table)


def _images(root, image_size) -> None:
    for index, image in enumerate(
        root.xpath("//img[not(ancestor::figure[contains(@class,'leaderboard')])]")
    ):
        if index > 0:
            image.set("loading", "lazy")
        image.set("decoding", "async")
        if image.get("width") or image.get("height"):
            continue
        size = image_size(image.get("src", ""))
        if size:
            image.set("width", str(size[0]))
            image.set("height", str(size[1]))


def file_image_size(path: str) -> tuple[int, int] | None:
    """Width and height of a PNG or an SVG with width/height attributes."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    if path.endswith(".svg") or b"<svg" in head:
        match = re.search(rb"<svg[^>]*?\swidth=\"(\d+)\"[^>]*?\sheight=\"(\d+)\"", head)
        if match:
            return int(match[1]), int(match[2])
    return None


def local_image_path(src: str, content_root: str, siteurl: str) -> str | None:
    """The file in the content folder an image URL points at, if it is ours."""
    if src.startswith("{static}"):
        src = src[len("{static}") :]
    elif siteurl and src.startswith(siteurl):
        src = src[len(siteurl) :]
    if not src.startswith("/") or src.startswith("//"):
        return None
    path = os.path.normpath(os.path.join(content_root, src.lstrip("/")))
    return path if path.startswith(os.path.abspath(content_root)) else None
