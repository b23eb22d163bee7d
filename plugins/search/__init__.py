"""Offline site search: a Pagefind index built inside Pelican."""

from .plugin import register

__all__ = ["register"]
