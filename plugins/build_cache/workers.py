"""Render essays the cache lacks on every core, while the build reads.

Pelican reads essays one by one in one process. When a build starts, the
essays with no usable kept body are handed to worker processes, forked from
the build so they share its settings, plugins and loaded data, in the order
Pelican will read them. The build goes on reading meanwhile: before it reads
an essay that was handed out, it waits for that one (:meth:`Rendering.wait_for`),
taking in whatever bodies have come back so far. A worker sends back only the
bodies it kept (see :mod:`.render_cache`); the build then finds them kept,
replaying each body's journal so charts and sources are listed in the build's
own process.

A worker's log is silenced. A render that logs anything is not kept, so the
build renders that essay itself and its messages appear once, in order.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
from collections.abc import Callable

from . import side_process
from .render_cache import RenderCache

_job: dict = {}


def _silence() -> None:
    side_process.die_with_parent()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(logging.NullHandler())


def _render(path: str) -> tuple[str, dict[str, bytes]]:
    # A failure is the build's to report: it renders that essay again itself.
    with contextlib.suppress(Exception):
        _job["render"](path)
    return path, _job["cache"].take_fresh()


class Rendering:
    """``paths`` rendered with ``render`` in ``workers`` forked processes, kept in ``cache``."""

    def __init__(
        self, paths: list[str], render: Callable[[str], object], cache: RenderCache, workers: int
    ) -> None:
        self.cache = cache
        self.kept = 0
        self._pending = set(paths)
        _job.update(render=render, cache=cache)
        workers = min(workers, len(paths))
        # Small chunks: the build waits for the essay it is about to read.
        chunk = max(1, min(4, len(paths) // (workers * 4)))
        context = multiprocessing.get_context("fork")
        self._pool = context.Pool(workers, initializer=_silence)
        self._results = self._pool.imap_unordered(_render, paths, chunksize=chunk)

    def _take_one(self) -> bool:
        try:
            path, fresh = next(self._results)
        except StopIteration:
            self._pending.clear()
            return False
        self.cache.merge(fresh)
        self.kept += len(fresh)
        self._pending.discard(path)
        return True

    def wait_for(self, path: str) -> None:
        """Return once ``path`` is rendered (if it was handed out at all)."""
        while path in self._pending and self._take_one():
            pass

    def finish(self) -> int:
        """Take in every body still to come, end the workers; how many were kept."""
        while self._pending and self._take_one():
            pass
        self.stop()
        return self.kept

    def stop(self) -> None:
        """End the workers at once (the build that started them is over)."""
        self._pool.terminate()
        self._pool.join()
        _job.clear()


def start(
    paths: list[str], render: Callable[[str], object], cache: RenderCache, workers: int
) -> Rendering | None:
    """Start rendering ``paths``; None when there is nothing to share out or no fork."""
    if workers < 2 or len(paths) < 2 or not side_process.available():
        return None
    return Rendering(paths, render, cache, workers)
