"""Build messages a person reads: one line per problem, no traceback for a mistake.

Pelican's console handler draws each message in a column beside the time and
the logging call's file; written to a file or a CI log (no terminal), that
column is about 45 characters wide and a file path breaks across lines. And a
publish build stopped by our guard ended with a Python traceback, as if it
had crashed.

* :class:`PlainHandler` writes ``LEVEL  message`` on whole lines, for output
  that is not a terminal;
* :class:`NoTracebackForMistakes` drops the traceback of the guard's own stop
  (``--debug`` or ``PELICAN_DEBUG=1`` keep it);
* :func:`annotation` turns ``path:line: text`` into a GitHub Actions
  ``::error file=…,line=…::`` command, so each problem shows on the commit
  and the pull request.

Plain logging: nothing here knows Pelican.
"""

from __future__ import annotations

import logging
import os
import re
import sys

#: "content/posts/x.md:12: what is wrong. What to do" (the line is optional).
_WHERE = re.compile(r"^(?P<file>[^\s:][^:\n]*?\.[A-Za-z0-9]+)(?::(?P<line>\d+))?: ")


def annotation(record: logging.LogRecord) -> str | None:
    """The GitHub Actions workflow command for a warning or an error, or None."""
    if record.levelno < logging.WARNING:
        return None
    message = record.getMessage()
    kind = "error" if record.levelno >= logging.ERROR else "warning"
    where = _WHERE.match(message)
    properties = ""
    if where:
        properties = f" file={_escape(where['file'], True)}"
        if where["line"]:
            properties += f",line={where['line']}"
    first = message.split("\n", 1)[0]
    return f"::{kind}{properties}::{_escape(first, False)}"


def _escape(text: str, property_value: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class PlainHandler(logging.StreamHandler):
    """``LEVEL  message``, never wrapped; the GitHub annotation after each problem
    when running in GitHub Actions."""

    def __init__(self, stream=None, github: bool | None = None) -> None:
        super().__init__(stream or sys.stderr)
        self.github = os.environ.get("GITHUB_ACTIONS") == "true" if github is None else github
        self.setFormatter(logging.Formatter("%(levelname)-8s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)
        if self.github:
            command = annotation(record)
            if command:
                self.stream.write(command + "\n")
                self.flush()


class NoTracebackForMistakes(logging.Filter):
    """Drops the traceback from the record of an exception the author caused
    (the classes in ``mistakes``), unless debugging was asked for."""

    def __init__(self, mistakes: tuple[type[BaseException], ...], debug: bool) -> None:
        super().__init__()
        self.mistakes = mistakes
        self.debug = debug

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, self.mistakes) and not self.debug:
            record.exc_info = None
            record.exc_text = None
        return True


class NamesTheCause(logging.Filter):
    """Pelican says only "Could not process posts/x.md" when a file's read raises
    (the reason is in a traceback shown with ``--debug``): the reason is added
    to the line, so the author learns what went wrong without it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info or not str(record.msg).startswith("Could not process"):
            return True
        error = sys.exc_info()[1]
        if error is not None and not getattr(record, "cause_named", False):
            record.msg = f"{record.msg}: %s"
            record.args = (*(record.args or ()), f"{type(error).__name__}: {error}")
            record.cause_named = True
        return True


def wants_debug(argv: list[str] | None = None) -> bool:
    argv = sys.argv if argv is None else argv
    return os.environ.get("PELICAN_DEBUG") == "1" or "--debug" in argv or "-D" in argv


def install(mistakes: tuple[type[BaseException], ...]) -> None:
    """Plain lines when the output is not a terminal (or in GitHub Actions), and no
    traceback for a mistake, on every handler of the root logger."""
    root = logging.getLogger()
    generators = logging.getLogger("pelican.generators")
    if not any(isinstance(f, NamesTheCause) for f in generators.filters):
        generators.addFilter(NamesTheCause())
    plain = not sys.stderr.isatty() or os.environ.get("GITHUB_ACTIONS") == "true"
    for handler in list(root.handlers):
        if plain and not isinstance(handler, PlainHandler) and _is_console(handler):
            replacement = PlainHandler()
            replacement.setLevel(handler.level)
            for kept in handler.filters:
                replacement.addFilter(kept)
            root.removeHandler(handler)
            root.addHandler(replacement)
            handler = replacement
        if not any(isinstance(f, NoTracebackForMistakes) for f in handler.filters):
            handler.addFilter(NoTracebackForMistakes(mistakes, wants_debug()))


def _is_console(handler: logging.Handler) -> bool:
    """Pelican's rich console handler (and not, say, a test's capturing handler)."""
    return type(handler).__name__ == "RichHandler"
