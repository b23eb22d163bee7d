"""Signal receivers for the build cache; kept thin on purpose."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil

from pelican import signals

from . import entries, lifecycle
from .storage import wait_for_saves

logger = logging.getLogger(__name__)
# What earlier versions kept in forms that could run code when read back
# (pickles, Jinja's marshalled templates): deleted, never read.
LEGACY_SUFFIX = ".pickle"
LEGACY_FOLDERS = ("templates",)
LEGACY_FILES = ("bibliography-references.json",)  # plain, but not sealed
SKIP = ("search-index",)  # pagefind's files: many, and never ours to read as entries
_retired: set[str] = set()


def retire_legacy(cache: str) -> int:
    """Delete what earlier versions left in ``cache`` (once a process); how many."""
    if cache in _retired or not os.path.isdir(cache):
        return 0
    _retired.add(cache)
    gone = 0
    for name in LEGACY_FOLDERS:
        folder = os.path.join(cache, name)
        if os.path.isdir(folder) and not os.path.islink(folder):
            shutil.rmtree(folder, ignore_errors=True)
            gone += 1
    for folder, subfolders, names in os.walk(cache):
        subfolders[:] = [d for d in subfolders if d not in SKIP]
        for name in names:
            if name.endswith(LEGACY_SUFFIX) or (folder == cache and name in LEGACY_FILES):
                with contextlib.suppress(OSError):
                    os.remove(os.path.join(folder, name))
                    gone += 1
    return gone


def start(pelican) -> None:
    lifecycle.install()
    wait_for_saves()
    entries.begin()
    retire_legacy(pelican.settings.get("CACHE_PATH") or "cache")


def report(pelican=None) -> None:
    """Say once how many cache entries this build could not use: a warning when
    some were damaged, a note when they were only another version's."""
    found = entries.take_ignored()
    if not found:
        return
    damaged = sum(not why.startswith(entries.STALE) for why in found.values())
    log = logger.warning if damaged else logger.info
    log(
        "%d cache %s ignored (%d damaged or unreadable, %d from another version); "
        "what they held was made again",
        len(found),
        "entry" if len(found) == 1 else "entries",
        damaged,
        len(found) - damaged,
    )


def register() -> None:
    signals.initialized.connect(start)
    # Pelican's signals call their receivers in no set order, so an entry read
    # by another plugin when the build ends may come after this report: what
    # is left is said when the process exits.
    signals.finalized.connect(report)
    atexit.register(report)
