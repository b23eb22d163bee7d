"""The one exception the front-matter plugin raises for bad input."""

from __future__ import annotations


class FrontMatterError(ValueError):
    """A file's front matter cannot be used.

    Carries the file, the line (1-based, when known), what is wrong and what
    the author can do about it, so the message reads well on its own in a
    build log.
    """

    def __init__(self, path: str, problem: str, hint: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.problem}. {self.hint}"
