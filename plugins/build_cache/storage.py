"""Cache files: written atomically, saved in the background when asked, and
spread over shards so a build that changed a few records rewrites a few.

The render cache, the kept essays and the reading aids each hold one record
per essay, already encoded. Saved as one file, a build that edited one essay
wrote all of it again: about 50 MB and 0.1 s at 1,000 essays, after the site
was built. A :class:`Shelf` spreads the records over ``SHARDS`` files by a
hash of their key and, when saving, writes only the files whose records are
not exactly what the file holds: a record added, dropped or replaced (records
are compared by identity, as loaded or last saved), or a file another
process wrote since.

Each file is an entry of :mod:`.entries`: written whole and atomically, and
used only if intact. A build stopped half-way through a save leaves some
files old and some new; every record in them is still one that some build
made, and the caches check a record before they use it.

:func:`generation` gives a folder per configuration under one cache folder
and deletes the ones used longest ago, as the caches kept a few
configurations in their one file before.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import threading
import zlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from . import entries

SUFFIX = ".entry"  # a file :mod:`.entries` wrote


def identity(path: str | None) -> tuple[int, int, int] | None:
    """A file's size, modification time and inode (None if it is missing): while
    they are the same, the file is the one last read or written."""
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return None
    return None if stat is None else (stat.st_size, stat.st_mtime_ns, stat.st_ino)


@contextlib.contextmanager
def collector_paused():
    """Python's garbage collector held off while a cache is loaded.

    Loading makes tens of thousands of objects that all stay alive, and the
    collections their allocation sets off find nothing to free: one of them,
    a full collection, walks every object the process holds. In a one-edit
    build at 1,000 essays two such collections, during the pages ledger's
    load and the formatted references', took 0.06 s.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def read_saved(path: str, version: int) -> dict | None:
    """What :func:`write_saved` wrote with ``version``, or None (missing, damaged, other)."""
    with collector_paused():
        saved = entries.read(path)
    if not isinstance(saved, dict) or saved.get("format") != version:
        return None
    return saved


# Saves run in threads when a long-lived process asked for it (see save_in_background).
_saving: dict[str, Any] = {"background": False, "threads": []}


def save_in_background(on: bool) -> None:
    """Whether :func:`write_saved` returns at once and writes in a thread (``invoke
    livereload``: the page reloads without waiting for the caches). The caller
    must not change ``data`` afterwards; :func:`wait_for_saves` joins them, and
    the process's exit waits for them too."""
    _saving["background"] = bool(on)


def wait_for_saves() -> None:
    threads = _saving["threads"]
    while threads:
        threads.pop().join()


def after_the_build(work: Callable[[], None], what: str) -> None:
    """Run ``work`` now, or in a thread when saves are in the background (see
    :func:`save_in_background`); a failure there is a warning naming ``what``."""
    if not _saving["background"]:
        work()
        return

    def run() -> None:
        try:
            work()
        except Exception as err:  # noqa: BLE001 - a lost cache costs time, not output
            logging.getLogger(__name__).warning(
                "could not %s (%s); the next build works without it", what, err
            )

    thread = threading.Thread(target=run, name=what)
    thread.start()
    _saving["threads"].append(thread)


def write_saved(
    path: str, version: int, data: dict, then: Callable[[], None] | None = None
) -> None:
    """Save ``data`` at ``path`` atomically (a reader never sees half a file);
    ``then()`` once it is written."""
    after_the_build(lambda: _write_saved(path, version, data, then), f"save {path}")


def _write_saved(path: str, version: int, data: dict, then: Callable[[], None] | None) -> None:
    if entries.write(path, {**data, "format": version}) and then is not None:
        then()


def retire(folder: str, names: Iterable[str]) -> None:
    """Delete the files ``names`` in ``folder`` where they are (caches an earlier
    version kept in a form this one no longer reads)."""
    for name in names:
        with contextlib.suppress(OSError):
            os.remove(os.path.join(folder, name))


# Shelves ------------------------------------------------------------------------
SHARDS = 32


def shard_of(key: Hashable, shards: int = SHARDS) -> int:
    """Which file holds ``key`` (a str or bytes): the same in every process."""
    data = key if isinstance(key, bytes) else str(key).encode("utf-8", "surrogatepass")
    return zlib.crc32(data) % shards


class Shelf:
    """Records (key to a value :mod:`.codec` keeps) in ``SHARDS`` files under ``folder``."""

    def __init__(self, folder: str | None, version: int, shards: int = SHARDS) -> None:
        self.folder = folder
        self.version = version
        self.shards = shards
        # Per shard: the file's size, time and inode, and the records it holds.
        self._held: dict[int, tuple[tuple[int, int, int] | None, dict]] = {}

    def _path(self, shard: int) -> str:
        return os.path.join(self.folder or "", f"{shard:02d}{SUFFIX}")

    def load(self) -> dict:
        """Every record the files hold; a missing, unreadable or older file holds none."""
        records: dict = {}
        self._held = {}
        if not self.folder or not os.path.isdir(self.folder):
            return records
        with collector_paused():
            for shard in range(self.shards):
                records.update(self.load_shard(shard))
        return records

    def load_shard(self, shard: int) -> dict:
        """The records one file holds (see :meth:`load`), for a shelf read a file
        at a time: :meth:`save` is then told which files it may write."""
        self._held.pop(shard, None)
        if not self.folder:
            return {}
        path = self._path(shard)
        saved = read_saved(path, self.version)
        held = saved.get("records") if saved is not None else None
        if not isinstance(held, dict):
            return {}
        self._held[shard] = (identity(path), held)
        return held

    def save(self, records: Mapping, only: Iterable[int] | None = None) -> int:
        """Make the files hold ``records``, writing only those that differ (in a
        thread when saves are in the background); the number of files to write.
        With ``only``, the other files are left as they are (``records`` need
        not hold theirs)."""
        if not self.folder:
            return 0
        wanted: dict[int, dict] = {}
        for key, value in records.items():
            wanted.setdefault(shard_of(key, self.shards), {})[key] = value
        changes = []
        for shard in range(self.shards) if only is None else sorted(set(only)):
            mine, held = wanted.get(shard, {}), self._held.get(shard)
            if held is None:
                if mine or os.path.exists(self._path(shard)):
                    changes.append((shard, mine))
            elif held[0] != identity(self._path(shard)) or not _same(held[1], mine):
                changes.append((shard, mine))
        if changes:
            after_the_build(lambda: self._write(changes), f"save {self.folder}")
        return len(changes)

    def _write(self, changes: list[tuple[int, dict]]) -> None:
        for shard, mine in changes:
            path = self._path(shard)
            if mine:
                if not entries.write(path, {"records": mine, "format": self.version}):
                    return
                self._held[shard] = (identity(path), mine)
            else:
                with contextlib.suppress(OSError):
                    os.remove(path)
                self._held.pop(shard, None)


def _same(held: dict, mine: dict) -> bool:
    return held.keys() == mine.keys() and all(mine[key] is value for key, value in held.items())


def generation(folder: str, name: str, keep: int) -> str:
    """``folder/name``, one configuration's shelf, marked as the latest used; of the
    others, all but the ``keep - 1`` used last are deleted."""
    mine = os.path.join(folder, name)
    try:
        os.utime(mine)
    except FileNotFoundError:
        try:
            os.makedirs(mine, exist_ok=True)
            _prune(folder, keep)
        except OSError as err:  # a cache that cannot be written: the build goes on
            entries.unwritable(mine, err)
    except OSError as err:
        entries.unwritable(mine, err)
    return mine


def _prune(folder: str, keep: int) -> None:
    found: list[tuple[int, Any]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found.append((entry.stat().st_mtime_ns, entry.path))
    for _, path in sorted(found, reverse=True)[keep:]:
        shutil.rmtree(path, ignore_errors=True)
