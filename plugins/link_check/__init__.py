"""Internal links checked over the written site; publish fails on a broken one."""

from .plugin import register

__all__ = ["register"]
