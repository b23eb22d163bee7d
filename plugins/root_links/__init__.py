"""Root-relative links (Hugo's /images/...) that keep working under a subpath."""

from .plugin import register

__all__ = ["register"]
