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

import functools
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from . import codec
from .storage import Shelf, generation

FORMAT = 3  # bump when what a kept record holds changes
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
    decoding the records; bytes are only copied, and decoded when the body
    is asked for (:func:`_text`)."""

    html: bytes | str | None
    entries: list[tuple[Callable, tuple, Any, bool]]


def encode_kept(body: bytes, entries: list) -> bytes:
    """A body and its journal as an entry's bytes: the journal flat, each function
    by its name, so decoding it makes no array for an entry or a function."""
    flat: list = []
    for function, args, answer, effect in entries:
        flat += (codec.name_of(function), list(args), answer, effect)
    return codec.dumps([body, flat])


def decode_kept(blob: bytes) -> Kept:
    """What :func:`encode_kept` wrote; :class:`codec.Unreadable` for anything else."""
    value = codec.loads(blob)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
        raise codec.Unreadable("not a kept body")
    body, flat = value
    if not isinstance(body, bytes | str) or len(flat) % 4:
        raise codec.Unreadable("not a kept body")
    entries = []
    for at in range(0, len(flat), 4):
        args = flat[at + 1]
        if not isinstance(args, list):
            raise codec.Unreadable("a journal entry without its arguments")
        entries.append((codec.named(flat[at]), tuple(args), flat[at + 2], flat[at + 3] is True))
    return Kept(body, entries)


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
    """Rendered bodies for one configuration (fingerprint), read from and saved to a
    shelf (:mod:`.storage`) in ``path``/``fingerprint``; the folders of the last few
    other configurations stay beside it."""

    def __init__(self, path: str | None, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self._kept: dict[str, bytes] = {}
        self._used: set[str] = set()
        self._shelf = None
        # Records whose lookups were checked (without effects) in this build.
        self._checked: dict[str, Kept] = {}
        # Journals decoded by an earlier build in this process (livereload).
        self._decoded: dict[str, list] = {}
        self._answers: dict[tuple, Any] = {}  # one copy of each lookup's answer
        self.fresh: dict[str, bytes] = {}  # stored in this process since the last take_fresh()
        self.hits = self.misses = 0

    def begin(self) -> None:
        """A new build in this process: forget bodies the last build did not use."""
        if self._used and self._used != self._kept.keys():
            self._kept = {key: self._kept[key] for key in self._used if key in self._kept}
        self._decoded = {k: v for k, v in self._decoded.items() if k in self._kept}
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
        the record it decoded, so the read that follows in the same build
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
        entries = self._decoded.get(key)
        if entries is not None:
            return Kept(None, entries)
        blob = self._kept.get(key)
        if blob is None:
            return None
        try:
            kept = decode_kept(blob)
        except codec.Unreadable:  # code it names has moved or gone
            del self._kept[key]
            return None
        # The journal only (bodies stay encoded), its answers shared between
        # essays: ten essays citing one source hold one copy of its entry.
        self._decoded[key] = [self._shared(entry) for entry in kept.entries]
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
        return None if blob is None else _text(decode_kept(blob).html)

    def has(self, key: str) -> bool:
        return key in self._kept

    def store(self, key: str, html: str, journal: Journal) -> None:
        try:
            body = html.encode("utf-8", "surrogatepass")
            blob = encode_kept(body, journal.entries)
        except (codec.Unkeepable, UnicodeError):  # an answer that cannot be kept: render again
            logging.getLogger(__name__).debug("not kept: %s", key, exc_info=True)
            return
        self._kept[key] = blob
        self._decoded.pop(key, None)
        self._used.add(key)
        self.fresh[key] = blob

    def take_fresh(self) -> dict[str, bytes]:
        fresh, self.fresh = self.fresh, {}
        return fresh

    def merge(self, blobs: dict[str, bytes]) -> None:
        """Records stored by another process (a reading worker)."""
        self._kept.update(blobs)
        for key in blobs:
            self._decoded.pop(key, None)

    # On disk -----------------------------------------------------------------
    def _shelf_here(self) -> Shelf:
        if self._shelf is None:
            folder = generation(self.path, self.fingerprint, KEEP_CONFIGURATIONS)
            self._shelf = Shelf(folder, FORMAT)
        return self._shelf

    def load(self) -> None:
        if self.path:
            self._kept = self._shelf_here().load()

    def save(self) -> None:
        """Keep what this build used (only the shards that changed are written)."""
        if self.path:
            mine = {key: self._kept[key] for key in self._used if key in self._kept}
            self._shelf_here().save(mine)


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
