"""The feeds plugin's settings: each defined once, with its default."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from build_cache.options import Setting, with_defaults

FORMATS = {"atom": ".atom.xml", "rss": ".rss.xml", "json": ".json"}
MEDIA_TYPES = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}


SETTINGS = (
    Setting("FEEDS_FORMATS", ["atom", "rss", "json"], "Which feeds to write: atom, rss, json."),
    Setting("FEEDS_SITE_PATH", "feeds/all", "The whole site's feeds, before the extension."),
    Setting(
        "FEEDS_TAG_PATH",
        "feeds/tags/{slug}",
        "Each tag's feeds, before the extension; None writes no tag feeds.",
    ),
    Setting(
        "FEEDS_CATEGORY_PATH",
        "feeds/categories/{slug}",
        "Each category's feeds, before the extension; None writes none.",
    ),
    Setting("FEEDS_MAX_ITEMS", 20, "Entries per feed, newest first."),
    Setting(
        "FEEDS_FULL_CONTENT",
        True,
        "Whole essays in feeds; False sends the summary and a link to the essay.",
    ),
    Setting(
        "FEEDS_ID_AUTHORITY",
        None,
        "The name in entry ids (tag:NAME,DATE:FILE): set once, never change it, "
        "even when the domain changes. None takes SITEURL's host, with a warning.",
    ),
    Setting(
        "FEEDS_LEGACY_ID",
        None,
        "For essays moved from another site: the id its feed used, as a pattern "
        "over the essay's URL fields, e.g. 'https://old.example/{url}' (Hugo's guid).",
    ),
    Setting(
        "FEEDS_LEGACY_UNTIL",
        None,
        "FEEDS_LEGACY_ID applies to essays published on or before this date "
        "(YYYY-MM-DD); None applies it to all.",
    ),
    Setting(
        "FEEDS_RSS_PATHS",
        {},
        "Extra RSS copies at other addresses, so subscribers of a moved site keep "
        "their feeds: a pattern per 'site', 'tag', 'category' (with {slug}) and 'section' "
        "(with {section}, an essay's first folder), and a path per 'tags' and "
        "'categories' for the RSS of the list of terms. The hugo plugin fills in "
        "Hugo's (index.xml, tags/{slug}/index.xml, tags/index.xml, ...) for an "
        "imported Hugo site.",
    ),
    Setting(
        "FEEDS_COPY_PATHS",
        {},
        "Copies in other formats at other addresses, as FEEDS_RSS_PATHS: per 'site', "
        "'tag', 'category', 'section' or another plugin's taxonomy (a Hugo site's "
        "'series'), a dict {format: pattern}, e.g. {'site': {'atom': 'atom.xml'}}. "
        "The hugo plugin fills it from the Atom and JSON Feed formats in a Hugo "
        "site's outputs.",
    ),
    Setting(
        "FEEDS_RSS_COPY_GUID",
        "id",
        "The <guid> (Atom's <id>) of each item in the copies: 'id', the entry id "
        "our own feeds use, or 'permalink', the essay's address (Hugo's guid; the "
        "hugo plugin sets it for an imported site, so subscribers see no item twice).",
    ),
    Setting(
        "FEEDS_RSS_COPY_MAX_ITEMS",
        None,
        "Items in each copy (FEEDS_RSS_PATHS, FEEDS_COPY_PATHS), newest first: None, "
        "as FEEDS_MAX_ITEMS; -1, every essay (Hugo's default rssLimit; the hugo "
        "plugin sets it from the site's rssLimit or services.rss.limit).",
    ),
    Setting(
        "FEEDS_STYLESHEET",
        "feeds/feed.xsl",
        "Where the XSLT that shows a feed as a readable page is written; None for none.",
    ),
)


class SettingsError(ValueError):
    """A feeds setting has a value the plugin cannot use."""


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults, checked; the input is not changed."""
    merged = with_defaults(settings, SETTINGS)

    def fail(name: str, problem: str) -> SettingsError:
        return SettingsError(f"feeds: {name}: {problem}")

    unknown = [f for f in merged["FEEDS_FORMATS"] if f not in FORMATS]
    if unknown:
        raise fail("FEEDS_FORMATS", f"unknown format {unknown[0]!r}; use {', '.join(FORMATS)}")
    limit = merged["FEEDS_MAX_ITEMS"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise fail("FEEDS_MAX_ITEMS", "must be a whole number of 1 or more")
    if merged["FEEDS_RSS_COPY_GUID"] not in ("id", "permalink"):
        raise fail("FEEDS_RSS_COPY_GUID", "use 'id' or 'permalink'")
    # A feed's path must stay inside the output folder: no ".." anywhere.
    paths = [(n, merged[n]) for n in ("FEEDS_SITE_PATH", "FEEDS_TAG_PATH", "FEEDS_CATEGORY_PATH")]
    paths += [("FEEDS_RSS_PATHS", p) for p in (merged["FEEDS_RSS_PATHS"] or {}).values()]
    for copies in (merged["FEEDS_COPY_PATHS"] or {}).values():
        if isinstance(copies, dict):
            paths += [("FEEDS_COPY_PATHS", p) for p in copies.values()]
    for name, path in paths:
        if isinstance(path, str) and ".." in path.replace("\\", "/").split("/"):
            raise fail(
                name, f"{path!r} climbs out of the output folder with '..'; write a path inside it"
            )
    more = merged["FEEDS_COPY_PATHS"]
    if not isinstance(more, dict) or not all(
        isinstance(paths, dict)
        and all(f in FORMATS and isinstance(p, str) and p.strip("/") for f, p in paths.items())
        for paths in more.values()
    ):
        raise fail(
            "FEEDS_COPY_PATHS",
            "write a dict {kind: {format: path}} with formats " + ", ".join(FORMATS),
        )
    copies = merged["FEEDS_RSS_COPY_MAX_ITEMS"]
    if copies is not None and (
        not isinstance(copies, int) or isinstance(copies, bool) or (copies < 1 and copies != -1)
    ):
        raise fail("FEEDS_RSS_COPY_MAX_ITEMS", "must be None, -1 (all) or a whole number")
    until = merged["FEEDS_LEGACY_UNTIL"]
    if isinstance(until, str):
        try:
            merged["FEEDS_LEGACY_UNTIL"] = dt.date.fromisoformat(until)
        except ValueError:
            raise fail("FEEDS_LEGACY_UNTIL", f"{until!r} is not a YYYY-MM-DD date") from None
    siteurl = settings.get("SITEURL") or ""
    merged["BASE_URL"] = (
        siteurl.rstrip("/")
        or f"http://{settings.get('BIND') or '127.0.0.1'}:{settings.get('PORT') or 8000}"
    )
    merged["LINK_PREFIX"] = siteurl.rstrip("/")
    authority = merged["FEEDS_ID_AUTHORITY"]
    merged["ID_AUTHORITY_GUESSED"] = not authority
    merged["ID_AUTHORITY"] = authority or urlsplit(merged["BASE_URL"]).hostname
    return merged


def feed_paths(options: dict[str, Any], kind: str, slug: str | None = None) -> dict[str, str]:
    """{format: output path} for the site's feeds, or a tag's or category's."""
    pattern = {
        "site": options["FEEDS_SITE_PATH"],
        "tag": options["FEEDS_TAG_PATH"],
        "category": options["FEEDS_CATEGORY_PATH"],
    }[kind]
    if not pattern:
        return {}
    stem = pattern.format(slug=slug)
    return {fmt: stem + FORMATS[fmt] for fmt in options["FEEDS_FORMATS"]}
