"""Signal receivers for the build cache; kept thin on purpose."""

from __future__ import annotations


def register() -> None:
    """Nothing to connect yet: the other plugins ask this package for their stores."""
