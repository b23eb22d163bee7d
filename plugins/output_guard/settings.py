"""The output guard's settings: each defined once, with its default."""

from __future__ import annotations

from typing import Any

from build_cache.options import Setting, with_defaults

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
    merged = with_defaults(settings, SETTINGS)
    roots = merged["LINK_TARGETS_ALLOWED"]
    if not isinstance(roots, list | tuple) or not all(isinstance(r, str) for r in roots):
        raise ValueError("output_guard: LINK_TARGETS_ALLOWED must be a list of folder paths")
    return merged
