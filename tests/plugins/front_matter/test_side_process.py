"""Work in a forked copy of the process: its result, its errors and its log
come back to the process that joins it."""

from __future__ import annotations

import logging
import os
import time

import pytest
from front_matter.side_process import SideProcess, SideProcessError, available

pytestmark = pytest.mark.skipif(not available(), reason="this system cannot fork")
log = logging.getLogger("side.test")


def test_the_work_runs_in_another_process_and_its_value_comes_back():
    here = os.getpid()
    side = SideProcess(lambda: {"pid": os.getpid(), "parts": [1, "two"]}, "test")
    answer = side.join()
    assert answer["parts"] == [1, "two"]
    assert answer["pid"] != here


def test_what_the_copy_logs_is_logged_once_here_when_joined(caplog):
    def work():
        log.warning("posts/%s.md: a %s", "essay", "warning")
        log.debug("detail")
        try:
            raise ValueError("inside")
        except ValueError:
            log.exception("failed once")
        return "done"

    caplog.set_level(logging.DEBUG, logger="side.test")
    side = SideProcess(work, "test")
    assert caplog.records == []  # held in the copy until the join
    assert side.join() == "done"
    shown = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert shown == [
        ("side.test", logging.WARNING, "posts/essay.md: a warning"),
        ("side.test", logging.DEBUG, "detail"),
        ("side.test", logging.ERROR, "failed once"),
    ]
    assert "ValueError: inside" in caplog.records[-1].exc_text


def test_an_exception_is_raised_again_with_the_copys_traceback():
    def work():
        raise KeyError("unknown-source")

    with pytest.raises(KeyError, match="unknown-source") as raised:
        SideProcess(work, "feeds").join()
    note = "\n".join(raised.value.__notes__)
    assert "in the feeds side process" in note and "raise KeyError" in note


def test_an_exception_that_cannot_be_pickled_comes_back_as_text():
    class Local(Exception):  # a class defined here cannot be pickled by name
        pass

    def work():
        raise Local("odd failure")

    with pytest.raises(SideProcessError, match="odd failure"):
        SideProcess(work, "test").join()


def test_a_copy_that_dies_without_answering_is_an_error_and_join_once_only():
    side = SideProcess(lambda: os._exit(3), "test")
    with pytest.raises(SideProcessError, match="ended without a result"):
        side.join()
    with pytest.raises(SideProcessError, match="already joined"):
        side.join()


def test_a_copy_whose_build_was_abandoned_is_stopped_unheard(caplog):
    def work():
        log.warning("never shown")
        time.sleep(60)

    side = SideProcess(work, "test")
    started = time.monotonic()
    side.stop()
    assert time.monotonic() - started < 10
    assert not side._process.is_alive()
    assert caplog.records == []
    side.stop()  # twice is harmless
