"""Pelican glue for Hugo sites: configuration, URLs, bundles, static/ and shortcodes.

The work is done by plain modules (:mod:`.config`, :mod:`.urls`,
:mod:`.layout`, :mod:`.shortcodes`, :mod:`.render`); this module connects
them to Pelican's signals and reports problems through Pelican's log.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import logging
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import blinker
from build_cache import codec
from front_matter.paths import display_path
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import escape
from pelican import signals
from pelican.contents import Article, Page, Static
from pelican.generators import Generator
from pelican.paginator import PaginationRule
from pelican.urlwrappers import Category, Tag, URLWrapper
from pelican.utils import strftime

from . import config as hugo_config
from . import layout as hugo_layout
from . import taxonomies as hugo_taxonomies
from . import urls
from .errors import HugoError
from .markdown_ext import ShortcodeExtension
from .render import ContentIndex, Renderer
from .sections import SectionPage, hugo_order
from .settings import resolve

logger = logging.getLogger(__name__)
HERE = os.path.dirname(__file__)
_state: dict = {"renderer": None, "content_root": None}
# Settings naming folders of the site's own pages (see _taken_folders).
OWN_FOLDERS = (
    "SEARCH_URL",
    "SUBSCRIBE_URL",
    "ARCHIVES_URL",
    "DATA_URL",
    "SOURCES_URL",
    "DRAFT_URL",
)


# What a kept essay body (front_matter's render cache) asks again on a later
# build: module-level functions, named to the cache's codec.
def site_context() -> dict:
    return _state["renderer"].site


def ref_target(path: str, relative: str) -> str:
    return _state["renderer"].index.resolve(path, relative)


def file_there(url: str, source_path: str) -> bool:
    return _file_exists(url, source_path)


codec.allow(site_context, ref_target, file_there)

GOLDMARK = "hugo.goldmark"  # by name, so that a reader without this plugin loaded finds it
_EXTENSION = ShortcodeExtension(
    lambda: _state, {"site": site_context, "ref": ref_target, "file": file_there}
)


def start(pelican) -> None:
    """Read the Hugo configuration and content layout; set up shortcodes."""
    settings = pelican.settings
    options = resolve(settings)
    content = settings["PATH"]
    project = os.path.dirname(os.path.abspath(content))
    _state.update(
        problems=[], site=None, content_root=content, report=[], told=set(), terms=[], taxonomies=[]
    )

    site = None
    if options["HUGO_CONFIG"]:
        if options["HUGO_CONFIG"] == "auto":
            found = hugo_config.find(project)
        else:
            found = Path(project, options["HUGO_CONFIG"])
            if not found.exists():
                _state["problems"].append(
                    f"{display_path(str(found))}: HUGO_CONFIG names a file that does not exist. "
                    "Correct the setting, or set it to None"
                )
                found = None
        if found is not None:
            try:
                site = hugo_config.read_site(found, display_path(str(found)))
            except HugoError as err:
                _state["problems"].append(str(err))
    _state["site"] = site

    ignored = settings.get("IGNORE_FILES", [])
    layout = hugo_layout.scan(content, lambda n: any(fnmatch.fnmatch(n, p) for p in ignored))
    _state["layout"] = layout
    _apply_layout(settings, layout, hugo_mode=site is not None)
    if site is not None:
        _apply_site(settings, site, options)

    static_dir = options["HUGO_STATIC_DIR"]
    static_root = os.path.join(project, static_dir) if static_dir else None
    _state["static_root"] = static_root if static_root and os.path.isdir(static_root) else None
    if _state["static_root"]:
        roots = settings.setdefault("STATIC_ROOT_DIRS", [])
        if _state["static_root"] not in roots:
            roots.append(_state["static_root"])

    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(os.path.join(settings["THEME"], "shortcodes")),
                FileSystemLoader(os.path.join(HERE, "templates", "shortcodes")),
            ]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    site_context = {
        "title": settings.get("SITENAME"),
        "params": (site.params if site else {}) or {},
        "baseurl": settings.get("SITEURL"),
    }
    extensions = settings["MARKDOWN"].setdefault("extensions", [])
    if _EXTENSION not in extensions:
        extensions.append(_EXTENSION)
    # Markdown as Goldmark renders it (pelicanconf.py names the extension): an
    # imported site's own switches, else Hugo's typographer on and raw HTML
    # kept (our own sites write it).
    configs = settings["MARKDOWN"].setdefault("extension_configs", {})
    if options["HUGO_GOLDMARK"]:
        typographer, unsafe = (site.typographer, site.unsafe) if site else (True, True)
        configs[GOLDMARK] = {"typographer": typographer, "unsafe": unsafe}
        if GOLDMARK not in extensions:
            extensions.append(GOLDMARK)
    else:
        configs.pop(GOLDMARK, None)
        extensions[:] = [e for e in extensions if e != GOLDMARK]
    # A shortcode's markdownify renders as the essays do (Hugo's uses the site's
    # Goldmark), with every extension but the shortcodes'.
    _state["renderer"] = Renderer(
        env,
        ContentIndex(layout.markdown),
        site_context,
        file_exists=lambda url, essay: _file_exists(url, essay.source_path),
        markdown_options={
            "extensions": [name for name in configs if isinstance(name, str)],
            "extension_configs": dict(configs),
            "output_format": settings["MARKDOWN"].get("output_format", "html5"),
        },
    )


def _apply_layout(settings, layout: hugo_layout.Layout, hugo_mode: bool) -> None:
    """Pages outside sections, sections as essays, bundles' files as static files."""
    pages = settings.setdefault("PAGE_PATHS", [])
    for path in layout.root_pages:
        if path not in pages:
            pages.append(path)
    if hugo_mode or "" in settings.get("ARTICLE_PATHS", [""]):
        page_tops = {p.strip("/").split("/", 1)[0] for p in pages}
        settings["ARTICLE_PATHS"] = [s for s in layout.sections if s not in page_tops]
    ignore = settings.setdefault("IGNORE_FILES", [])
    for name in hugo_layout.BRANCH:
        if name not in ignore:
            ignore.append(name)
    statics = settings.setdefault("STATIC_PATHS", [])
    for bundle in layout.bundles:
        if bundle not in statics:
            statics.append(bundle)
    if hugo_mode:
        # Hugo publishes every other file under content/ at its path (a CSV
        # beside the essays that link it); our own plugins' folders stay ours.
        own = {
            str(settings.get("BIBLIOGRAPHY_PATH") or "bibliography").strip("/"),
            str(settings.get("LEADERBOARD_DATA_PATH") or "data").strip("/"),
        }
        covered = [s.strip("/") for s in statics]
        for path in layout.loose:
            if path.split("/", 1)[0] in own:
                continue
            if any(path == s or path.startswith(s + "/") for s in covered if s):
                continue  # a folder the site already publishes (images/)
            statics.append(path)


def _apply_site(settings, site: hugo_config.HugoSite, options) -> None:
    """Settings a Hugo configuration gives: title, SITEURL, taxonomies, menu."""
    if site.title:
        settings["SITENAME"] = site.title
    # A date written without an offset means what it meant to Hugo: its
    # timeZone, or UTC (a permalink with :month or :day depends on it).
    settings["TIMEZONE"] = site.time_zone
    if site.base_url and options["HUGO_USE_BASEURL"]:
        settings["SITEURL"] = site.base_url.rstrip("/")
    if site.author:
        settings["AUTHOR"] = site.author
    if site.description:
        settings["SITESUBTITLE"] = site.description
    if site.language_code:
        settings["DEFAULT_LANG"] = site.language_code
    # Folders are sections in Hugo, never categories.
    settings["USE_FOLDER_AS_CATEGORY"] = False
    # Hugo's feed addresses keep working: RSS at index.xml beside each list.
    rss = {"site": "index.xml", "section": "{section}/index.xml"}
    # Tags and categories are Pelican's own; every other taxonomy (series) is
    # read from the front matter key of its plural by TermGenerator.
    names = {"tags": ("TAG", "TAGS", "tag"), "categories": ("CATEGORY", "CATEGORIES", "category")}
    _state["taxonomies"] = []
    for singular, plural in site.taxonomies.items():
        if plural in names:
            one, all_, kind = names[plural]
            settings[f"{one}_URL"] = f"{plural}/{{slug}}/"
            settings[f"{one}_SAVE_AS"] = f"{plural}/{{slug}}/index.html"
            settings[f"{all_}_URL"] = f"{plural}/"
            settings[f"{all_}_SAVE_AS"] = f"{plural}/index.html"
            rss[kind] = f"{plural}/{{slug}}/index.xml"
            rss[all_.lower()] = f"{plural}/index.xml"  # the list of terms
        elif not urls.term_path(plural)[0] or urls.term_path(plural)[1] or "/" in plural:
            site.unmapped.append(
                f"taxonomy {singular} = {plural!r} (its name is not one folder name)"
            )
        elif plural.lower() in _taken_folders(settings):
            # Its list of terms would be written over a page the site already has.
            _state["problems"].append(
                f"{site.path}: taxonomy {singular} = {plural!r}: /{plural}/ is already a "
                "section or one of the site's own pages, so its terms would be written over "
                "it. Give the taxonomy another plural in [taxonomies]"
            )
        else:
            _state["taxonomies"].append((singular, plural))
            if plural == "authors":
                # Hugo's authors taxonomy owns /authors/<name>/: our own author
                # pages step aside, and bylines link to the taxonomy's pages.
                settings["AUTHOR_SAVE_AS"] = settings["AUTHORS_SAVE_AS"] = ""
                settings["AUTHOR_URL"], settings["AUTHORS_URL"] = "authors/{slug}/", "authors/"
    _state["term_feeds"] = not settings.get("FEEDS_RSS_PATHS")
    if not settings.get("FEEDS_RSS_PATHS"):
        settings["FEEDS_RSS_PATHS"] = rss
        # Subscribers of the old site see no item twice and none missing: the
        # guid is the item's address, as Hugo's RSS writes it, and the feed
        # holds as many items as Hugo's did. Our own feeds keep their own ids.
        settings.setdefault("FEEDS_RSS_COPY_GUID", "permalink")
        settings.setdefault("FEEDS_RSS_COPY_MAX_ITEMS", site.rss_limit)
    if not settings.get("FEEDS_COPY_PATHS"):
        settings["FEEDS_COPY_PATHS"] = _feed_copies(site)
    settings["HUGO_MENU_ENTRIES"] = site.menu
    # Lists split into pages as Hugo splits them: /posts/page/2/ after /posts/.
    settings["DEFAULT_PAGINATION"] = site.pager_size
    settings["PAGINATION_PATTERNS"] = [
        PaginationRule(1, "{base_name}/", "{save_as}"),
        PaginationRule(
            2,
            f"{{base_name}}/{site.pager_path}/{{number}}/",
            f"{{base_name}}/{site.pager_path}/{{number}}/index.html",
        ),
    ]
    paginated = dict(settings.get("PAGINATED_TEMPLATES") or {})
    for name in ("index", "tag", "category", "section", "term"):
        paginated.setdefault(name, None)
    settings["PAGINATED_TEMPLATES"] = paginated


def _feed_copies(site: hugo_config.HugoSite) -> dict[str, dict[str, str]]:
    """The Atom and JSON feeds the site's [outputs] declares, at Hugo's addresses,
    as the feeds plugin's FEEDS_COPY_PATHS."""
    copies: dict[str, dict[str, str]] = {}
    for kind, formats in site.feed_outputs.items():
        if kind == "home":
            copies["site"] = dict(formats)
        elif kind == "section":
            copies["section"] = {fmt: f"{{section}}/{file}" for fmt, file in formats.items()}
        else:  # each term of every taxonomy
            for plural in site.taxonomies.values():
                key = {"tags": "tag", "categories": "category"}.get(plural, plural)
                copies[key] = {fmt: f"{plural}/{{slug}}/{file}" for fmt, file in formats.items()}
    return copies


def _taken_folders(settings) -> set[str]:
    """Top folders of the output the build writes besides a taxonomy's: the
    sections, and our own pages and files."""
    layout = _state.get("layout")
    taken = {s.lower() for s in (layout.sections if layout else [])}
    own = {key: settings.get(key) for key in OWN_FOLDERS}
    for value in own.values():
        folder = str(value or "").strip("/").split("/", 1)[0]
        if folder and "{" not in folder:
            taken.add(folder.lower())
    return taken | {"feeds", "page", "pagefind", "cards", "theme"}


def report_problems(generator) -> None:
    """Log what the configuration step found, once reading has started."""
    problems, _state["problems"] = _state.get("problems") or [], []
    for problem in problems:
        logger.error("%s", problem)
    site = _state.get("site")
    for item in site.unmapped if site else []:
        logger.warning("%s: not carried over: %s", site.path, item)


def _file_exists(url: str, source_path: str) -> bool:
    if "://" in url or url.startswith(("//", "data:", "{")):
        return True
    path = url.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        roots = [_state["content_root"]]
        if _state.get("static_root"):
            roots.append(_state["static_root"])
        return any(os.path.isfile(os.path.join(r, path.lstrip("/"))) for r in roots)
    return os.path.isfile(os.path.join(os.path.dirname(source_path), path))


def _facts(content) -> urls.PageFacts:
    relative = content.relative_source_path.replace(os.sep, "/")
    parts = relative.split("/")
    stem = os.path.splitext(parts[-1])[0]
    folders = parts[:-1]
    if stem == "index" and folders:
        stem = folders.pop()
    metadata = content.metadata
    return urls.PageFacts(
        sections=tuple(folders),
        filename=stem,
        title=content.title,
        slug=metadata.get("slug") if metadata.get("slug_given") else None,
        date=getattr(content, "date", None),
    )


def place(content) -> None:
    """Hugo's URL for an essay or page, and its publish/expiry dates."""
    if not isinstance(content, Article | Page):
        return
    metadata = content.metadata
    _hold_back(content, metadata)
    _template(content, metadata)
    if _state.get("site") is None or content.status == "draft":
        return
    if "url" in metadata and metadata.get("front_matter_format") in ("toml", "yaml"):
        return  # the front matter's url already set it (foundation reader)
    facts = _facts(content)
    pattern = _state["site"].permalinks.get(facts.sections[0].lower()) if facts.sections else None
    if pattern and isinstance(content, Article):
        path = urls.expand(pattern, facts)
    else:
        path = urls.default_path(facts)
    content.override_url = path.lstrip("/")
    content.override_save_as = urls.save_as(path)


def _hold_back(content, metadata) -> None:
    """Hugo hides a page after its expiryDate and before its publishDate."""
    now = dt.datetime.now(dt.UTC)
    zone = ZoneInfo(content.settings.get("TIMEZONE") or "UTC")
    for key, expired in (("expirydate", lambda d: d <= now), ("publishdate", lambda d: d > now)):
        value = metadata.get(key)
        when = _as_datetime(value, zone)
        if when is None or content.status != "published" or not expired(when):
            continue
        content.status = "draft"
        logger.info(
            "%s: %s %s: held back from the published site, as Hugo does",
            display_path(content.source_path),
            "expired on" if key == "expirydate" else "scheduled for",
            when.isoformat(),
        )


def _as_datetime(value, zone) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    if isinstance(value, str) and value.strip():
        try:
            parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    return None


def _template(content, metadata) -> None:
    """Hugo's ``layout`` (or ``type``) picks a theme template when the theme has one
    of that name written for essays or pages; else the essay or page template, with
    a warning naming the file."""
    if metadata.get("template"):
        return
    own = "article" if isinstance(content, Article) else "page"
    templates = os.path.join(content.settings["THEME"], "templates")
    refused = []
    for key in ("layout", "type"):  # Hugo looks for the layout first
        name = metadata.get(key)
        if not isinstance(name, str) or not name.strip() or name == own:
            continue
        if name in hugo_layout.KIND_TEMPLATES:
            refused.append(
                (key, name, f"names the theme's template for another kind of page ({name}.html)")
            )
        elif not os.path.isfile(os.path.join(templates, f"{name}.html")):
            refused.append(
                (key, name, f"names a template the theme does not have (templates/{name}.html)")
            )
        else:
            content.template = name
            return
    for key, name, problem in refused[:1]:
        logger.warning(
            "%s: %s = %r %s; it is drawn with %s.html. Remove %s from the front matter, "
            "or add a template of another name that extends %s.html",
            display_path(content.source_path),
            key,
            name,
            problem,
            own,
            key,
            own,
        )


def reading_surroundings(settings) -> str:
    """What an essay's address and template depend on besides its file: the Hugo
    configuration and the theme's template names (see the front_matter plugin)."""
    templates = os.path.join(settings.get("THEME") or "", "templates")
    names = sorted(os.listdir(templates)) if os.path.isdir(templates) else []
    return repr((_state.get("site"), names))


def slugs(generator) -> None:
    """Tag and category pages at Hugo's addresses (/tags/c++/, not /tags/c/); a
    tag that makes no address is left off its essay, with a warning."""
    if _state.get("site") is None:
        return
    for article in [*generator.articles, *generator.drafts]:
        tags = getattr(article, "tags", None) or []
        for tag in tags:
            tag.slug = _term_slug(article, "tag", tag.name)
        if any(not tag.slug for tag in tags):
            article.tags = [tag for tag in tags if tag.slug]
        category = getattr(article, "category", None)
        if category is not None:
            category.slug = _term_slug(article, "category", category.name) or category.slug
        if ("author", "authors") in _state.get("taxonomies", ()):
            for author in getattr(article, "authors", None) or []:
                author.slug = urls.term_path(author.name)[0] or author.slug


def _term_slug(essay, kind: str, name: str) -> str:
    """A term's folder (see :func:`urls.term_path`), with one warning per essay and
    term when it makes none or had to be cut."""
    path, cut = urls.term_path(str(name))
    told = _state.setdefault("told", set())
    if (path and not cut) or (essay.source_path, kind, name) in told:
        return path
    told.add((essay.source_path, kind, name))
    if not path:
        logger.warning(
            "%s: the %s %r makes no address (nothing in it is a letter or a digit), "
            "so the essay is not listed under it; rename the %s",
            display_path(essay.source_path), kind, str(name), kind,
        )  # fmt: skip
    else:
        logger.warning(
            "%s: the %s %r has '.' or '..' folders in its address, which would put its "
            "page outside the %s pages; they are left out (%s/); rename the %s",
            display_path(essay.source_path), kind, str(name), kind, path, kind,
        )  # fmt: skip
    return path


def _section(article) -> str:
    """The section an essay is in: the first folder of its path in the content."""
    return article.relative_source_path.replace(os.sep, "/").split("/", 1)[0]


def _weight(item) -> tuple:
    try:
        weight = int(item.metadata.get("weight") or 0)
    except (TypeError, ValueError):
        weight = 0
    return (weight == 0, weight)


def order_articles(generator) -> None:
    """Hugo's order on the home page: weighted pages first, by weight; then the
    rest as they were (newest first). The term lists are put in Hugo's order by
    :func:`section_terms`, once they are complete."""
    generator.articles.sort(key=_weight)


def every_category(generator) -> None:
    """For a Hugo site: an essay is listed under every one of its categories, as
    Hugo lists it, not only the first (Pelican's one category, still the essay's
    kicker); an essay with none is listed under none, and shows no kicker,
    where Pelican would invent DEFAULT_CATEGORY."""
    if _state.get("site") is None:
        return
    known = {category: category for category, _ in generator.categories}
    listed: dict = {}
    for article in generator.articles:
        names = getattr(article, "categories", None) or []
        if not names:
            article.category_shown = False
            continue
        kept = []
        for name in names:
            category = Category(str(name), generator.settings)
            category.slug = _term_slug(article, "category", str(name))
            if not category.slug:
                continue
            category = known.setdefault(category, category)
            kept.append(category)
            essays = listed.setdefault(category, [])
            if article not in essays:
                essays.append(article)
        if kept:
            article.category = kept[0]  # the kicker: the first with a page
        else:
            article.category_shown = False
    generator.categories = sorted(
        listed.items(),  # each list in Hugo's order: see section_terms
        reverse=generator.settings.get("REVERSE_CATEGORY_ORDER", False),
    )
    generator.context["categories"] = generator.categories


def section_aliases(generator) -> None:
    """A section's ``_index.md`` may carry ``aliases`` (``/blog/`` for ``/posts/``):
    each becomes a redirect to the section's list page, as in Hugo."""
    layout = _state.get("layout")
    if _state.get("site") is None or layout is None:
        return
    if not resolve(generator.settings)["HUGO_SECTION_PAGES"]:
        return
    listed = _sections_with_essays(generator.articles, layout)
    more = generator.context.setdefault("ALIAS_REDIRECTS_MORE", [])
    for section, index in layout.branch_indexes.items():
        if section not in listed:
            continue
        meta = hugo_layout.front_matter(os.path.join(generator.path, index))
        aliases = meta.get("aliases")
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not aliases:
            continue
        path = urls.clean(section)
        title = str(meta.get("title") or section)
        source = display_path(os.path.join(generator.path, index))
        more.append(
            (source, title, path.lstrip("/"), [str(a) for a in aliases], urls.save_as(path))
        )


def list_pages(generator) -> None:
    """Hugo's addresses around its paginated lists (the home page, sections,
    terms): ``/page/1/`` redirects to the list's first page, and the later pages
    (``/page/2/``) are marked as taken, so that no alias overwrites one."""
    site, layout = _state.get("site"), _state.get("layout")
    if site is None or layout is None:
        return
    settings = generator.settings
    per_page = settings.get("DEFAULT_PAGINATION") or 0
    lists = [("", "the home page", len(generator.articles))]
    if resolve(settings)["HUGO_SECTION_PAGES"]:
        counts: dict[str, int] = {}
        for article in generator.articles:
            top = _section(article)
            counts[top] = counts.get(top, 0) + 1
        lists += [
            (urls.clean(s).strip("/"), f"the section {s}", counts[s])
            for s in layout.sections
            if s in counts
        ]
    custom = [(t.singular, t.terms) for t in _state.get("terms") or []]
    for kind, terms in (
        ("tag", generator.tags.items()),
        ("category", generator.categories),
        *custom,
    ):
        for term, essays in terms:
            url = getattr(term, "url", "")
            if url.endswith("/") and term.save_as == url + "index.html":
                lists.append((url.strip("/"), f"the {kind} {term.name}", len(essays)))
    more = generator.context.setdefault("ALIAS_REDIRECTS_MORE", [])
    for base, what, count in lists:
        folder = f"{base}/" if base else ""
        pages = max(1, -(-count // per_page)) if per_page else 1
        first = f"/{folder}{site.pager_path}/1/"
        more.append((f"{what} (its pages)", what, folder, [first], f"{folder}index.html"))
        for number in range(2, pages + 1):
            later = f"{folder}{site.pager_path}/{number}/"
            more.append((f"{what} (page {number})", what, later, [], f"{later}index.html"))


def custom_taxonomies(generator, pages=()) -> None:
    """Every term of the site's own taxonomies (series), with its essays (and
    sections' pages) in Hugo's order, for TermGenerator to write and the feeds
    plugin to feed."""
    taxonomies = []
    for singular, plural in _state.get("taxonomies") or []:
        taxonomy, problems = hugo_taxonomies.collect(
            singular,
            plural,
            [*generator.articles, *pages],
            lambda essay, key=plural: _names(essay.metadata.get(key)),
            urls.term_path,
        )
        for essay, problem in problems:
            logger.warning("%s: %s", display_path(essay.source_path), problem)
        for _, essays in taxonomy.terms:
            essays.sort(key=hugo_order)
        taxonomies.append(taxonomy)
    _state["terms"] = taxonomies
    generator.context["HUGO_TAXONOMIES"] = taxonomies
    if _state.get("term_feeds"):
        more = generator.context.setdefault("FEEDS_MORE_TERMS", [])
        more += [
            {
                "name": t.plural,
                "label": t.label + ":",
                "terms": t.terms,
                "feed": f"{t.plural}/{{slug}}/index.xml",
                "list_feed": f"{t.plural}/index.xml",
                "list_url": t.url,
            }
            for t in taxonomies
        ]


def _names(value):
    """Front matter as written: the reader has made authors into Author objects."""
    if isinstance(value, list):
        return [v.name if isinstance(v, URLWrapper) else v for v in value]
    return value.name if isinstance(value, URLWrapper) else value


def section_pages(generator) -> list:
    """A stand-in for each section's list page whose ``_index.md`` names terms
    of a taxonomy (tags = [...]): Hugo lists it under them."""
    layout = _state.get("layout")
    if _state.get("site") is None or layout is None:
        return []
    if not resolve(generator.settings)["HUGO_SECTION_PAGES"]:
        return []
    plurals = {"tags", "categories", *(plural for _, plural in _state.get("taxonomies") or [])}
    newest: dict = {}
    for article in generator.articles:
        top = _section(article)
        if top not in newest or article.date > newest[top]:
            newest[top] = article.date
    pages = []
    for section, index in sorted(layout.branch_indexes.items()):
        if section not in newest:
            continue
        path = os.path.join(generator.path, index)
        meta = {str(k).lower(): v for k, v in hugo_layout.front_matter(path).items()}
        if meta.get("draft") is True or not plurals & set(meta):
            continue
        date = newest[section]
        pages.append(
            SectionPage(
                title=str(meta.get("title") or section.replace("-", " ").title()),
                url=urls.clean(section).lstrip("/"),
                date=date,
                locale_date=strftime(date, generator.settings["DEFAULT_DATE_FORMAT"]),
                source_path=path,
                section=section,
                metadata=meta,
                summary=escape(str(meta.get("description") or "")),
            )
        )
    return pages


def section_terms(generator, pages: list) -> None:
    """Each section page under the tags and categories its ``_index.md`` names,
    and every term's list in Hugo's order."""
    if _state.get("site") is None:
        return
    for page in pages:
        for name in hugo_taxonomies.term_names(page.metadata.get("tags")) or []:
            tag = Tag(name, generator.settings)
            tag.slug = _term_slug(page, "tag", name)
            if tag.slug:
                generator.tags[tag].append(page)
        for name in hugo_taxonomies.term_names(page.metadata.get("categories")) or []:
            slug = _term_slug(page, "category", name)
            if not slug:
                continue
            found = next((essays for c, essays in generator.categories if c.slug == slug), None)
            if found is None:
                category = Category(name, generator.settings)
                category.slug = slug
                generator.categories.append((category, found := []))
            found.append(page)
    for essays in generator.tags.values():
        essays.sort(key=hugo_order)
    for _, essays in generator.categories:
        essays.sort(key=hugo_order)
    generator.categories.sort(
        key=lambda pair: pair[0], reverse=generator.settings.get("REVERSE_CATEGORY_ORDER", False)
    )
    generator.context["tags"] = list(generator.tags.items())
    generator.context["categories"] = generator.categories


def finalized(generator) -> None:
    """Once essays are read, in this order: Hugo's order, every category of an
    essay, sections listed under their terms, the site's own taxonomies, the
    sections' aliases, the addresses around paginated lists."""
    order_articles(generator)
    every_category(generator)
    pages = section_pages(generator)
    section_terms(generator, pages)
    custom_taxonomies(generator, pages)
    section_aliases(generator)
    list_pages(generator)


def _sections_with_essays(articles, layout) -> set[str]:
    tops = {_section(a) for a in articles}
    return {section for section in layout.sections if section in tops}


def order_pages(generator) -> None:
    generator.pages.sort(key=lambda p: (*_weight(p), p.title.lower()))
    entries = generator.settings.get("HUGO_MENU_ENTRIES") or []
    if entries:
        generator.context["HUGO_MENU"] = [_menu_item(e, generator) for e in entries]


def _menu_item(entry, generator) -> dict:
    if entry.page_ref:
        ref = entry.page_ref.strip()
        target = _page_url(ref, generator)
        if target is None:
            logger.error(
                "%s: menu entry %r: pageRef %r names no page. Correct the pageRef "
                "or give the entry a url",
                _state["site"].path,
                entry.name,
                ref,
            )
            target = ""
        return {"name": entry.name, "url": target, "external": False}
    url = entry.url or "/"
    if "://" in url or url.startswith("//"):
        return {"name": entry.name, "url": url, "external": True}
    return {"name": entry.name, "url": url.lstrip("/"), "external": False}


def _page_url(ref: str, generator) -> str | None:
    index = _state["renderer"].index
    try:
        path = index.resolve(ref, "")
    except ValueError:
        return None
    if path.rsplit("/", 1)[-1] in hugo_layout.BRANCH:
        section = path.rsplit("/", 1)[0] if "/" in path else ""
        return (urls.clean(section).lstrip("/")) if section else ""
    found = generator.context.get("generated_content", {}).get(path)
    return found.url if found is not None else None


def bundle_files(generator) -> None:
    """Publish each bundle's files beside its page, and static/ at the site's root."""
    settings = generator.settings
    layout = _state.get("layout")
    generated = generator.context.get("generated_content", {})
    keep = []
    bundles = sorted(layout.bundles if layout else [], key=len, reverse=True)
    for static in generator.staticfiles:
        relative = static.relative_source_path.replace(os.sep, "/")
        bundle = next((b for b in bundles if relative.startswith(b + "/")), None)
        if bundle is None:
            keep.append(static)
            continue
        owner = next(
            (
                generated.get(f"{bundle}/{n}")
                for n in hugo_layout.LEAF
                if generated.get(f"{bundle}/{n}")
            ),
            None,
        )
        if owner is None or (owner.status == "draft" and not settings.get("WRITE_DRAFTS", True)):
            continue  # a headless, failed or held-back bundle publishes nothing
        folder = os.path.dirname(owner.save_as)
        target = "/".join(p for p in (folder, relative[len(bundle) + 1 :]) if p)
        static.override_save_as = target
        static.override_url = target
        keep.append(static)
    static_root = _state.get("static_root")
    if static_root:
        for folder, _dirs, files in os.walk(static_root):
            for name in sorted(files):
                full = os.path.join(folder, name)
                relative = os.path.relpath(full, static_root).replace(os.sep, "/")
                keep.append(
                    Static(
                        content=None,
                        metadata={"save_as": relative, "url": relative, "title": name},
                        settings=settings,
                        source_path=full,
                        context=generator.context,
                    )
                )
    generator.staticfiles[:] = keep


class SectionGenerator(Generator):
    """Writes Hugo's list page for each section: /posts/ lists the posts."""

    def generate_output(self, writer) -> None:
        site = _state.get("site")
        layout = _state.get("layout")
        if site is None or layout is None or not resolve(self.settings)["HUGO_SECTION_PAGES"]:
            return
        self.env.loader = ChoiceLoader(
            [self.env.loader, FileSystemLoader(os.path.join(HERE, "templates"))]
        )
        articles = self.context.get("articles", [])
        for section in layout.sections:
            essays = [a for a in articles if _section(a) == section]
            if not essays:
                continue
            index = layout.branch_indexes.get(section)
            meta = hugo_layout.front_matter(os.path.join(self.path, index)) if index else {}
            path = urls.clean(section)
            writer.write_file(
                urls.save_as(path),
                self.get_template("section"),
                self.context,
                section={
                    "name": section,
                    "title": str(meta.get("title") or section.replace("-", " ").title()),
                    "description": meta.get("description"),
                    "url": path.lstrip("/"),
                },
                articles=essays,
                relative_urls=self.settings.get("RELATIVE_URLS"),
                paginated={"articles": essays},
                template_name="section",
                url=path.lstrip("/"),
            )


class TermGenerator(Generator):
    """Writes the site's own taxonomies (series): the list of terms at /series/
    and each term's essays at /series/<term>/, continued at /page/2/."""

    def generate_output(self, writer) -> None:
        taxonomies = self.context.get("HUGO_TAXONOMIES") or []
        if not taxonomies:
            return
        self.env.loader = ChoiceLoader(
            [self.env.loader, FileSystemLoader(os.path.join(HERE, "templates"))]
        )
        relative = self.settings.get("RELATIVE_URLS")
        for taxonomy in taxonomies:
            writer.write_file(
                taxonomy.save_as,
                self.get_template("terms"),
                self.context,
                taxonomy=taxonomy,
                relative_urls=relative,
            )
            for term, essays in taxonomy.terms:
                writer.write_file(
                    term.save_as,
                    self.get_template("term"),
                    self.context,
                    taxonomy=taxonomy,
                    term=term,
                    term_feed=f"{term.url}index.xml" if _state.get("term_feeds") else None,
                    articles=essays,
                    relative_urls=relative,
                    paginated={"articles": essays},
                    template_name="term",
                    url=term.url,
                )


def get_generators(pelican):
    # A list: asked if a bare class is Iterable, Python walks every ABC (19 ms).
    return [SectionGenerator, TermGenerator]


def register() -> None:
    signals.initialized.connect(start)
    # The front_matter plugin's signal, by name: no import of that plugin.
    blinker.signal("front_matter.surroundings").connect(reading_surroundings)
    signals.article_generator_init.connect(report_problems)
    signals.content_object_init.connect(place)
    signals.article_generator_pretaxonomy.connect(slugs)
    signals.article_generator_finalized.connect(finalized)
    signals.page_generator_finalized.connect(order_pages)
    signals.static_generator_finalized.connect(bundle_files)
    signals.get_generators.connect(get_generators)
