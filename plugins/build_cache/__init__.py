"""The build's caches: where they live, how entries are written and read back,
and the worker processes that fill them; and how every plugin declares its
settings (:mod:`.options`)."""

from .plugin import register

__all__ = ["register"]
