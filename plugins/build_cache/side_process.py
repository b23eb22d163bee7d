"""Work done in a forked copy of the build while the build goes on.

Once everything is read, writing the pages uses one core; a second can write
something else meanwhile (the feeds plugin writes its feeds there). The copy
is made with ``fork``, so it starts with all the build has read and nothing is
sent to it. What it returns, or raises, comes back pickled when the build
joins it.

What the copy logs is held, not printed, and logged again by the build when
it joins the copy, through the build's own loggers: the console shows each
message once, in the order of a build without the copy, and the build's
handlers (the publish guard's count of problems) and Pelican's filters see
it as if the build had logged it.

Nothing here knows Pelican but the name of its "filtered" signal.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import pickle
import traceback
from collections.abc import Callable
from typing import Any

from . import lifecycle

try:  # Pelican's loggers raise this when their filter drops a message
    from pelican.log import FilteredMessage
except ImportError:  # pragma: no cover - outside Pelican

    class FilteredMessage(Exception):  # noqa: N818 - Pelican's name
        pass


def available() -> bool:
    """Whether this system can copy the running process (fork)."""
    return "fork" in mp.get_all_start_methods()


class SideProcessError(RuntimeError):
    """The copy failed in a way its own exception cannot carry back."""


class _Held(logging.Handler):
    """Keeps each record the copy logs, made ready to pickle."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg = record.getMessage()
        record.args = None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        for name, value in list(vars(record).items()):
            try:
                pickle.dumps(value)
            except Exception:  # noqa: BLE001 - an extra that cannot travel: as text
                setattr(record, name, repr(value))
        self.records.append(record)


def _run(work: Callable[[], Any], channel) -> None:
    lifecycle.in_helper()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    held = _Held()
    root.addHandler(held)
    try:
        outcome: tuple = ("value", work())
    except BaseException as err:  # noqa: BLE001 - everything goes back to the build
        text = traceback.format_exc()
        try:
            pickle.dumps(err)
            outcome = ("error", err, text)
        except Exception:  # noqa: BLE001 - an exception that cannot travel
            outcome = ("error", None, text)
    try:
        channel.send((outcome, held.records))
    except OSError:  # the build stopped listening (see SideProcess.stop)
        pass
    except Exception:  # noqa: BLE001 - a result that cannot travel
        channel.send((("error", None, traceback.format_exc()), held.records))
    channel.close()


class SideProcess:
    """``work()`` run in a copy of this process; :meth:`join` gives its result."""

    def __init__(self, work: Callable[[], Any], name: str) -> None:
        self.name = name
        receiving, sending = mp.Pipe(duplex=False)
        context = mp.get_context("fork")
        # Daemonic: should the build stop without joining it (an error while
        # writing), Python ends it at exit instead of waiting for a copy that
        # is itself waiting for the build to read its result.
        self._process = context.Process(target=_run, args=(work, sending), name=name, daemon=True)
        self._process.start()
        sending.close()
        self._receiving = receiving
        self._joined = False
        self._stopping = lifecycle.on_stop(self.stop)

    def stop(self) -> None:
        """End the copy unheard, if it is still running (its build was abandoned)."""
        if self._joined:
            return
        self._joined = True
        lifecycle.forget(self._stopping)
        self._receiving.close()
        self._process.terminate()
        self._process.join()

    def join(self, timeout: float | None = None) -> Any:
        """Wait for the copy; log what it logged; return its result or raise its error.
        With ``timeout``, a copy that has not answered by then is stopped and
        :class:`SideProcessError` raised (for work the build can do itself)."""
        if self._joined:
            raise SideProcessError(f"{self.name}: already joined")
        if timeout is not None and not self._receiving.poll(timeout):
            self.stop()
            raise SideProcessError(f"{self.name}: no answer in {timeout:g} s; stopped")
        self._joined = True
        lifecycle.forget(self._stopping)
        try:
            outcome, records = self._receiving.recv()
        except (EOFError, OSError):
            outcome, records = ("error", None, "it ended without a result"), []
        finally:
            self._receiving.close()
            self._process.join()
        for record in records:
            with contextlib.suppress(FilteredMessage):  # a repeat Pelican drops
                logging.getLogger(record.name).handle(record)
        if outcome[0] == "value":
            return outcome[1]
        _, error, text = outcome
        if error is not None:
            error.add_note(f"(in the {self.name} side process)\n{text}")
            raise error
        raise SideProcessError(f"{self.name}: the side process failed:\n{text}")
