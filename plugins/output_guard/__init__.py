"""Every output path inside the output folder, and each claimed by one owner."""

from .plugin import register

__all__ = ["register"]
