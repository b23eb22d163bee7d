"""What the publish build promises: no drafts, and no essay silently skipped.

Every problem a build meets is logged at ERROR level, by Pelican or by our
plugins, with the file and what to do. :class:`ProblemLog` collects those
records; at the end of the reading stage and again at the end of the build,
:func:`verdict` says whether the build may stand.
"""

from __future__ import annotations

import logging


class ProblemLog(logging.Handler):
    """Keeps the message of every ERROR (or worse) record logged during a build,
    and in ``records`` every WARNING or worse as plain data (level, message, and
    the ``problem`` facts a plugin attached with ``extra``)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []
        self.records: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        facts = getattr(record, "problem", None)
        self.records.append(
            {
                "level": record.levelname.lower(),
                "message": message,
                **(facts if isinstance(facts, dict) else {}),
            }
        )
        if record.levelno >= logging.ERROR and message not in self.messages:
            self.messages.append(message)


class BuildFailed(Exception):
    """Raised to stop a strict build; Pelican exits with ``exitcode``."""

    exitcode = 1


def verdict(messages: list[str], stage: str) -> BuildFailed | None:
    """A BuildFailed counting the problems (each was logged once, above), or None."""
    if not messages:
        return None
    count = len(messages)
    which = "1 problem, named above" if count == 1 else f"{count} problems, each named above"
    return BuildFailed(
        f"the publish build stopped {stage} with {which}; nothing was published. "
        "Fix {0}, then build again".format("it" if count == 1 else "each one")
    )
