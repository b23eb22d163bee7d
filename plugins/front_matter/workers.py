"""Render essays the cache lacks on every core, before the build reads them.

Pelican reads essays one by one in one process. Before it starts, the
essays with no usable kept body are rendered in worker processes, forked
from the build so they share its settings, plugins and loaded data. A
worker sends back only the bodies it kept (see :mod:`.render_cache`); the
build then reads every essay as usual and finds them kept, replaying each
body's journal so charts and sources are listed in the build's own process.

A worker's log is silenced. A render that logs anything is not kept, so the
build renders that essay itself and its messages appear once, in order.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
from collections.abc import Callable

from .render_cache import RenderCache

_job: dict = {}


def _silence() -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(logging.NullHandler())


def _render(path: str) -> dict[str, bytes]:
    # A failure is the build's to report: it renders that essay again itself.
    with contextlib.suppress(Exception):
        _job["render"](path)
    return _job["cache"].take_fresh()


def render_all(
    paths: list[str], render: Callable[[str], object], cache: RenderCache, workers: int
) -> int:
    """Render ``paths`` with ``render`` in ``workers`` forked processes; keep what they keep."""
    if workers < 2 or len(paths) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    _job.update(render=render, cache=cache)
    kept = 0
    workers = min(workers, len(paths))
    chunk = max(1, min(16, len(paths) // (workers * 4)))
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_silence) as pool:
            for fresh in pool.imap_unordered(_render, paths, chunksize=chunk):
                cache.merge(fresh)
                kept += len(fresh)
    finally:
        _job.clear()
    return kept
