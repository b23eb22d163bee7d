"""Pelican glue: claim every output path once the content is read; refuse the rest.

Runs once essays and pages are read, before anything is written: the site's
own pages are reserved, then each essay and page claims its path, then (when
every generator has its context) each static file and redirect. One whose
path would leave the output folder, or that another already holds, is
logged as an error naming both and is not written (the writer asks
:func:`refused`); the publish guard then fails the publish build.
"""

from __future__ import annotations

import fnmatch
import logging
import os

from front_matter.paths import (
    OutsideOutput,
    allowed_roots,
    clean_relative,
    display_path,
    is_inside,
    link_escape,
)
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from .claims import Claims
from .settings import resolve

logger = logging.getLogger(__name__)
_state: dict = {"claims": Claims()}
_refused_sources: set[str] = set()

ARTICLE_KINDS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
PAGE_KINDS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def claims() -> Claims:
    """This build's claims: plugins that write files of their own claim them here."""
    return _state["claims"]


def start(pelican) -> None:
    resolve(pelican.settings)  # a bad setting stops the build before it reads
    _state["claims"] = Claims()
    _refused_sources.clear()


def scan(top: str) -> tuple[list[str], list[str]]:
    """(symbolic links, Markdown files) under ``top``, in one walk that follows no
    link; ``os.scandir`` knows a link from the directory entry, with no extra call
    for each file."""
    links: list[str] = []
    markdown: list[str] = []
    pending = [top]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                links.append(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif entry.name.endswith((".md", ".markdown")):
                markdown.append(entry.path)
    return links, markdown


def outside_links(links: list[str], roots: list[str]) -> list[tuple[str, str]]:
    """(link, where it leads) for each link that leads outside ``roots`` (or loops,
    or leads nowhere)."""
    found = []
    for path in links:
        escape = link_escape(path, roots)
        if escape is not None:
            found.append((path, escape))
    return sorted(found)


def report_outside_links(settings: dict, content_links: list[str]) -> None:
    """Name each link in the content, the theme or a static folder that leads out of
    the project.

    Essays (the reader) and static files (the claims) behind such a link are
    refused; this names every one, data and bibliography files included, so
    the publish build fails on any of them. An essay's is named by the reader.
    """
    links = list(content_links)
    for top in [settings.get("THEME") or "", *(settings.get("STATIC_ROOT_DIRS") or [])]:
        if top and os.path.isdir(top):  # Hugo's static/, say
            links += scan(top)[0]
    for path, escape in outside_links(links, allowed_roots(settings)):
        if not path.endswith(".md"):
            logger.error(
                "%s: a link to %s, outside the project; it is not published. Copy "
                "the file into the project, or add its folder to LINK_TARGETS_ALLOWED",
                display_path(path),
                escape,
            )


def reserved_outputs(settings: dict, generators) -> list[tuple[str, str]]:
    """(path, owner) for every file the site writes for itself, whatever the content says."""
    out: list[tuple[str, str]] = []
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            out.append((save_as, f"the site's {name} page"))
    terms = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            terms += [("tag", tag) for tag in generator.tags]
            terms += [("category", category) for category, _ in generator.categories]
            terms += [("author", author) for author, _ in generator.authors]
    for kind, term in terms:
        if getattr(term, "save_as", ""):
            out.append((term.save_as, f"the {kind} page for {term}"))
    out += _feed_outputs(settings, terms)
    out += _plugin_pages(settings)
    static_dir = settings.get("THEME_STATIC_DIR", "theme")
    theme = settings.get("THEME", "")
    for folder in settings.get("THEME_STATIC_PATHS", ["static"]):
        root = os.path.join(theme, folder)
        for here, _, names in os.walk(root):
            for name in names:
                relative = os.path.relpath(os.path.join(here, name), root)
                out.append((os.path.join(static_dir, relative), "the theme's files"))
    return out


#: Pages other plugins write at an address from their settings: (module, setting, owner).
PLUGIN_PAGES = (
    ("bibliography.settings", "BIBLIOGRAPHY_SOURCES_PAGE", "the page of sources"),
    ("leaderboard.settings", "LEADERBOARD_DATA_PAGE", "the page of datasets"),
)


def _plugin_pages(settings: dict) -> list[tuple[str, str]]:
    import importlib

    out = []
    for module_name, name, owner in PLUGIN_PAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # that plugin is not on this site
            continue
        path = module.resolve(settings).get(name)
        if path:
            out.append((path + "index.html" if path.endswith("/") else path, owner))
    return out


def _feed_outputs(settings: dict, terms) -> list[tuple[str, str]]:
    try:
        from feeds.settings import feed_paths, resolve
    except ImportError:  # the feeds plugin is not on this site
        return []
    options = resolve(settings)
    out = [(path, "the site's feeds") for path in feed_paths(options, "site").values()]
    for kind, term in terms:
        if kind in ("tag", "category"):
            for path in feed_paths(options, kind, term.slug).values():
                out.append((path, f"the feeds of the {kind} {term}"))
    if options.get("FEEDS_STYLESHEET"):
        out.append((options["FEEDS_STYLESHEET"], "the feeds' stylesheet"))
    return out


def _contents(generators) -> list:
    """Every essay and page, in the order they claim: pages (the site's fixed
    places) first, then essays from the oldest, which held its address first."""
    pages, essays = [], []
    for generator in generators:
        if isinstance(generator, PagesGenerator):
            pages += [item for kind in PAGE_KINDS for item in getattr(generator, kind, [])]
        elif isinstance(generator, ArticlesGenerator):
            essays += [item for kind in ARTICLE_KINDS for item in getattr(generator, kind, [])]
    pages.sort(key=lambda item: item.source_path)
    essays.sort(key=lambda item: (str(getattr(item, "date", "")), item.source_path))
    return pages + essays


def note_articles(generator: ArticlesGenerator) -> None:
    _state["articles"] = generator


def claim_contents(pages: PagesGenerator) -> None:
    """Once essays and pages are read (before any plugin's generator looks at
    them): reserve the site's own files, then let each essay and page claim its path."""
    generators = [g for g in (_state.pop("articles", None), pages) if g is not None]
    registry = claims()
    for path, owner in reserved_outputs(pages.settings, generators):
        registry.reserve(path, owner)
    for item in _contents(generators):
        _claim(registry, item, "Change its url, slug or save_as in the front matter")
    # One walk of the content folder for both reports, once the hugo plugin has
    # added its static/ folder and section paths.
    content = pages.settings.get("PATH") or "content"
    links, markdown = scan(content) if os.path.isdir(content) else ([], [])
    report_outside_links(pages.settings, links)
    report_unread_markdown(pages.settings, markdown)


def unread_markdown(settings: dict, markdown: list[str]) -> list[str]:
    """Those of the content folder's Markdown files (``markdown``, from :func:`scan`)
    that no essay, page or static folder takes, so the build would pass them over
    without a word."""
    content = settings.get("PATH") or "content"
    roots = [
        r.strip("/")
        for key in ("ARTICLE_PATHS", "PAGE_PATHS", "STATIC_PATHS")
        for r in settings.get(key) or []
    ]
    if "" in roots or "." in roots:
        return []
    ignored = settings.get("IGNORE_FILES") or []
    found = []
    for path in markdown:
        relative = os.path.relpath(path, content).replace(os.sep, "/")
        if any(relative == root or relative.startswith(root + "/") for root in roots):
            continue
        if any(fnmatch.fnmatch(part, p) for part in relative.split("/") for p in ignored):
            continue
        found.append(relative)
    return sorted(found)


def report_unread_markdown(settings: dict, markdown: list[str]) -> None:
    essays = ", ".join(settings.get("ARTICLE_PATHS") or []) or "none"
    pages = ", ".join(settings.get("PAGE_PATHS") or []) or "none"
    for relative in unread_markdown(settings, markdown):
        logger.warning(
            "%s: a Markdown file outside the essay folders (%s) and page folders (%s), "
            "so it is not built. Move it into one, or add its folder to ARTICLE_PATHS "
            "or PAGE_PATHS in pelicanconf.py",
            display_path(os.path.join(settings.get("PATH") or "content", relative)),
            essays,
            pages,
        )


def claim_the_rest(generators) -> None:
    """Once every generator has its context: static files, then redirects."""
    registry = claims()
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            roots = allowed_roots(generator.settings)
            kept = [
                s
                for s in generator.staticfiles
                if _inside_project(s, roots) and _claim(registry, s, "Rename or move the file")
            ]
            generator.staticfiles[:] = kept
    for generator in generators:
        redirects = getattr(generator, "redirects", None)  # the alias_redirects plugin's
        if isinstance(redirects, list):
            redirects[:] = [r for r in redirects if _claim_redirect(registry, r)]


def _claim(registry: Claims, item, hint: str) -> bool:
    save_as = getattr(item, "save_as", "")
    if not save_as:
        return True
    source = display_path(item.source_path)
    try:
        path = clean_relative(save_as, what="its output path")
    except OutsideOutput as err:
        return _refuse(item, f"{source}: {err}; it is not written. {hint}")
    earlier = registry.claim(path, source)
    if earlier is not None:
        return _refuse(
            item,
            f"{source}: its output {path} is already written by {earlier}; "
            f"{earlier} keeps it and {source} is not written. {hint}",
        )
    return True


def _inside_project(static, roots: list[str]) -> bool:
    """Whether a static file really lives in the project (the link was named at the start)."""
    return link_escape(static.source_path, roots) is None


def _claim_redirect(registry: Claims, redirect) -> bool:
    if redirect.source in _refused_sources:
        return False  # its essay is not written: a redirect to it would mislead
    earlier = registry.claim(redirect.save_as, f"{redirect.source}'s alias {redirect.alias}")
    if earlier is None:
        return True
    logger.error(
        "%s: alias %r would replace %s, which %s writes; no redirect is written there. "
        "Remove the alias",
        redirect.source,
        redirect.alias,
        redirect.save_as,
        earlier,
    )
    return False


def _refuse(item, message: str) -> bool:
    logger.error("%s", message)
    item.output_refused = message
    _refused_sources.add(display_path(item.source_path))
    return False


def refused(kwargs: dict) -> bool:
    """Whether the essay or page a writer call is for was refused its path."""
    item = kwargs.get("article") or kwargs.get("page")
    return item is not None and bool(getattr(item, "output_refused", None))


def check_target(output_path: str, filename: str) -> bool:
    """Whether ``filename`` may be written: inside the output folder, by components."""
    if is_inside(output_path, filename):
        return True
    logger.error(
        "%s would be written outside the output folder %s; it is not written",
        filename,
        output_path,
    )
    return False


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_finalized.connect(note_articles)
    signals.page_generator_finalized.connect(claim_contents)
    signals.all_generators_finalized.connect(claim_the_rest)
