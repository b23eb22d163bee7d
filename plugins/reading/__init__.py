"""Reading aids: reading time, contents, sidenotes, figures, related essays."""

from .plugin import register

__all__ = ["register"]
