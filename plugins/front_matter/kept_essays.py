"""Essays the last build in this process read, made again without reading them.

``invoke livereload`` builds again in the same process after every save.
With the body kept by the render cache, reading an essay still costs more
than most of the build: Pelican works out its slug, address and dates, and
the plugins go over its HTML (links, reading aids). An essay whose file,
settings and surroundings did not change reads to the same object, so the
process keeps each essay's attributes as they were just after it was made,
and the next build makes a fresh object from them.

A kept essay stands for

* its file's text, path and the render fingerprint (the render cache's key),
* the body the render cache keeps under that key (used only while the
  body's journal still holds, which also repeats the body's effects), and
* the build's *surroundings*: every setting, every other file in the
  content folder (images, data, static files) by path, size and time, and
  what other plugins add to it (the Hugo configuration).

Not kept: an essay whose read logged a warning or an error (the next build
must say it again), and an essay whose status depends on the clock (a date
still to come, Hugo's ``publishDate`` and ``expiryDate``).

Nothing here knows Pelican; :mod:`.plugin` connects it.
"""

from __future__ import annotations

from typing import Any

CLOCK_KEYS = ("publishdate", "expirydate")


def _copied(value: Any, depth: int = 2) -> Any:
    """``value`` with its dictionaries, lists and sets copied ``depth`` levels down."""
    if depth == 0:
        return value
    if isinstance(value, dict):
        return {key: _copied(item, depth - 1) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item, depth - 1) for item in value]
    if isinstance(value, set):
        return set(value)
    return value


def snapshot(obj: Any, leave: tuple[str, ...] = ()) -> dict[str, Any]:
    """``obj``'s attributes but ``leave``, copied so later changes to ``obj`` do not reach them."""
    return {name: _copied(value) for name, value in vars(obj).items() if name not in leave}


def restore(cls: type, state: dict[str, Any], **changes: Any) -> Any:
    """A new ``cls`` object with ``state`` (copied again) and then ``changes`` as attributes."""
    obj = cls.__new__(cls)
    vars(obj).update({name: _copied(value) for name, value in state.items()})
    vars(obj).update(changes)
    return obj


class KeptEssays:
    """Per essay path: the render key it was read with, its class and attributes."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, type, dict[str, Any]]] = {}
        self._surroundings: str | None = None
        self.reused = 0

    def begin(self, surroundings: str) -> None:
        """A new build: everything is forgotten if its surroundings are not the last one's."""
        if surroundings != self._surroundings:
            self._kept.clear()
            self._surroundings = surroundings
        self.reused = 0

    def take(self, path: str, key: str) -> tuple[type, dict[str, Any]] | None:
        """The class and attributes kept for ``path``, if it was read with ``key``."""
        found = self._kept.get(path)
        if found is None or found[0] != key:
            return None
        return found[1], found[2]

    def keep(self, path: str, key: str, obj: Any, leave: tuple[str, ...] = ()) -> None:
        """Keep ``obj``'s attributes but ``leave`` (what each build gives it anew)."""
        self._kept[path] = (key, type(obj), snapshot(obj, leave))

    def forget(self, path: str) -> None:
        self._kept.pop(path, None)

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, path: str) -> bool:
        return path in self._kept


def clock_free(metadata: dict[str, Any], date: Any, now: Any) -> bool:
    """Whether an essay's status cannot change with the clock alone."""
    if any(key in metadata for key in CLOCK_KEYS):
        return False
    try:
        return date is None or date <= now
    except TypeError:  # a naive date beside an aware one: do not guess
        return False
