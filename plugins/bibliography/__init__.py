"""Source bibliographies: citations that link both ways, sources grouped by category."""

from .plugin import register

__all__ = ["register"]
