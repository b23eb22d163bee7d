"""The build's helper processes end with it, whatever ends it.

A build starts forked render workers, a forked side process (the feeds) and
Pagefind runs. Each registers how to stop it (:func:`on_stop`); everything
registered is stopped when the build process exits for any reason Python
sees (an error, Ctrl-C, ``sys.exit``) and when it receives SIGTERM (a CI
job's timeout, ``kill``), which otherwise ends a Python process without
running any of its clean-up. A helper whose build is killed outright
(SIGKILL, an out-of-memory kill) is ended by the kernel
(:func:`die_with_parent`).

A helper that dies, or fails outside the work it was given, ends the build:
:class:`BuildStopped` is a ``SystemExit``, which Pelican does not catch, so
no reader or writer takes it for one file's problem and goes on.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)
_exit = {"status": 0}
_stoppers: dict[int, Callable[[], None]] = {}
_numbers = itertools.count()
_lock = threading.Lock()


class BuildStopped(SystemExit):
    """The build cannot go on (a helper process died or failed); its message is
    logged as an error before this is raised, and the exit status is 1."""

    def __init__(self, message: str) -> None:
        super().__init__(1)
        self.message = message

    def __str__(self) -> str:
        return self.message


def stop_build(message: str) -> BuildStopped:
    """Log ``message`` as an error and give the exception that ends the build."""
    logger.error("%s", message)
    stop_everything()
    return BuildStopped(message)


def on_stop(stop: Callable[[], None]) -> int:
    """Have ``stop()`` called if the build ends before :func:`forget` is."""
    with _lock:
        number = next(_numbers)
        _stoppers[number] = stop
    return number


def forget(number: int) -> None:
    with _lock:
        _stoppers.pop(number, None)


def stop_everything() -> None:
    """Stop every helper still registered, newest first."""
    with _lock:
        stoppers = [_stoppers.pop(n) for n in sorted(_stoppers, reverse=True)]
    for stop in stoppers:
        with contextlib.suppress(Exception):
            stop()


def _terminated(signum, frame) -> None:
    stop_everything()
    raise SystemExit(128 + signum)


def install() -> None:
    """In the build's main thread: SIGTERM stops the helpers and exits (unless
    someone else already handles it, such as a preview server)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminated)


def _after_fork_in_child() -> None:
    """Any forked copy of the build (ours, or a library's pool worker) is not the
    build: SIGTERM ends it at once, as by default, and it stops none of the
    build's helpers and sets no exit status. Without this, a pool worker told
    to stop by its pool ran the build's handler instead and could hang."""
    with contextlib.suppress(ValueError, OSError):  # not the main thread: left as it is
        if signal.getsignal(signal.SIGTERM) is _terminated:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    global _lock
    _lock = threading.Lock()  # another thread may have held it at the fork
    _stoppers.clear()
    _exit["status"] = 0


os.register_at_fork(after_in_child=_after_fork_in_child)


def in_helper() -> None:
    """In a forked helper: die with the build, and die at once on SIGTERM or
    Ctrl-C (the build is told too, and says what happened)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    with _lock:
        _stoppers.clear()  # the build's helpers are not this process's to stop
    die_with_parent()


_prctl: list = []


def _load_prctl() -> None:
    if _prctl:
        return
    try:
        import ctypes

        _prctl.append(ctypes.CDLL(None, use_errno=True).prctl)
    except (OSError, AttributeError):  # not Linux
        _prctl.append(None)


def die_with_parent() -> None:
    """Have the kernel end this process (SIGTERM) when the process that made it
    ends. Linux only; elsewhere a no-op. Safe in a ``preexec_fn``: it only calls
    ``prctl``, loaded beforehand by :func:`child_setup`."""
    _load_prctl()
    if _prctl[0] is None:
        return
    _prctl[0](1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent is already gone
        os._exit(1)


def child_setup() -> Callable[[], None] | None:
    """A ``preexec_fn`` for a program the build runs (Pagefind), or None where
    the kernel cannot tie it to the build."""
    _load_prctl()
    return die_with_parent if _prctl[0] is not None else None


def fail_at_exit(status: int = 1) -> None:
    """Have the process exit with ``status`` once everything else is done (a local
    build that reported problems: its site is written, its exit says so)."""
    _exit["status"] = status


def _exit_with_status() -> None:
    status = _exit["status"]
    if not status:
        return
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)  # the status Pelican's main() would not give


# Registered first, so it runs last of this process's exit handlers (they run
# newest first): the helpers are stopped and the caches' report said before it.
atexit.register(_exit_with_status)
atexit.register(stop_everything)
