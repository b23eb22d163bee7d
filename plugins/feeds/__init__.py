"""Full Atom, RSS and JSON feeds for the site, each tag and each category."""

from .plugin import register

__all__ = ["register"]
