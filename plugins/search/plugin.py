"""Pelican glue: run Pagefind over the output once everything is written.

Pagefind (from PyPI, its binary in the ``pagefind_bin`` wheel) writes a
static, offline search index that the theme's search page queries from the
site itself: no request leaves the site. The index is made in shards, each
kept between builds while its pages are the same (see :mod:`.shards`).

The shards are started early, as soon as the essays and pages are written
(:func:`start_early`), while the build writes its other files and one core
is often idle; the index made at the end (:func:`index`) scans the output
again and indexes only the shards whose pages are not what the early run
saw, so a page written or changed later is indexed all the same.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import subprocess
import sys
import threading
from importlib import metadata

from build_cache import codec, lifecycle
from build_cache.storage import read_saved, write_saved
from pelican import signals

from . import shards
from .settings import resolve

codec.allow(shards.Page)

logger = logging.getLogger(__name__)
KEPT_FOLDER = "search-index"
PAGES_FILE = "search-pages.entry"  # what the last scan read from each page
PAGES_FORMAT = 1


def _command() -> list[str]:
    """How to run Pagefind: its binary itself when the wheel names it, since
    ``python -m pagefind`` starts a Python only to hand over to the binary
    (0.14 s of each shard's run here)."""
    if not _found:
        try:
            from pagefind_bin import get_executable

            _found.append([str(get_executable())])
        except Exception:  # noqa: BLE001 - another packaging: let Pagefind's wrapper find it
            _found.append([sys.executable, "-m", "pagefind"])
    return _found[0]


_found: list[list[str]] = []


def _pagefind(pages: str, output: str, glob: str | None = None) -> str | None:
    """Index the pages under ``pages`` (those ``glob`` names, if given) into
    ``output``; an error message, or None."""
    chosen = ["--glob", glob] if glob is not None else []
    # Ended with the build: by the kernel if the build is killed, and by the
    # build's own clean-up if it stops or is told to (SIGTERM).
    with subprocess.Popen(
        [*_command(), "--site", pages, *chosen, "--output-path", output, "--silent"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lifecycle.child_setup(),  # noqa: PLW1509 - it only calls prctl
    ) as run:
        stopping = lifecycle.on_stop(run.kill)
        try:
            out, err = run.communicate()
        finally:
            lifecycle.forget(stopping)
    if run.returncode != 0:
        return (err or out).strip()[-800:] or f"exit {run.returncode}"
    return None


def index(pelican) -> None:
    options = resolve(pelican.settings)
    if not options["PAGEFIND"]:
        return
    if importlib.util.find_spec("pagefind") is None:
        logger.error(
            "search: the pagefind package is not installed, so the site has no search "
            "index; run: python3 -m pip install -r requirements.txt"
        )
        return
    cache = pelican.settings.get("CACHE_PATH") or "cache"
    if not _in_background(options, pelican.settings):
        _index(pelican.output_path, cache, options)
        return
    _wait_for_background()
    thread = threading.Thread(
        target=_index, args=(pelican.output_path, cache, options), name="pagefind"
    )
    _background["thread"] = thread
    thread.start()
    logger.info("search: the pages are ready; indexing them in the background")


def _in_background(options: dict, settings) -> bool:
    """Whether the index is made after the build returns (a publish build waits)."""
    return bool(options["PAGEFIND_BACKGROUND"]) and not settings.get("FAIL_ON_ERRORS")


# The index a build left running (PAGEFIND_BACKGROUND), in this process.
_background: dict[str, threading.Thread | None] = {"thread": None}


def wait_for_index() -> None:
    """Return once the index a build started in the background is written
    (and any early run a failed build left behind has ended)."""
    _wait_for_background()
    _take_early()


def _wait_for_background() -> None:
    thread = _background["thread"]
    if thread is not None:
        thread.join()
        _background["thread"] = None


def _version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


def _shards(output: str, options: dict, known: dict, listed: list | None = None):
    """The output's searchable pages in shards (``known``: what earlier scans read;
    ``listed``: the output's pages as :func:`shards.listing` found them, if it ran)."""
    if listed is None:
        listed = shards.listing(output, options["PAGEFIND_OUTPUT"])
    pages = shards.searchable(shards.read(listed, known))
    return shards.split(pages, options["PAGEFIND_SHARD_PAGES"], [_version()]) if pages else []


def start_early(generator, writer=None) -> None:  # noqa: ARG001 - the signal's arguments
    """Index the shards in a thread once the essays and pages are written
    (Pelican's ``page_writer_finalized``), while the build writes the rest.

    Only the kept shards are made here; nothing is reported. :func:`index`
    waits for this, then does its whole work again: it finds these shards
    kept, indexes any whose pages changed since, and reports every error.

    A build that indexes in the background (the preview's) does not start
    early: its index already waits for nothing, and starting it while the
    build runs only slowed the page (ten alternating preview edits at 1,000
    essays: 0.683 s with it, 0.664 s without).
    """
    options = resolve(generator.settings)
    if not options["PAGEFIND"] or importlib.util.find_spec("pagefind") is None:
        return
    if _in_background(options, generator.settings):
        return
    wait_for_index()
    output = os.path.abspath(generator.output_path)
    cache = generator.settings.get("CACHE_PATH") or "cache"
    known = _saved_scan(cache)
    try:
        # The pages are listed here, not in the thread: that is Python work (a
        # walk and a stat a page), and beside the build's own it took four
        # times as long, all of it before Pagefind could start. Reading the
        # pages that changed (all of them in a cold build) is left to the
        # thread: file reads and hashing let the build run meanwhile.
        listed = shards.listing(output, options["PAGEFIND_OUTPUT"])
    except OSError:  # the index made at the end scans again and reports
        logger.debug("search: the early scan failed", exc_info=True)
        return
    thread = threading.Thread(
        target=_index_early, args=(output, cache, options, known, listed), name="pagefind-early"
    )
    _early.update(thread=thread, output=output, known=known, made=set(), sound=set())
    thread.start()


# The early run this build started (see start_early): the scan it made, the
# shards it indexed and those it found intact (their digests).
_early: dict[str, object] = {
    "thread": None,
    "output": None,
    "known": None,
    "made": set(),
    "sound": set(),
}


def _index_early(output: str, cache: str, options: dict, known: dict, listed: list) -> None:
    kept = os.path.join(cache, KEPT_FOLDER)
    try:
        split = _shards(output, options, known, listed)
        if split:
            todo, _ = shards.build(output, split, kept, _pagefind, sound=_early["sound"])
            _early["made"] = {s.digest for s in todo if os.path.isdir(os.path.join(kept, s.digest))}
    except Exception:  # noqa: BLE001 - the index made at the end tries again and reports
        logger.debug("search: the early index failed", exc_info=True)


def _saved_scan(cache: str) -> dict:
    pages = (read_saved(os.path.join(cache, PAGES_FILE), PAGES_FORMAT) or {}).get("pages")
    return pages if isinstance(pages, dict) else {}


def _take_early() -> dict | None:
    """Wait for the early run, if one was started, and take what it left: the
    output it scanned, that scan, and the shards it indexed."""
    thread = _early["thread"]
    if thread is None:
        return None
    thread.join()
    taken = dict(_early)
    _early.update(thread=None, output=None, known=None, made=set(), sound=set())
    return taken


def _index(output: str, cache: str, options: dict) -> None:
    kept = os.path.join(cache, KEPT_FOLDER)
    target = os.path.join(output, options["PAGEFIND_OUTPUT"])
    early_run = _take_early()
    if early_run is not None and early_run["output"] == os.path.abspath(output):
        known, made_early, sound = early_run["known"], early_run["made"], early_run["sound"]
    else:  # no early run over this output: start from the last build's scan
        known, made_early, sound = _saved_scan(cache), set(), set()
    split = _shards(output, options, known)
    write_saved(os.path.join(cache, PAGES_FILE), PAGES_FORMAT, {"pages": known})
    if not split:
        return
    indexed, errors = shards.build(output, split, kept, _pagefind, sound=sound)
    # Shards made by this build: by its early run, or now.
    early = {s.digest for s in split if s.digest in made_early}
    made = early | {s.digest for s in indexed}
    for error in errors:
        logger.error("search: Pagefind failed: %s", error)
    if errors:
        return
    shards.assemble(split, kept, target)
    shards.prune(kept, split)
    logger.info(
        "search: %d pages in %d shard%s; %d indexed (%d early), %d kept",
        sum(len(shard.pages) for shard in split),
        len(split),
        "" if len(split) == 1 else "s",
        len(made),
        len(early),
        len(split) - len(made),
    )


def check_settings(pelican) -> None:
    """A bad search setting stops the build before it writes anything; an index
    the last build in this process left running finishes before this one starts."""
    wait_for_index()
    resolve(pelican.settings)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.page_writer_finalized.connect(start_early)
    signals.finalized.connect(index)
