"""Pelican glue: a generator that writes the feeds after the essays are written."""

from __future__ import annotations

import logging
import mimetypes
import os
import re
import shutil
from dataclasses import replace
from functools import partial
from urllib.parse import urljoin, urlsplit

from build_cache import side_process
from build_cache.side_process import SideProcess
from build_cache.storage import retire
from front_matter.paths import display_path
from front_matter.settings import resolve as front_matter_settings
from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join, truncate_html_words
from pelican.writers import Writer

from .ids import entry_id
from .memo import FeedMemo
from .model import Entry, Feed, first_image, for_feeds, xml_safe
from .settings import MEDIA_TYPES, feed_paths, resolve
from .writers import Made, atom, json_feed, rss

logger = logging.getLogger(__name__)
STATIC = os.path.join(os.path.dirname(__file__), "static")
WRITERS = {"atom": atom, "rss": rss, "json": json_feed}
TITLES = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}
MEMO_FOLDER = "feed-html"
RETIRED = ["feed-html.entry"]  # where an earlier version kept it: deleted when found
html_tags = re.compile(r"<[^>]*>")
# Other plugins' taxonomies (a Hugo site's series), put in the context once
# essays are read: each a dict with "name" (plural, as "series"), "label"
# ("Essays in the series"), "terms" ([(term, essays)], each term with a name,
# slug and url), "feed" (RSS path with {slug}), "list_feed" and "list_url".
MORE_TERMS = "FEEDS_MORE_TERMS"


class FeedsGenerator(Generator):
    """Writes site, tag and category feeds in every format asked for.

    With two or more worker processes allowed (front_matter's
    ``RENDER_WORKERS``), the feeds are written in a copy of the build, started
    once everything is read, while the build writes the pages; what the copy
    asked of the writer is asked again here when it is done (see
    :class:`_Recording`).
    """

    side: SideProcess | None = None

    def generate_context(self) -> None:
        self.options = resolve(self.settings)

    def _open_memo(self) -> None:
        self.memo = _memo(self.settings.get("CACHE_PATH") or "cache")

    def start_aside(self, pelican) -> None:
        """Write the feeds in a side process, if the build may use one."""
        workers = front_matter_settings(self.settings)["RENDER_WORKERS"]
        if workers < 2 or not self.context.get("articles") or not side_process.available():
            return
        self._open_memo()
        self.side = _running["side"] = SideProcess(partial(self._write_aside, pelican), "feeds")

    def _write_aside(self, pelican) -> tuple[list, tuple]:
        writers = [w for _, w in signals.get_writer.send(pelican) if isinstance(w, type)]
        writer = (writers[0] if writers else Writer)(self.output_path, settings=self.settings)
        recording = _Recording(writer)
        self._write_feeds(recording)
        return recording.calls, self.memo.taken()

    def generate_output(self, writer) -> None:
        options = self.options
        if options["ID_AUTHORITY_GUESSED"] and self.settings.get("SITEURL"):
            logger.warning(
                "feeds: FEEDS_ID_AUTHORITY is not set, so entry ids use %s; set it "
                "in pelicanconf.py so they survive a change of domain",
                options["ID_AUTHORITY"],
            )
        side, self.side = self.side, None
        _running["side"] = None
        if side is None:
            self._open_memo()
        try:
            if side is not None:
                calls, taken = side.join()
                self.memo.absorb(taken)
                logger.info("feeds: written in a second process while the pages were")
                if self._replay(calls, writer):
                    return
            self._write_feeds(writer)
        finally:
            self.memo.save()

    def _replay(self, calls: list, writer) -> bool:
        """Ask ``writer`` what the side process asked of its own copy; False when a
        file it found it could keep is no longer there to keep (write them all)."""
        reuse = getattr(writer, "reuse", None)
        written = getattr(writer, "written", None)
        essays = {a.source_path: a for a in self.context.get("articles", [])}
        for kind, path, key, sources in calls:
            if kind == "reuse":
                if reuse is None or not reuse(path, key):
                    return False
            elif written is not None:
                if any(source not in essays for source in sources):
                    return False
                written(path, key, [essays[source] for source in sources])
        return True

    def _write_feeds(self, writer) -> None:
        options = self.options
        articles = sorted(self.context.get("articles", []), key=lambda a: a.date, reverse=True)
        entries: dict[int, Entry] = {}
        complained: set[int] = set()  # entries that logged a warning: never kept
        sitename = self.settings.get("SITENAME", "")
        subtitle = self.settings.get("SITESUBTITLE", "") or sitename
        # A writer that keeps files (the incremental plugin's) is asked first,
        # with the essays each feed shows; an entry is made only when needed.
        reuse = getattr(writer, "reuse", None)
        written = getattr(writer, "written", None)
        made = Made()  # each entry's Atom and RSS XML and JSON text, made once

        def newest(items, limit=options["FEEDS_MAX_ITEMS"]):
            ordered = sorted(items, key=lambda a: a.date, reverse=True)
            return ordered if limit is None else ordered[:limit]

        copy_limit = options["FEEDS_RSS_COPY_MAX_ITEMS"]
        copy_limit = {None: options["FEEDS_MAX_ITEMS"], -1: None}.get(copy_limit, copy_limit)
        by_permalink = options["FEEDS_RSS_COPY_GUID"] == "permalink"
        permalinked: dict[int, Entry] = {}

        def copied(chosen):
            """The entries of a copy at another address: with the item's address as
            its guid when the site asks (Hugo's), one Entry per essay for all copies."""
            made_entries = essays(chosen)
            if not by_permalink:
                return made_entries
            for article, entry in zip(chosen, made_entries, strict=True):
                if id(article) not in permalinked:
                    permalinked[id(article)] = replace(entry, id=entry.url, id_is_permalink=True)
            return [permalinked[id(a)] for a in chosen]

        def essays(chosen):
            for article in chosen:
                if id(article) not in entries:
                    entries[id(article)], warned = self._entry(article)
                    if warned:
                        complained.add(id(article))
            return [entries[id(a)] for a in chosen]

        def kept(path, key) -> bool:
            return bool(reuse and reuse(path, key))

        def wrote(path, key, chosen) -> None:
            if written and not any(id(a) in complained for a in chosen):
                written(path, key, chosen)

        copies = options["FEEDS_RSS_PATHS"] or {}
        other_copies = options["FEEDS_COPY_PATHS"] or {}

        def copies_of(kind, rss_pattern=None):
            """(format, pattern) of each copy of a kind of feed at another address."""
            rss_pattern = rss_pattern or copies.get(kind)
            found = [("rss", rss_pattern)] if rss_pattern else []
            return found + sorted((other_copies.get(kind) or {}).items())

        home = options["BASE_URL"] + "/"
        plans = [("site", None, sitename, subtitle, home, articles, copies_of("site"))]
        for kind, groups in (("tag", "tags"), ("category", "categories")):
            label = "Essays on" if kind == "tag" else "Essays in"
            for item, items in self.context.get(groups, []):
                plans.append(
                    (
                        kind,
                        item.slug,
                        f"{sitename}: {label} {item}",
                        f"{label} {item}, from {sitename}",
                        f"{options['BASE_URL']}/{item.url}",
                        items,
                        copies_of(kind),
                    )
                )
        more = self.context.get(MORE_TERMS) or []
        for taxonomy in more:
            for item, items in taxonomy["terms"]:
                plans.append(
                    (
                        taxonomy["name"],
                        item.slug,
                        f"{sitename}: {taxonomy['label']} {item}",
                        f"{taxonomy['label']} {item}, from {sitename}",
                        f"{options['BASE_URL']}/{item.url}",
                        items,
                        copies_of(taxonomy["name"], taxonomy["feed"]),
                    )
                )
        if copies_of("section"):
            sections: dict[str, list] = {}
            for article in articles:
                folders = article.relative_source_path.replace(os.sep, "/").split("/")
                if len(folders) > 1:
                    sections.setdefault(folders[0], []).append(article)
            for section, items in sorted(sections.items()):
                plans.append(
                    (
                        "section",
                        section,
                        f"{sitename}: {section}",
                        f"{section}, from {sitename}",
                        f"{options['BASE_URL']}/{section}/",
                        items,
                        copies_of("section"),
                    )
                )
        for kind, slug, title, description, home, items, patterns in plans:
            paths = feed_paths(options, kind, slug) if kind in ("site", "tag", "category") else {}
            # The same feed at other addresses: what a moved site's subscribers follow.
            moved_to = [
                (fmt, pattern.format(slug=slug, section=slug).lstrip("/"))
                for fmt, pattern in patterns
            ]
            if not paths and not moved_to:
                continue
            urls = {fmt: f"{options['BASE_URL']}/{path}" for fmt, path in paths.items()}
            chosen = newest(items)
            copy_chosen = newest(items, copy_limit) if moved_to else []
            # What each file is made from besides its essays (the settings
            # and this code are the writer's to know).
            head = (kind, slug, title, description, home)
            key = repr((*head, [a.source_path for a in chosen]))
            copy_key = repr((*head, [a.source_path for a in copy_chosen]))
            wanted = {fmt: path for fmt, path in paths.items() if not kept(path, key)}
            moved_to = [(fmt, path) for fmt, path in moved_to if not kept(path, copy_key)]
            if not wanted and not moved_to:
                continue
            feed = Feed(
                id=urls.get("atom") or next(iter(urls.values()), ""),
                title=title,
                subtitle=description,
                home_url=home,
                language=self.settings.get("DEFAULT_LANG", "en"),
                authors=[self.settings.get("AUTHOR") or sitename],
                entries=essays(chosen),
                urls=urls,
                stylesheet=self._stylesheet_href(),
            )
            for fmt, path in wanted.items():
                _write(self.output_path, path, WRITERS[fmt](feed, made))
                wrote(path, key, chosen)
            for fmt, path in moved_to:
                moved = replace(
                    feed,
                    urls={fmt: f"{options['BASE_URL']}/{path}"},
                    entries=copied(copy_chosen),
                )
                moved.id = moved.urls[fmt] if not paths else feed.id
                _write(self.output_path, path, WRITERS[fmt](moved, made))
                wrote(path, copy_key, copy_chosen)
        lists = [
            (
                groups,
                self.context.get(groups, []),
                self.settings.get(f"{groups.upper()}_URL", f"{groups}/"),
                copies.get(groups),
            )
            for groups in ("tags", "categories")
        ]
        lists += [(t["name"], t["terms"], t["list_url"], t["list_feed"]) for t in more]
        for groups, terms, listing, path in lists:
            if path:
                self._write_term_list(groups, terms, listing, path.lstrip("/"), kept, wrote)
        if options["FEEDS_STYLESHEET"]:
            target = os.path.join(self.output_path, options["FEEDS_STYLESHEET"])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(STATIC, "feed.xsl"), target)

    def _write_term_list(self, groups: str, listed, listing: str, path: str, kept, wrote) -> None:
        """The RSS of a taxonomy's terms, as Hugo writes one at /tags/index.xml: an
        item per term (its page's address as link and guid), dated by its newest
        essay, newest first."""
        base = self.options["BASE_URL"]
        sitename = self.settings.get("SITENAME", "")
        terms = [(item, max(a.date for a in items)) for item, items in listed]
        terms.sort(key=lambda pair: pair[1], reverse=True)
        key = repr((groups, [(str(item), item.url, date.isoformat()) for item, date in terms]))
        if kept(path, key):
            return
        entries = [
            Entry(
                id=f"{base}/{item.url}",
                url=f"{base}/{item.url}",
                title=str(item),
                content_html="",
                summary_html="",
                published=date,
                updated=date,
                id_is_permalink=True,
            )
            for item, date in terms
        ]
        feed = Feed(
            id=f"{base}/{path}",
            title=f"{groups.capitalize()} on {sitename}",
            subtitle=f"Recent {groups} on {sitename}",
            home_url=f"{base}/{listing}",
            language=self.settings.get("DEFAULT_LANG", "en"),
            authors=[self.settings.get("AUTHOR") or sitename],
            entries=entries,
            urls={"rss": f"{base}/{path}"},
            stylesheet=self._stylesheet_href(),
        )
        _write(self.output_path, path, rss(feed))
        wrote(path, key, [])

    def _stylesheet_href(self) -> str | None:
        # Browsers apply only a same-origin stylesheet: a root-relative path is.
        path = self.options["FEEDS_STYLESHEET"]
        if not path:
            return None
        return urlsplit(self.options["BASE_URL"]).path.rstrip("/") + "/" + path

    def _entry(self, article) -> tuple[Entry, bool]:
        """The article's feed entry, and whether making it logged a warning."""
        options = self.options
        base = options["BASE_URL"]
        url = f"{base}/{article.url}"
        source = display_path(article.source_path)
        # Not article.content: that follows whichever page Pelican wrote last
        # (its relative URLs); ask for links made against the feed's base.
        full = article.get_content(base)
        given = article.metadata.get("summary") or ""
        length = self.settings.get("SUMMARY_MAX_LENGTH") or 60
        suffix = self.settings.get("SUMMARY_END_SUFFIX", "…")

        def make() -> tuple[str, str, str]:
            summary = given or truncate_html_words(full, length, suffix)
            summary = for_feeds(summary, url) if summary else ""
            return for_feeds(full, url), summary, _plain(summary)

        content, summary, summary_text = self.memo.get(
            (full, url, given, str(length), suffix), make
        )
        if not options["FEEDS_FULL_CONTENT"]:
            content = f'{summary}<p><a href="{url}">Read the essay</a></p>'
        fields = dict(article.url_format, url=article.url)
        dropped = False
        title, bad = xml_safe(article.title)
        dropped |= bad
        content, bad = xml_safe(content)
        dropped |= bad
        summary, bad = xml_safe(summary)
        dropped |= bad
        if dropped:
            logger.warning(
                "%s: control characters that feeds cannot carry were dropped from its "
                "feed entry; remove them from the file",
                source,
            )
        image = getattr(article, "image", None)
        if isinstance(image, str) and image.strip():
            image = image.strip()
            rooted = image.startswith("/") and not image.startswith("//")
            image = base + image if rooted else urljoin(url, image)
        else:
            image = first_image(content)
        if image and urlsplit(image).scheme not in ("http", "https"):
            image = None  # a javascript: or data: image (front matter) reaches no feed
        entry = Entry(
            id=entry_id(
                own_id=getattr(article, "feed_id", None),
                authority=options["ID_AUTHORITY"],
                published=article.date,
                key=getattr(article, "path_filename", None) or article.slug,
                legacy_pattern=options["FEEDS_LEGACY_ID"],
                legacy_until=options["FEEDS_LEGACY_UNTIL"],
                fields=fields,
            ),
            url=url,
            title=title,
            content_html=content,
            summary_html=summary,
            summary_text=summary_text,
            published=article.date,
            updated=getattr(article, "modified", None) or article.date,
            authors=[str(author) for author in getattr(article, "authors", [])],
            tags=_terms(article),
            image=image,
            image_type=mimetypes.guess_type(image)[0] if image else None,
        )
        return entry, dropped


class _Recording:
    """The writer as the side process sees it.

    It asks whether a feed's file can be kept without moving it back, and
    notes each file it wrote; the build then asks its own writer the same
    (:meth:`FeedsGenerator._replay`), so the pages ledger lives in one process.
    """

    def __init__(self, writer) -> None:
        self._reusable = getattr(writer, "reusable", None)
        self._notes = callable(getattr(writer, "written", None))
        self.calls: list[tuple[str, str, str, tuple[str, ...]]] = []

    def reuse(self, path: str, key: str) -> bool:
        if self._reusable is None or not self._reusable(path, key):
            return False
        self.calls.append(("reuse", path, key, ()))
        return True

    def written(self, path: str, key: str, contents=()) -> None:
        if self._notes:
            self.calls.append(("written", path, key, tuple(c.source_path for c in contents)))


# The feeds generator of the build being read, until its side process starts;
# the side process, until the build joins it.
_reading: dict[str, FeedsGenerator | None] = {"generator": None}
_running: dict[str, SideProcess | None] = {"side": None}


def stop_abandoned(pelican) -> None:
    """A build that failed before joining its feeds' side process (the preview
    goes on after a failed build): end that process before this build writes."""
    side, _running["side"] = _running["side"], None
    _reading["generator"] = None
    if side is not None:
        side.stop()


def remember_generator(generators) -> None:
    found = [g for g in generators if isinstance(g, FeedsGenerator)]
    _reading["generator"] = found[0] if found else None


def write_aside(pelican) -> None:
    """Everything is read and the writer is being made: start the feeds beside it.

    Returns None: this receiver chooses no writer (Pelican ignores it).
    """
    generator, _reading["generator"] = _reading["generator"], None
    if generator is not None:
        generator.start_aside(pelican)


_memos: dict[str, FeedMemo] = {}  # kept in memory too, for the preview server


def _memo(cache: str) -> FeedMemo:
    path = os.path.join(cache, MEMO_FOLDER)
    memo = _memos.get(path)
    if memo is None:
        retire(cache, RETIRED)
        memo = _memos[path] = FeedMemo(path)
        memo.load()
    memo.begin()
    return memo


def _plain(html: str) -> str:
    """A summary as plain text (JSON Feed's summary), as the theme's descriptions
    make it (the reading plugin's; a bare tag strip without that plugin)."""
    try:
        from reading.plain import plain_text
    except ImportError:
        return " ".join(html_tags.sub(" ", html).split())
    return plain_text(html)


def _terms(article) -> list[str]:
    terms = [str(tag) for tag in getattr(article, "tags", [])]
    category = getattr(article, "category", None)
    shown = getattr(article, "category_shown", True)  # False: an invented one
    if category is not None and shown and str(category) not in terms:
        terms.insert(0, str(category))
    return terms


def _write(output_path: str, relative: str, data: bytes | str) -> None:
    """Write a feed at ``relative`` under the output folder, never outside it
    (Pelican's sanitised_join refuses a path that climbs out)."""
    path = sanitised_join(output_path, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as handle:
        handle.write(data)


def feed_links(settings, kind: str = "site", item=None) -> list[dict[str, str]]:
    """For templates: the feeds of the site, or of a tag or category, to link to."""
    options = resolve(settings)
    paths = feed_paths(options, kind, getattr(item, "slug", None))
    name = (
        settings.get("SITENAME", "") if item is None else f"{settings.get('SITENAME', '')}: {item}"
    )
    return [
        {
            "href": f"{options['LINK_PREFIX']}/{path}",
            "type": MEDIA_TYPES[fmt],
            "title": f"{name} ({TITLES[fmt]})",
            "format": fmt,
        }
        for fmt, path in paths.items()
    ]


def add_template_function(generator) -> None:
    generator.env.globals["feed_links"] = partial(feed_links, generator.settings)


def get_generators(pelican):
    # A list: asked if a bare class is Iterable, Python walks every ABC (19 ms).
    return [FeedsGenerator]


def register() -> None:
    signals.generator_init.connect(add_template_function)
    signals.get_generators.connect(get_generators)
    signals.initialized.connect(stop_abandoned)
    signals.all_generators_finalized.connect(remember_generator)
    signals.get_writer.connect(write_aside)
