"""A plugin's settings, each declared once with its default and what it does.

Every plugin lists its settings as :class:`Setting` values in its own
``settings`` module (``SETTINGS``) and merges the build's over their
defaults with :func:`with_defaults` before checking them; the settings
reference in the docs is made from the same declarations
(``sitecheck/settings_doc.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


def with_defaults(settings: Mapping[str, Any], declared: Iterable[Setting]) -> dict[str, Any]:
    """Each declared setting's value in ``settings``, or its default; a new dict."""
    return {s.name: settings.get(s.name, s.default) for s in declared}
