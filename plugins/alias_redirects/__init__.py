"""Redirect pages for Hugo ``aliases`` and Jekyll ``redirect_from``."""

from .plugin import register

__all__ = ["register"]
