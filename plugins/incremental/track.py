"""Which objects a Jinja render read: the essays a page depends on.

Jinja compiles ``essay.summary`` and ``essay["summary"]`` (and the
``attribute=`` of filters such as ``sort`` and ``map``) into calls of its
environment's ``getattr`` and ``getitem``. :meth:`Tracker.watch` wraps those
two on one environment; while :meth:`Tracker.recording` is open, each object
the ``wanted`` test accepts for the attribute asked is noted.

Nothing here knows Pelican; :mod:`.plugin` says which objects and attributes
count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class Tracker:
    def __init__(self, wanted: Callable[[Any, Any], bool]) -> None:
        self.wanted = wanted
        self._seen: dict[int, Any] | None = None

    def watch(self, env) -> None:
        """Note reads through ``env`` (once per environment)."""
        if getattr(env, "_incremental_tracker", None) is self:
            return
        plain_getattr, plain_getitem = env.getattr, env.getitem

        def getattr_(obj, attribute):
            seen = self._seen
            if seen is not None and self.wanted(obj, attribute):
                seen[id(obj)] = obj
            return plain_getattr(obj, attribute)

        def getitem_(obj, argument):
            seen = self._seen
            if seen is not None and self.wanted(obj, argument):
                seen[id(obj)] = obj
            return plain_getitem(obj, argument)

        env.getattr = getattr_
        env.getitem = getitem_
        env._incremental_tracker = self

    @contextmanager
    def recording(self) -> Iterator[dict[int, Any]]:
        """The objects read while open, by id (nested recordings each get their own)."""
        outer, self._seen = self._seen, {}
        try:
            yield self._seen
        finally:
            inner, self._seen = self._seen, outer
            if outer is not None:
                outer.update(inner)
