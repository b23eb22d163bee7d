"""Essays an earlier build read, made again without reading them.

With the body kept by the render cache, reading an essay still costs more
than most of a small rebuild: Pelican works out its slug, address and dates,
and the plugins go over its HTML (links, reading aids). An essay whose file,
settings and surroundings did not change reads to the same object, so each
essay's attributes are kept as they were just after it was made, encoded
(:mod:`.codec`),
and the next build makes a fresh object from them: in the same process
(``invoke livereload``), or in the next one from the copy saved in the cache.

A kept essay stands for

* its file's text, path and the render fingerprint (the render cache's key:
  the plugins' code and the libraries' versions are in it),
* the body the render cache keeps under that key (used only while the
  body's journal still holds, which also repeats the body's effects), and
* the build's *surroundings*: every setting, every other file in the
  content folder (images, data, static files) by path, size and time, what
  other plugins add to it (the Hugo configuration), and the Python version.

Not kept: an essay whose read logged a warning or an error (the next build
must say it again), and an essay whose status depends on the clock (a date
still to come, Hugo's ``publishDate`` and ``expiryDate``).

The build's settings are not kept with each essay (tags and authors hold
them): they stand for "this build's settings", given again when an essay is
made. Nothing here knows Pelican; :mod:`.plugin` connects it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from typing import Any

from . import codec
from .storage import Shelf, generation

FORMAT = 4  # bump when what is kept, or how, changes
KEEP_SURROUNDINGS = 3  # e.g. the local build, the publish build and one more
CLOCK_KEYS = ("publishdate", "expirydate")


def restore(cls: type, state: dict[str, Any], **changes: Any) -> Any:
    """A new ``cls`` object with ``state`` and then ``changes`` as attributes."""
    obj = cls.__new__(cls)
    vars(obj).update(state)
    vars(obj).update(changes)
    return obj


class KeptEssays:
    """Per essay path: the render key it was read with, and its class and attributes
    encoded; saved on a shelf (:mod:`.storage`) per surroundings."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, bytes]] = {}
        self._surroundings: str | None = None
        self._shelf: Shelf | None = None
        self._used: set[str] = set()
        self.reused = 0

    def begin(self, surroundings: str, saved: str | None = None) -> None:
        """A new build: everything is forgotten if its surroundings are not the last
        one's; then what an earlier process saved under the folder ``saved`` in
        these surroundings is taken."""
        surroundings = f"{surroundings}\0{sys.version}"
        name = hashlib.sha256(surroundings.encode("utf-8", "surrogatepass")).hexdigest()
        folder = os.path.join(saved, name) if saved else None
        if surroundings != self._surroundings or folder != (self._shelf and self._shelf.folder):
            self._surroundings = surroundings
            self._shelf = None
            if saved:
                self._shelf = Shelf(generation(saved, name, KEEP_SURROUNDINGS), FORMAT)
            self._kept = self._shelf.load() if self._shelf else {}
        self._used = set()
        self.reused = 0

    def take(self, path: str, key: str, settings: Any = None) -> tuple[type, dict] | None:
        """The class and attributes kept for ``path``, if it was read with ``key``;
        ``settings`` stands where the kept essay held the settings it was read with."""
        found = self._kept.get(path)
        if found is None or found[0] != key:
            return None
        try:
            cls, state = codec.loads(found[1], settings)
            if not isinstance(cls, type) or not isinstance(state, dict):
                raise codec.Unreadable("not a kept essay")
            _relink(state)
        except (codec.Unreadable, TypeError, ValueError):  # a class gone since, say: read it
            logging.getLogger(__name__).debug("kept essay %s unusable", path, exc_info=True)
            self.forget(path)
            return None
        self._used.add(path)
        return cls, state

    def keep(
        self, path: str, key: str, obj: Any, leave: tuple[str, ...] = (), also: dict | None = None
    ) -> None:
        """Keep ``obj``'s attributes but ``leave`` (what each build gives it anew), and
        ``also`` as attributes of the object made again; its ``settings`` attribute, if
        any, is what :meth:`take` is given instead."""
        settings = getattr(obj, "settings", None)
        state = {name: value for name, value in vars(obj).items() if name not in leave}
        state.update(also or {})
        try:
            blob = codec.dumps((type(obj), _unlinked(state)), settings)
        except codec.Unkeepable:  # something in it cannot be kept: not kept
            logging.getLogger(__name__).debug("essay %s not kept", path, exc_info=True)
            self.forget(path)
            return
        self._kept[path] = (key, blob)
        self._used.add(path)

    def forget(self, path: str) -> None:
        self._kept.pop(path, None)

    def save(self) -> None:
        """Save what this build kept or used (the others are gone); only the
        shards that changed are written."""
        if self._used != self._kept.keys():
            self._kept = {name: self._kept[name] for name in self._used if name in self._kept}
        if self._shelf is not None:
            self._shelf.save(self._kept)

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, path: str) -> bool:
        return path in self._kept


# A metadata value that is the very object of the attribute of the same name
# (Pelican sets each metadata key as an attribute): kept once, linked again.
SAME_AS_ATTRIBUTE = "\0same as the attribute"


def _unlinked(state: dict[str, Any]) -> dict[str, Any]:
    metadata = state.get("metadata")
    if not isinstance(metadata, dict):
        return state
    linked = {
        key: SAME_AS_ATTRIBUTE if key != "metadata" and state.get(key.lower()) is value else value
        for key, value in metadata.items()
    }
    return {**state, "metadata": linked}


def _relink(state: dict[str, Any]) -> None:
    metadata = state.get("metadata")
    if not isinstance(metadata, dict):
        return
    for key, value in metadata.items():
        if type(value) is str and value == SAME_AS_ATTRIBUTE:
            if key.lower() not in state:
                raise codec.Unreadable(f"metadata {key!r} names no attribute")
            metadata[key] = state[key.lower()]


def clock_free(metadata: dict[str, Any], date: Any, now: Any) -> bool:
    """Whether an essay's status cannot change with the clock alone."""
    if any(key in metadata for key in CLOCK_KEYS):
        return False
    try:
        return date is None or date <= now
    except TypeError:  # a naive date beside an aware one: do not guess
        return False
