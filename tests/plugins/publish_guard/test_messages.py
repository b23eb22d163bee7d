"""Messages for people: the annotation and the plain handler, as plain functions."""

from __future__ import annotations

import io
import logging

from publish_guard.messages import NoTracebackForMistakes, PlainHandler, annotation


def record(level: int, message: str, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("x", level, __file__, 1, message, None, exc_info)


def test_a_problem_with_file_and_line_becomes_a_github_annotation():
    made = annotation(record(logging.ERROR, "content/posts/a, b.md:12: wrong: fix it"))
    assert (
        made
        == "::error file=content/posts/a%2C b.md,line=12::content/posts/a, b.md:12: wrong: fix it"
    )
    assert annotation(record(logging.WARNING, "content/x.md: odd")) == (
        "::warning file=content/x.md::content/x.md: odd"
    )
    assert annotation(record(logging.WARNING, "no file here\nsecond line")) == (
        "::warning::no file here"
    )
    assert annotation(record(logging.INFO, "content/x.md: fine")) is None


def test_plain_lines_are_never_wrapped():
    stream = io.StringIO()
    handler = PlainHandler(stream, github=False)
    long = "content/posts/" + "very-long-name-" * 20 + ".md:3: what is wrong. What to do"
    handler.emit(record(logging.ERROR, long))
    assert stream.getvalue() == f"ERROR    {long}\n"


def test_the_traceback_of_a_mistake_is_dropped_unless_debugging():
    class Mistake(Exception):
        pass

    try:
        raise Mistake("typo")
    except Mistake:
        import sys

        info = sys.exc_info()
    quiet, loud = (
        NoTracebackForMistakes((Mistake,), False),
        NoTracebackForMistakes((Mistake,), True),
    )
    first, second = record(logging.CRITICAL, "x", info), record(logging.CRITICAL, "x", info)
    assert quiet.filter(first) and first.exc_info is None
    assert loud.filter(second) and second.exc_info is not None
