"""Write again only the pages and feeds whose inputs changed since the last build."""

from .plugin import register

__all__ = ["register"]
