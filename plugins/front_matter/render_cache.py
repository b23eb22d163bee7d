"""Essay bodies rendered by an earlier build, kept by what they were made from.

Rendering Markdown is most of a build's time, and most essays do not change
between two builds. A body's HTML depends on

* the file's text and path (the key),
* the settings, our plugins' code, the Markdown libraries and the theme's
  partials (the *fingerprint*, one per build), and
* what our Markdown extensions looked up outside the file while rendering:
  a site-wide source, a dataset, the path of another essay.

Extensions write each such lookup in a :class:`Journal`: a module-level
function, its arguments and the answer it gave. A kept body is used only
when every function gives the same answer again. Some entries are also
*effects*: calling them again repeats what the render did besides making
HTML (a chart's files for the feeds, a source's place on /sources/), so a
build that reuses a body has the same side effects as one that renders it.

A render that logged a warning or an error is never kept: the next build
renders it again and says it again, so a broken essay stays visible (and the
publish build keeps failing) however warm the cache is.

Nothing here knows Pelican; :mod:`.plugin` connects it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import logging
import os
import pickle
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

FORMAT = 1  # bump when what a kept record holds changes
# Settings that change where or when a build writes, never what: left out of
# every fingerprint, so the preview and `invoke build` share their caches.
NOT_OUTPUT = (
    "OUTPUT_PATH",
    "CACHE_PATH",
    "DELETE_OUTPUT_DIRECTORY",
    "WRITE_SELECTED",
    "CACHE_SAVE_BACKGROUND",
    "PAGEFIND_BACKGROUND",
)
KEEP_CONFIGURATIONS = 3  # e.g. the local build, the publish build and one more


@dataclass
class Journal:
    """What a render looked up, and what it did besides making HTML."""

    entries: list[tuple[Callable, tuple, Any, bool]] = field(default_factory=list)

    def record(self, function: Callable, args: Iterable, answer: Any, effect: bool = False) -> None:
        """``function(*args)`` gave ``answer``; ``effect``: calling it also does something."""
        self.entries.append((function, tuple(args), answer, effect))


@dataclass
class Kept:
    """A rendered body and its journal. The body is kept as UTF-8 bytes: a
    build checks every kept journal before it reads, and decoding the bodies
    as text alongside (about 19 MB at 1,000 essays) was about a third of
    unpickling the records; bytes are only copied, and decoded when the body
    is asked for (:func:`_text`)."""

    html: bytes | str | None
    entries: list[tuple[Callable, tuple, Any, bool]]


def _text(html: bytes | str) -> str:
    return html.decode("utf-8", "surrogatepass") if isinstance(html, bytes) else html


def replay(entries, *, effects: bool = True, lookups: bool = True) -> bool:
    """Whether each entry's function still gives its answer (effects skipped if not
    ``effects``, plain lookups skipped if not ``lookups``)."""
    for function, args, answer, effect in entries:
        if (effect and not effects) or (not effect and not lookups):
            continue
        try:
            if function(*args) != answer:
                return False
        except Exception:  # noqa: BLE001 - any failure means "render it again"
            return False
    return True


class RenderCache:
    """Rendered bodies for one configuration (fingerprint), read from and saved to ``path``."""

    def __init__(self, path: str | None, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self._kept: dict[str, bytes] = {}
        self._used: set[str] = set()
        self._others: dict[str, dict[str, bytes]] = {}  # other configurations, in use order
        # Records whose lookups were checked (without effects) in this build.
        self._checked: dict[str, Kept] = {}
        # Journals unpickled by an earlier build in this process (livereload).
        self._unpickled: dict[str, list] = {}
        self._answers: dict[tuple, Any] = {}  # one copy of each lookup's answer
        self.fresh: dict[str, bytes] = {}  # stored in this process since the last take_fresh()
        self.hits = self.misses = 0
        self._on_disk = OnDisk(path)

    def begin(self) -> None:
        """A new build in this process: forget bodies the last build did not use."""
        if self._used and self._used != self._kept.keys():
            self._kept = {key: self._kept[key] for key in self._used if key in self._kept}
            self._on_disk.drop()
        self._unpickled = {k: v for k, v in self._unpickled.items() if k in self._kept}
        self._answers = {}
        self._used = set()
        self._checked = {}
        self.fresh = {}
        self.hits = self.misses = 0

    def key(self, source_path: str, text: str) -> str:
        digest = hashlib.sha256()
        for part in (self.fingerprint, os.path.abspath(source_path), text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    # Reading and keeping ---------------------------------------------------
    def lookup(self, key: str, *, effects: bool = True, html: bool = True) -> str | None:
        """The kept HTML for ``key`` if its journal still holds (replaying it), else None;
        with ``html`` False, "" stands for the HTML (only whether it holds matters).

        A check without ``effects`` (before the build reads its essays) keeps
        the record it unpickled, so the read that follows in the same build
        only repeats the effects: the lookups gave their answers moments ago.
        """
        kept = self._checked.pop(key, None) if effects else None
        if kept is not None:
            if not replay(kept.entries, lookups=False):
                return None
        else:
            kept = self._record(key)
            if kept is None or not replay(kept.entries, effects=effects):
                return None
            if not effects:
                self._checked[key] = kept
                return self._html(key, kept) if html else ""
        self._used.add(key)
        return self._html(key, kept) if html else ""

    def _record(self, key: str) -> Kept | None:
        """The record for ``key``; its HTML is None when its journal came from memory."""
        entries = self._unpickled.get(key)
        if entries is not None:
            return Kept(None, entries)
        blob = self._kept.get(key)
        if blob is None:
            return None
        try:
            kept = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - code it names has moved or gone
            del self._kept[key]
            self._on_disk.drop()
            return None
        # The journal only (bodies stay pickled), its answers shared between
        # essays: ten essays citing one source hold one copy of its entry.
        self._unpickled[key] = [self._shared(entry) for entry in kept.entries]
        return kept

    def _shared(self, entry: tuple) -> tuple:
        function, args, answer, effect = entry
        try:
            known = self._answers.setdefault((function, args), answer)
            if known is answer or known != answer:
                return entry
        except Exception:  # noqa: BLE001 - unhashable arguments, or answers that do not compare
            return entry
        return (function, args, known, effect)

    def _html(self, key: str, kept: Kept) -> str | None:
        if kept.html is not None:
            return _text(kept.html)
        blob = self._kept.get(key)
        return None if blob is None else _text(pickle.loads(blob).html)

    def has(self, key: str) -> bool:
        return key in self._kept

    def store(self, key: str, html: str, journal: Journal) -> None:
        try:
            body = html.encode("utf-8", "surrogatepass")
            blob = pickle.dumps(Kept(body, journal.entries), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an answer that cannot be kept: render next time
            logging.getLogger(__name__).debug("not kept: %s", key, exc_info=True)
            return
        self._kept[key] = blob
        self._unpickled.pop(key, None)
        self._used.add(key)
        self.fresh[key] = blob
        self._on_disk.drop()

    def take_fresh(self) -> dict[str, bytes]:
        fresh, self.fresh = self.fresh, {}
        return fresh

    def merge(self, blobs: dict[str, bytes]) -> None:
        """Records stored by another process (a reading worker)."""
        self._kept.update(blobs)
        for key in blobs:
            self._unpickled.pop(key, None)
        if blobs:
            self._on_disk.drop()

    # On disk -----------------------------------------------------------------
    def load(self) -> None:
        if not self.path:
            return
        saved = read_saved(self.path, FORMAT)
        if saved is None:
            return
        configurations: dict[str, dict[str, bytes]] = dict(saved.get("configurations", {}))
        self._kept = dict(configurations.pop(self.fingerprint, {}))
        self._others = configurations
        if len(configurations) < KEEP_CONFIGURATIONS:  # else a save would drop the oldest
            self._on_disk.mark()

    def save(self) -> None:
        """Keep what this build used, and the last few other configurations' records."""
        if not self.path:
            return
        if self._used == self._kept.keys() and self._on_disk.holds():
            return  # the file already holds this: a build that rendered and dropped nothing
        mine = {key: self._kept[key] for key in self._used if key in self._kept}
        others = list(self._others.items())[-(KEEP_CONFIGURATIONS - 1) :]
        configurations = {**dict(others), self.fingerprint: mine}
        path = self.path

        def written() -> None:
            if mine.keys() == self._kept.keys():
                self._on_disk.mark()

        write_saved(path, FORMAT, {"configurations": configurations}, then=written)


def identity(path: str | None) -> tuple[int, int, int] | None:
    """A file's size, modification time and inode (None if it is missing): while
    they are the same, the file is the one last read or written."""
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return None
    return None if stat is None else (stat.st_size, stat.st_mtime_ns, stat.st_ino)


class OnDisk:
    """Whether a cache's file holds exactly what the cache holds in memory: from
    :meth:`mark` (just loaded or saved) until :meth:`drop` (the cache changed),
    while the file keeps the size, time and inode it had at the mark (another
    process's save, or a deleted file, ends it). A cache that holds can skip
    saving."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._identity: tuple[int, int, int] | None = None

    def mark(self) -> None:
        self._identity = identity(self.path)

    def drop(self) -> None:
        self._identity = None

    def holds(self) -> bool:
        return self._identity is not None and identity(self.path) == self._identity


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
    """What :func:`write_saved` wrote with ``version``, or None (missing, corrupt, other)."""
    try:
        with open(path, "rb") as handle, collector_paused():
            saved = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        return None
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
    """Pickle ``data`` to ``path`` atomically (a reader never sees half a file);
    ``then()`` once it is written."""
    after_the_build(lambda: _write_saved(path, version, data, then), f"save {path}")


def _write_saved(path: str, version: int, data: dict, then: Callable[[], None] | None) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(temporary, "wb") as handle:
        pickle.dump({**data, "format": version}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
    if then is not None:
        then()


def library_versions(names: Iterable[str]) -> list[str]:
    """``name==version`` of each installed distribution (``name missing`` if not)."""
    return [_library_version(name) for name in names]


@functools.cache
def _library_version(name: str) -> str:
    # Once a process: a library upgraded while a preview runs is not the code
    # the process has loaded, so its first answer stays the true one.
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} missing"


# Fingerprints ------------------------------------------------------------------
def stable(value: Any) -> Any:
    """``value`` as JSON-ready data that is the same in every process (no addresses)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        return sorted(([stable(k), stable(v)] for k, v in value.items()), key=json.dumps)
    if isinstance(value, list | tuple):
        return [stable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((stable(v) for v in value), key=json.dumps)
    if isinstance(value, re.Pattern):
        return ["re", value.pattern, value.flags]
    kind = type(value)
    return f"<{kind.__module__}.{kind.__qualname__}>"


def files_digest(paths: Iterable[str]) -> str:
    """One digest of the named files' paths and bytes (folders walked; missing ones noted)."""
    digest = hashlib.sha256()
    for top in paths:
        found = []
        if os.path.isdir(top):
            for folder, subfolders, names in os.walk(top):
                subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
                found += [os.path.join(folder, n) for n in names if not n.endswith(".pyc")]
        elif os.path.isfile(top):
            found.append(top)
        else:
            digest.update(f"missing {top}\0".encode())
        for path in sorted(found):
            digest.update(path.encode("utf-8", "surrogatepass") + b"\0")
            with open(path, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def fingerprint(settings: dict[str, Any], ignore: Iterable[str], parts: Iterable[str]) -> str:
    """The configuration a body was rendered under: settings (less ``ignore``) and ``parts``."""
    ignored = set(ignore)
    chosen = {k: v for k, v in settings.items() if k not in ignored}
    text = json.dumps([FORMAT, stable(chosen), list(parts)], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
