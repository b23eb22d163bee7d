"""The output guard's settings: each defined once, with its default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS = (
    Setting(
        "LINK_TARGETS_ALLOWED",
        [],
        "Folders outside the project that symbolic links in the content may point "
        "into (the project folder and the content folder always may). A link to "
        "anything else, such as /etc/passwd, is refused with an error and never published.",
    ),
)


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults; the input is not changed."""
    merged = {s.name: settings.get(s.name, s.default) for s in SETTINGS}
    roots = merged["LINK_TARGETS_ALLOWED"]
    if not isinstance(roots, list | tuple) or not all(isinstance(r, str) for r in roots):
        raise ValueError("output_guard: LINK_TARGETS_ALLOWED must be a list of folder paths")
    return merged
