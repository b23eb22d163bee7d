"""The one error type of the Hugo plugin: where, what, and what to do."""

from __future__ import annotations


class HugoError(ValueError):
    """Bad input met while importing or building a Hugo site."""

    def __init__(self, path: str, problem: str, hint: str, line: int | None = None) -> None:
        self.path = path
        self.problem = problem
        self.hint = hint
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}. {hint}")
