"""Find and read a Hugo site's configuration; knows nothing of Pelican.

Hugo reads ``hugo.toml`` (or ``.yaml``/``.json``; ``config.*`` in older
sites) at the site's root, or a ``config/_default/`` folder where each file
holds one top-level key (``menus.toml`` holds ``[main]``, ``params.toml``
holds params) except ``hugo.*``/``config.*``, which hold the root. Keys are
case-insensitive in Hugo, so every key here is lowercased.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .errors import HugoError
from .urls import TOKENS, check_pattern

NAMES = ("hugo", "config")
SUFFIXES = (".toml", ".yaml", ".yml", ".json")
DEFAULT_TAXONOMIES = {"tag": "tags", "category": "categories"}


@dataclass(frozen=True)
class MenuEntry:
    name: str
    url: str | None
    page_ref: str | None
    weight: int
    identifier: str
    parent: str | None = None


@dataclass
class HugoSite:
    """What our settings take from a Hugo configuration."""

    path: str
    title: str | None = None
    base_url: str | None = None
    language_code: str | None = None
    author: str | None = None
    description: str | None = None
    permalinks: dict[str, str] = field(default_factory=dict)
    taxonomies: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TAXONOMIES))
    menu: list[MenuEntry] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    #: markup.goldmark.extensions.typographer (Hugo: on unless disabled)
    typographer: bool = True
    #: markup.goldmark.renderer.unsafe (Hugo: false, raw HTML is omitted)
    unsafe: bool = False
    #: items in each RSS feed: services.rss.limit, or the older rssLimit (Hugo: -1, all)
    rss_limit: int = -1
    #: timeZone: how a front-matter date without an offset is read (Hugo: UTC)
    time_zone: str = "UTC"
    #: theme (a name or a list, the first one's files winning) and themesDir
    themes: list[str] = field(default_factory=list)
    themes_dir: str = "themes"
    #: pagination.pagerSize, or the older paginate (Hugo: 10 items a page)
    pager_size: int = 10
    #: pagination.path, or the older paginatePath (Hugo: page, as in /page/2/)
    pager_path: str = "page"
    #: feeds in other formats that [outputs] declares: {kind: {format: file}},
    #: kind one of home, section, term (Hugo's page kinds), format atom or json
    feed_outputs: dict[str, dict[str, str]] = field(default_factory=dict)


def find(root: str | Path) -> Path | None:
    """The Hugo configuration at a site's root: a file, or ``config/_default``."""
    root = Path(root)
    for name in NAMES:
        for suffix in SUFFIXES:
            candidate = root / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    folder = root / "config" / "_default"
    return folder if folder.is_dir() else None


def config_files(found: Path) -> list[Path]:
    """Every file a configuration consists of, root file first."""
    if found.is_file():
        return [found]
    files = sorted(p for p in found.iterdir() if p.suffix in SUFFIXES and p.is_file())
    return sorted(files, key=lambda p: p.stem not in NAMES)


def load(found: Path, shown: str | None = None) -> dict[str, Any]:
    """The configuration as one dict with lowercased keys."""
    merged: dict[str, Any] = {}
    for path in config_files(found):
        data = _lower(_parse(path, _shown(path, found, shown)))
        if path.stem in NAMES or found.is_file():
            _merge(merged, data)
        else:
            _merge(merged, {path.stem.lower(): data})
    return merged


def read_site(found: Path, shown: str | None = None) -> HugoSite:
    """Load a configuration and take from it what our settings use."""
    raw = load(found, shown)
    where = shown or str(found)
    files = config_files(found)
    site = HugoSite(path=where)
    site.title = _string(raw.get("title"))
    site.base_url = _string(raw.get("baseurl"))
    site.language_code = _string(raw.get("languagecode"))
    site.params = raw.get("params") if isinstance(raw.get("params"), dict) else {}
    author = site.params.get("author") or raw.get("author")
    if isinstance(author, dict):
        author = author.get("name")
    site.author = _string(author)
    site.description = _string(site.params.get("description"))

    permalinks = raw.get("permalinks") or {}
    if not isinstance(permalinks, dict):
        raise HugoError(where, "permalinks is not a table", "Write [permalinks] posts = '/:slug/'")
    # Hugo 0.114 and later also accept [permalinks.page]; both mean pages.
    flat = dict(permalinks.get("page") or {}) if isinstance(permalinks.get("page"), dict) else {}
    for section, pattern in permalinks.items():
        if section in ("page", "section", "taxonomy", "term"):
            if section != "page":
                site.unmapped.append(f"permalinks.{section} (list pages keep Hugo's default)")
            continue
        flat[section] = pattern
    for section, pattern in flat.items():
        if not isinstance(pattern, str):
            raise HugoError(
                where,
                f"the permalink for {section!r} is not a string",
                "Write it as posts = '/:year/:slug/'",
                _line_of(files, str(section)),
            )
        problem = check_pattern(pattern)
        if problem:
            raise HugoError(
                where,
                f"permalink {section} = {pattern!r}: {problem}",
                "Use the tokens "
                + ", ".join(":" + t for t in TOKENS)
                + ", or give the essays a url in their front matter",
                _line_of(files, pattern),
            )
        site.permalinks[str(section).lower()] = pattern

    if "taxonomies" in raw:
        taxonomies = raw["taxonomies"]
        if not isinstance(taxonomies, dict):
            raise HugoError(where, "taxonomies is not a table", "Write [taxonomies] tag = 'tags'")
        site.taxonomies = {str(k).lower(): str(v) for k, v in taxonomies.items()}

    menus = raw.get("menu") or raw.get("menus") or {}
    main = menus.get("main", []) if isinstance(menus, dict) else []
    if isinstance(main, dict):
        main = [main]
    for index, entry in enumerate(main if isinstance(main, list) else []):
        if not isinstance(entry, dict) or not (entry.get("name") or entry.get("identifier")):
            raise HugoError(
                where,
                f"menu entry {index + 1} of menu.main has no name",
                "Give each [[menu.main]] entry a name and a url or pageRef",
                _line_of(files, "[[menu.main]]"),
            )
        site.menu.append(
            MenuEntry(
                name=str(entry.get("name") or entry.get("identifier")),
                url=_string(entry.get("url")),
                page_ref=_string(entry.get("pageref")),
                weight=int(entry.get("weight") or 0),
                identifier=str(entry.get("identifier") or entry.get("name")),
                parent=_string(entry.get("parent")),
            )
        )
    for name in menus if isinstance(menus, dict) else []:
        if name != "main":
            site.unmapped.append(f"menu.{name} (the theme shows menu.main only)")
    # Hugo sorts menus by weight, then by name.
    site.menu.sort(key=lambda e: (e.weight == 0, e.weight, e.name.lower()))
    site.typographer, site.unsafe = goldmark_switches(raw)
    site.rss_limit = rss_limit(raw, where, files)
    site.time_zone = time_zone(raw, where, files)
    site.pager_size, site.pager_path = pagination(raw, where, files)
    site.feed_outputs = feed_outputs(raw, site.unmapped)
    theme = raw.get("theme") or []
    site.themes = [str(t) for t in (theme if isinstance(theme, list) else [theme]) if t]
    site.themes_dir = str(raw.get("themesdir") or "themes")
    return site


#: Hugo's own output formats: (media type, base name); HTML and RSS are ours too.
BUILT_IN_FORMATS = {
    "html": ("text/html", "index"),
    "rss": ("application/rss+xml", "index"),
    "json": ("application/json", "index"),
    "calendar": ("text/calendar", "index"),
    "csv": ("text/csv", "index"),
    "amp": ("text/html", "index"),
    "robots": ("text/plain", "robots"),
    "sitemap": ("application/xml", "sitemap"),
}
FEED_MEDIA_TYPES = {"application/atom+xml": "atom", "application/feed+json": "json"}


def feed_outputs(raw: dict[str, Any], unmapped: list[str]) -> dict[str, dict[str, str]]:
    """The Atom and JSON feeds a site's [outputs] declares, by page kind: {kind:
    {format: file}}, the file as Hugo names it (baseName, suffix, path). Any
    other output beyond HTML and RSS is named in ``unmapped``."""
    outputs = _table(raw.get("outputs"))
    formats = _table(raw.get("outputformats"))
    media = _table(raw.get("mediatypes"))
    found: dict[str, dict[str, str]] = {}
    for kind, names in outputs.items():
        names = names if isinstance(names, list) else [names]
        for name in (str(n).lower() for n in names):
            if name in ("html", "rss"):
                continue
            own = _table(formats.get(name))
            media_type, base = BUILT_IN_FORMATS.get(name, ("", "index"))
            media_type = str(own.get("mediatype") or media_type).lower()
            base = str(own.get("basename") or base)
            fmt = FEED_MEDIA_TYPES.get(media_type)
            if fmt is None:
                unmapped.append(
                    f"outputs.{kind} {name} ({media_type or 'no media type'}): drawn by the "
                    "Hugo theme's own template; only Atom and JSON Feed outputs are written"
                )
                continue
            if kind not in ("home", "section", "term"):
                unmapped.append(
                    f"outputs.{kind} {name}: feeds are written for the home page, "
                    "sections and terms only"
                )
                continue
            declared = _table(media.get(media_type))
            suffixes = declared.get("suffixes") or [declared.get("suffix")]
            suffix = suffixes[0] if suffixes and suffixes[0] else media_type.rsplit("+", 1)[-1]
            folder = str(own.get("path") or "").strip("/")
            file = f"{folder}/{base}.{suffix}" if folder else f"{base}.{suffix}"
            if any(part in ("", ".", "..") for part in file.split("/")):
                unmapped.append(f"outputs.{kind} {name}: its file {file!r} leaves its folder")
                continue
            found.setdefault(kind, {})[fmt] = file
    return found


def pagination(raw: dict[str, Any], where: str, files) -> tuple[int, str]:
    """Items per list page and the folder of the later pages, as Hugo reads them:
    [pagination] pagerSize and path (Hugo 0.128), else paginate and paginatePath."""
    table = _table(raw.get("pagination"))
    size = table.get("pagersize", raw.get("paginate", 10))
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise HugoError(
            where,
            f"the pager size {size!r} is not a whole number above 0",
            "Write [pagination] pagerSize = 10",
            _line_of(files, "paginate") or _line_of(files, "agerSize"),
        )
    path = table.get("path", raw.get("paginatepath", "page"))
    if not isinstance(path, str) or not re.fullmatch(r"[\w-]+", path):
        raise HugoError(
            where,
            f"the pagination path {path!r} is not one folder name",
            "Write [pagination] path = 'page'",
            _line_of(files, "ath"),
        )
    return size, path


def time_zone(raw: dict[str, Any], where: str, files) -> str:
    """Hugo's timeZone, an IANA name; unset (or "Local", which depends on the
    machine that built the site) reads dates without an offset as UTC."""
    zone = raw.get("timezone") or "UTC"
    if not isinstance(zone, str):
        raise HugoError(where, f"timeZone {zone!r} is not a name", "Write timeZone = 'UTC'")
    if zone == "Local":
        return "UTC"
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise HugoError(
            where,
            f"timeZone {zone!r} is not a time zone this machine knows",
            "Use an IANA name such as 'Europe/Oslo' or 'UTC'",
            _line_of(files, zone),
        ) from None
    return zone


def rss_limit(raw: dict[str, Any], where: str, files) -> int:
    """Items per RSS feed, as Hugo reads it: services.rss.limit, else rssLimit;
    -1 (Hugo's default) and 0 mean every page."""
    service = _table(_table(raw.get("services")).get("rss")).get("limit")
    limit = service if service is not None else raw.get("rsslimit", -1)
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise HugoError(
            where,
            f"the RSS limit {limit!r} is not a whole number",
            "Write [services.rss] limit = 20, or -1 for every page",
            _line_of(files, "limit"),
        )
    return -1 if limit < 1 else limit


def goldmark_switches(raw: dict[str, Any]) -> tuple[bool, bool]:
    """(typographer, unsafe) from a (lowercased) Hugo configuration, with Hugo's defaults."""
    goldmark = _table(_table(raw.get("markup")).get("goldmark"))
    typographer = _table(goldmark.get("extensions")).get("typographer", True)
    if isinstance(typographer, dict):  # Hugo 0.112 and later: [...typographer] disable = true
        typographer = not typographer.get("disable", False)
    unsafe = _table(goldmark.get("renderer")).get("unsafe", False)
    return typographer is not False, unsafe is True


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _parse(path: Path, shown: str) -> Any:
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".toml":
            return tomllib.loads(text)
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text) or {}
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+)", str(err))
        problem = re.sub(r"\s*\(at line.*\)$", "", str(err))
        raise HugoError(
            shown,
            f"the Hugo configuration is not valid TOML ({problem})",
            "Correct the file; `hugo config` shows how Hugo reads it",
            int(found[1]) if found else None,
        ) from None
    except json.JSONDecodeError as err:
        raise HugoError(
            shown,
            f"the Hugo configuration is not valid JSON ({err.msg})",
            "Correct the file",
            err.lineno,
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise HugoError(
            shown,
            f"the Hugo configuration is not valid YAML ({getattr(err, 'problem', err)})",
            "Correct the file; `hugo config` shows how Hugo reads it",
            mark.line + 1 if mark else None,
        ) from None


def _shown(path: Path, found: Path, shown: str | None) -> str:
    if shown is None:
        return str(path)
    return shown if found.is_file() else f"{shown.rstrip('/')}/{path.name}"


def _lower(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): _lower(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower(v) for v in value]
    return value


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _string(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _line_of(files: list[Path], needle: str) -> int | None:
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number
    return None
