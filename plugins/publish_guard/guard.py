"""What the publish build promises: no drafts, and no essay silently skipped.

Every problem a build meets is logged at ERROR level, by Pelican or by our
plugins, with the file and what to do. :class:`ProblemLog` collects those
records; at the end of the reading stage and again at the end of the build,
:func:`verdict` says whether the build may stand.
"""

from __future__ import annotations

import logging


class ProblemLog(logging.Handler):
    """Keeps the message of every ERROR (or worse) record logged during a build."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.messages:
            self.messages.append(message)


class BuildFailed(Exception):
    """Raised to stop a strict build; Pelican exits with ``exitcode``."""

    exitcode = 1


def verdict(messages: list[str], stage: str) -> BuildFailed | None:
    """A BuildFailed naming every problem, or None when there were none."""
    if not messages:
        return None
    listed = "\n".join(f"  - {message}" for message in messages)
    count = len(messages)
    noun = "problem" if count == 1 else "problems"
    return BuildFailed(
        f"the publish build stopped {stage} with {count} {noun}; nothing "
        f"broken is published. Fix each one, then build again:\n{listed}"
    )
