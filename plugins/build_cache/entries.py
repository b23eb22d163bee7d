"""Cache files: each written whole or not at all, and read back only if intact.

A file holds one entry::

    MAGIC | format (2 bytes) | code digest (32) | payload digest (32) | payload

The *format* is this module's and :mod:`.codec`'s; the *code digest* is the
SHA-256 of every Python file of our plugins, so an entry written by other
code is never used; the *payload digest* is the SHA-256 of the payload, a
:mod:`.codec` value. A file is written to a temporary name beside it and
renamed into place, so a build stopped at any moment leaves the old entry or
the new one, never half of one.

Reading never fails: a missing file is simply absent; a truncated, damaged,
planted or foreign one, or one that cannot be read, is absent too, and
counted (:func:`take_ignored`), so the build says once how many it ignored.
A cache folder that cannot be written (read-only, full) turns saving off for
the rest of the build, with one warning (:func:`unwritable`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import Any

from . import codec

MAGIC = b"moe-cache\n"
FORMAT = 1  # bump when this layout or the codec's changes
_HEAD = len(MAGIC) + 2 + 32 + 32

STALE = "written "  # how the reasons for an entry of another version begin
logger = logging.getLogger(__name__)
_lock = threading.Lock()
_state: dict[str, Any] = {"ignored": {}, "unwritable": None}


@functools.cache
def code_digest() -> bytes:
    """SHA-256 of the paths and bytes of every ``.py`` file of our plugins (once a
    process: code changed while a preview runs is not the code it runs)."""
    top = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(top.rglob("*.py")):
        digest.update(path.relative_to(top).as_posix().encode("utf-8", "surrogatepass") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def seal(payload: bytes) -> bytes:
    """``payload`` with the header that :func:`unseal` checks."""
    head = MAGIC + FORMAT.to_bytes(2, "big") + code_digest() + hashlib.sha256(payload).digest()
    return head + payload


def unseal(blob: bytes) -> memoryview:
    """The payload of a sealed entry, as a view of ``blob`` (a copy of a shelf's
    file cost as much as its digest); :class:`codec.Unreadable` names what is wrong."""
    if len(blob) < _HEAD or not blob.startswith(MAGIC):
        raise codec.Unreadable("not a cache entry, or cut short")
    at = len(MAGIC)
    if int.from_bytes(blob[at : at + 2], "big") != FORMAT:
        raise codec.Unreadable("written in another cache format")
    if blob[at + 2 : at + 34] != code_digest():
        raise codec.Unreadable("written by other code")
    payload = memoryview(blob)[_HEAD:]
    if hashlib.sha256(payload).digest() != blob[at + 34 : _HEAD]:
        raise codec.Unreadable("damaged: its digest does not match")
    return payload


def ignored(path: str, why: object) -> None:
    """Count ``path`` as an entry this build could not use, for :func:`take_ignored`."""
    logger.debug("cache entry %s ignored: %s", path, why)
    with _lock:
        _state["ignored"][path] = str(why)


def take_ignored() -> dict[str, str]:
    """The entries ignored since the last call, by path, with the reason."""
    with _lock:
        found, _state["ignored"] = _state["ignored"], {}
    return found


def read(path: str, settings: Any = None) -> Any:
    """The value saved at ``path``, or None when it is missing or unusable."""
    try:
        with open(path, "rb") as handle:
            blob = handle.read()
    except FileNotFoundError:
        return None
    except OSError as err:
        ignored(path, err)
        return None
    try:
        return codec.loads(unseal(blob), settings)
    except codec.Unreadable as err:
        ignored(path, err)
        return None


def write(path: str, value: Any, settings: Any = None) -> bool:
    """Save ``value`` at ``path`` atomically; False if it was not saved (a value
    the codec cannot keep, or a folder that cannot be written)."""
    try:
        payload = codec.dumps(value, settings)
    except codec.Unkeepable as err:
        logger.debug("cache entry %s not saved: %s", path, err)
        return False
    return write_bytes(path, seal(payload))


def write_bytes(path: str, blob: bytes) -> bool:
    """Put ``blob`` at ``path`` by a temporary file and a rename; False if the
    folder cannot be written (saving is then off for the rest of the build)."""
    if _state["unwritable"] is not None:
        return False
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(blob)
        os.replace(temporary, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        unwritable(path, err)
        return False
    return True


def unwritable(path: str, err: OSError) -> None:
    """The cache cannot be written: say so once, and save nothing more this build."""
    with _lock:
        first = _state["unwritable"] is None
        _state["unwritable"] = path
    if first:
        logger.warning(
            "the cache cannot be written (%s: %s); this build saves nothing for the next",
            path,
            err.strerror or err,
        )


def writable() -> bool:
    """Whether saving is still on in this build."""
    return _state["unwritable"] is None


def begin() -> None:
    """A new build: saving is on again. (What was ignored stays counted until
    :func:`take_ignored`: a plugin may read before this is called.)"""
    with _lock:
        _state["unwritable"] = None
