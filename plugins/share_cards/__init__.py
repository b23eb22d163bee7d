"""A share card for each essay: a PNG drawn at build time, used by OpenGraph and Twitter."""

from .plugin import register

__all__ = ["register"]
