"""The one exception the leaderboard plugin raises for bad input."""

from __future__ import annotations


class ChartError(ValueError):
    """A chart block, a dataset or a snapshot that cannot be used.

    ``path`` and ``line`` point at the file to fix (an essay or a data file),
    ``hint`` says what to do.
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
