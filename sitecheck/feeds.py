"""Offline validators for the feeds a build writes.

* Atom: our RELAX NG grammar from RFC 4287 (``atom.rng``), checked with lxml,
  plus the RFC's rules a grammar cannot state.
* RSS 2.0: the elements the RSS 2.0 specification requires, and dates that
  parse as RFC 822 dates.
* JSON Feed 1.1: the fields the specification requires, with their types.

Each returns a list of problems; an empty list means the feed is valid.
"""

from __future__ import annotations

import json
import os
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
_SCHEMA = None


def _atom_schema() -> etree.RelaxNG:
    global _SCHEMA
    if _SCHEMA is None:
        path = os.path.join(os.path.dirname(__file__), "atom.rng")
        _SCHEMA = etree.RelaxNG(etree.parse(path))
    return _SCHEMA


def _parse(data: bytes) -> tuple[etree._Element | None, list[str]]:
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False)), []
    except etree.XMLSyntaxError as err:
        return None, [f"not well-formed XML: {err}"]


def validate_atom(data: bytes) -> list[str]:
    root, problems = _parse(data)
    if root is None:
        return problems
    schema = _atom_schema()
    if not schema.validate(root):
        problems += [f"line {e.line}: {e.message}" for e in schema.error_log]
        return problems
    if root.tag != f"{ATOM}feed":
        return problems
    feed_has_author = root.find(f"{ATOM}author") is not None
    for number, entry in enumerate(root.iter(f"{ATOM}entry"), start=1):
        where = f"entry {number} ({entry.findtext(f'{ATOM}id')})"
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no author, and the feed has none (RFC 4287 4.1.2)")
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{where}: two alternate links of one type and language")
        if entry.find(f"{ATOM}content") is None and not alternates:
            problems.append(f"{where}: neither content nor an alternate link (4.1.2)")
        if (
            entry.find(f"{ATOM}content") is not None
            and entry.find(f"{ATOM}content").get("src")
            and entry.find(f"{ATOM}summary") is None
        ):
            problems.append(f"{where}: content by reference needs a summary (4.1.2)")
    ids = [entry.findtext(f"{ATOM}id") for entry in root.iter(f"{ATOM}entry")]
    if len(ids) != len(set(ids)):
        problems.append("two entries share an id")
    return problems


def validate_rss(data: bytes) -> list[str]:
    root, problems = _parse(data)
    if root is None:
        return problems
    if root.tag != "rss" or root.get("version") != "2.0":
        return ['the root element is not <rss version="2.0">']
    channel = root.find("channel")
    if channel is None:
        return ["no <channel>"]
    for required in ("title", "link", "description"):
        if not (channel.findtext(required) or "").strip():
            problems.append(f"<channel> has no <{required}>")
    for date_field in ("pubDate", "lastBuildDate"):
        problems += _rfc822(channel.findtext(date_field), f"<channel> <{date_field}>")
    guids = []
    for number, item in enumerate(channel.findall("item"), start=1):
        if item.find("title") is None and item.find("description") is None:
            problems.append(f"item {number}: neither <title> nor <description>")
        problems += _rfc822(item.findtext("pubDate"), f"item {number} <pubDate>")
        guid = item.find("guid")
        if guid is not None:
            guids.append(guid.text)
            if guid.get("isPermaLink", "true") == "true" and not _absolute(guid.text):
                problems.append(f"item {number}: a permalink <guid> that is not a URL")
        link = item.findtext("link")
        if link is not None and not _absolute(link):
            problems.append(f"item {number}: <link> {link!r} is not an absolute URL")
    if len(guids) != len(set(guids)):
        problems.append("two items share a guid")
    return problems


def validate_json_feed(text: str) -> list[str]:
    try:
        feed = json.loads(text)
    except json.JSONDecodeError as err:
        return [f"not JSON: {err}"]
    problems = []
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version is not https://jsonfeed.org/version/1.1")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("no title")
    for key in ("home_page_url", "feed_url"):
        if key in feed and not _absolute(feed[key]):
            problems.append(f"{key} is not an absolute URL")
    items = feed.get("items")
    if not isinstance(items, list):
        return problems + ["items is not a list"]
    ids = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"item {number}: id is not a non-empty string")
        ids.append(item.get("id"))
        if not any(isinstance(item.get(k), str) for k in ("content_html", "content_text")):
            problems.append(f"item {number}: neither content_html nor content_text")
        for key in ("url", "image"):
            if key in item and not _absolute(item[key]):
                problems.append(f"item {number}: {key} is not an absolute URL")
        for key in ("date_published", "date_modified"):
            if key in item and not _rfc3339(item[key]):
                problems.append(f"item {number}: {key} is not an RFC 3339 date")
        if "tags" in item and not all(isinstance(t, str) for t in item["tags"]):
            problems.append(f"item {number}: tags are not all strings")
    if len(ids) != len(set(ids)):
        problems.append("two items share an id")
    return problems


def _absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _rfc822(value: str | None, where: str) -> list[str]:
    if value is None:
        return []
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        parsed = None
    return [] if parsed is not None else [f"{where} {value!r} is not an RFC 822 date"]


def _rfc3339(value) -> bool:
    import datetime as dt

    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        return dt.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def validate_tree(root: str) -> list[str]:
    """Every problem in every feed under ``root`` (by extension)."""
    problems = []
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(folder, name)
            shown = os.path.relpath(path, root)
            if name.endswith(".atom.xml"):
                found = validate_atom(Path(path).read_bytes())
            elif name.endswith(".rss.xml"):
                found = validate_rss(Path(path).read_bytes())
            elif name.endswith(".json") and os.sep + "feeds" in path:
                found = validate_json_feed(Path(path).read_text(encoding="utf-8"))
            else:
                continue
            problems += [f"{shown}: {problem}" for problem in found]
    return problems
