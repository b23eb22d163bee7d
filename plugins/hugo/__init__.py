"""Hugo sites on Pelican: configuration, URLs, page bundles, static/ and shortcodes."""

from .plugin import register

__all__ = ["register"]
