"""The one exception the bibliography plugin raises for bad input."""

from __future__ import annotations


class SourceError(ValueError):
    """A source or a citation that cannot be used; names the file and line to fix."""

    def __init__(self, path: str, problem: str, hint: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.problem}. {self.hint}"
