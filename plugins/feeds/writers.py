"""Feeds as bytes: Atom 1.0 and RSS 2.0 through feedgen, JSON Feed 1.1 by hand.

Each function takes a :class:`~.model.Feed` and returns the file's content;
the same Feed gives the same bytes on every run (no "now" anywhere).
"""

from __future__ import annotations

import json
from html import escape

from feedgen.feed import FeedGenerator

from .model import Feed

GENERATOR = "Margin of Error feeds (Pelican, feedgen)"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def _generator(feed: Feed, kind: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("media", atom=True, rss=True)
    if kind == "rss":
        fg.load_extension("dc", atom=False, rss=True)
    fg.id(feed.id)
    fg.title(feed.title)
    fg.subtitle(feed.subtitle or feed.title)
    fg.language(feed.language)
    fg.generator(GENERATOR)
    for name in feed.authors:
        if kind == "atom":
            fg.author(name=name)
        else:
            fg.dc.dc_creator(name)
    if kind == "atom":
        fg.link(href=feed.home_url, rel="alternate", type="text/html")
        fg.link(href=feed.urls["atom"], rel="self", type="application/atom+xml")
    else:
        fg.link(href=feed.urls["rss"], rel="self", type="application/rss+xml")
        fg.link(href=feed.home_url, rel="alternate")
    fg.updated(feed.updated)
    fg.lastBuildDate(feed.updated)
    for entry in feed.entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        fe.guid(entry.id, permalink=False)
        fe.title(entry.title)
        fe.link(href=entry.url, rel="alternate", type="text/html")
        fe.published(entry.published)
        fe.updated(entry.updated)
        for name in entry.authors:
            # RSS's <author> must be an e-mail address: names go in dc:creator.
            if kind == "atom":
                fe.author(name=name)
            else:
                fe.dc.dc_creator(name)
        for tag in entry.tags:
            fe.category(term=tag, label=tag)
        if kind == "atom":
            fe.content(entry.content_html, type="html")
            if entry.summary_html:
                fe.summary(entry.summary_html, type="html")
        else:
            fe.description(entry.summary_html or entry.content_html)
            fe.content(entry.content_html, type="CDATA")
        if entry.image:
            image = {"url": entry.image, "medium": "image"}
            if entry.image_type:
                image["type"] = entry.image_type
            fe.media.content(image, group=None)
    return fg


def with_stylesheet(xml: bytes, href: str | None) -> bytes:
    """Insert an ``xml-stylesheet`` instruction after the XML declaration."""
    if not href:
        return xml
    declaration, newline, rest = xml.partition(b"\n")
    instruction = f'<?xml-stylesheet type="text/xsl" href="{escape(href)}"?>'.encode()
    if not declaration.startswith(b"<?xml "):
        return instruction + b"\n" + xml
    return declaration + newline + instruction + b"\n" + rest


def atom(feed: Feed) -> bytes:
    return with_stylesheet(_generator(feed, "atom").atom_str(pretty=True), feed.stylesheet)


def rss(feed: Feed) -> bytes:
    return with_stylesheet(_generator(feed, "rss").rss_str(pretty=True), feed.stylesheet)


def json_feed(feed: Feed) -> str:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    items = []
    for entry in feed.entries:
        item = {
            "id": entry.id,
            "url": entry.url,
            "title": entry.title,
            "content_html": entry.content_html,
            "date_published": entry.published.isoformat(),
            "date_modified": entry.updated.isoformat(),
        }
        if entry.summary_html:
            item["summary"] = entry.summary_html
        if entry.authors:
            item["authors"] = [{"name": name} for name in entry.authors]
        if entry.tags:
            item["tags"] = list(entry.tags)
        if entry.image:
            item["image"] = entry.image
        items.append(item)
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.urls["json"],
        "description": feed.subtitle,
        "language": feed.language,
        "authors": [{"name": name} for name in feed.authors],
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
