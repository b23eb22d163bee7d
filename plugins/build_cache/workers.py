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
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from . import lifecycle, side_process
from .render_cache import RenderCache

_job: dict = {}


def _silence() -> None:
    lifecycle.in_helper()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(logging.NullHandler())


def _render(paths: list[str]) -> list[tuple[str, dict[str, bytes]]]:
    done = []
    for path in paths:
        # A failure is the build's to report: it renders that essay again itself.
        with contextlib.suppress(Exception):
            _job["render"](path)
        done.append((path, _job["cache"].take_fresh()))
    return done


class Rendering:
    """``paths`` rendered with ``render`` in ``workers`` forked processes, kept in ``cache``.

    A worker that dies (killed, out of memory) or fails outside a render ends
    the build with a message (:func:`lifecycle.stop_build`): the executor notices
    a worker's death, where a ``multiprocessing.Pool`` waits for its result
    for ever.
    """

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
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_silence)
        self._stopping = lifecycle.on_stop(self.stop)
        # Handed out in the order Pelican reads them.
        self._future_of: dict[str, Future] = {}
        self._futures: dict[Future, list[str]] = {}
        for start in range(0, len(paths), chunk):
            part = paths[start : start + chunk]
            future = self._pool.submit(_render, part)
            self._futures[future] = part
            for path in part:
                self._future_of[path] = future

    def _take(self, future: Future) -> None:
        part = self._futures.pop(future, None)
        if part is None:
            return
        try:
            done = future.result()
        except BrokenProcessPool:
            held = sorted(self._pending)
            named = ", ".join(held[:5]) + (f" and {len(held) - 5} more" if len(held) > 5 else "")
            raise lifecycle.stop_build(
                "a render worker ended without a word (killed, or out of memory) with "
                f"these essays still to render: {named}; the build stops. Build again; if "
                "it happens again, set RENDER_WORKERS = 1 to render in the build's own process"
            ) from None
        except Exception as err:  # noqa: BLE001 - the worker's own failure
            raise lifecycle.stop_build(
                f"a render worker failed while rendering {', '.join(part)}: "
                f"{type(err).__name__}: {err}; the build stops"
            ) from err
        for path, fresh in done:
            self.cache.merge(fresh)
            self.kept += len(fresh)
            self._pending.discard(path)

    def _take_done(self) -> None:
        for future in [f for f in self._futures if f.done()]:
            self._take(future)

    def wait_for(self, path: str) -> None:
        """Return once ``path`` is rendered (if it was handed out at all)."""
        if path not in self._pending:
            return
        self._take_done()
        future = self._future_of.get(path)
        if path in self._pending and future is not None:
            wait([future])
            self._take(future)

    def finish(self) -> int:
        """Take in every body still to come, end the workers; how many were kept."""
        while self._futures:
            wait(list(self._futures), return_when="FIRST_COMPLETED")
            self._take_done()
        self._pending.clear()
        self.stop()
        return self.kept

    def stop(self) -> None:
        """End the workers at once (the build that started them is over)."""
        lifecycle.forget(self._stopping)
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in list((getattr(self._pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                process.terminate()
        for process in list((getattr(self._pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                process.join(5)
        _job.clear()


def start(
    paths: list[str], render: Callable[[str], object], cache: RenderCache, workers: int
) -> Rendering | None:
    """Start rendering ``paths``; None when there is nothing to share out or no fork."""
    if workers < 2 or len(paths) < 2 or not side_process.available():
        return None
    return Rendering(paths, render, cache, workers)


def fork_map(function: Callable, items: list, workers: int, least: int = 8) -> list:
    """``[function(item) for item in items]``, on ``workers`` forked processes when
    there are at least ``least`` items to share out (references formatted,
    share cards drawn: tens of milliseconds each).

    The pool is closed and joined, not terminated (what ``with Pool()`` does): a
    worker killed while it holds the task queue's lock can leave terminate()
    waiting for ever on another worker.
    """
    if workers < 2 or len(items) < least or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        results = pool.map(function, items, chunksize=max(1, len(items) // (workers * 8)))
    except BaseException:
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
    return results
