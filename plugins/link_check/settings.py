"""The link checker's settings: each defined once, with its default."""

from __future__ import annotations

from typing import Any

from build_cache.options import Setting, with_defaults

SETTINGS = (
    Setting(
        "LINK_CHECK",
        False,
        "At the end of the build, check that every internal href and src leads to a "
        "file the build wrote; each one that does not is an error (True in publishconf.py).",
    ),
    Setting(
        "LINK_CHECK_KNOWN_BROKEN",
        "known-broken-links.txt",
        "A file beside the content folder listing links already broken before the "
        "site moved here (written by invoke import-hugo): each is a warning, not an "
        "error. None for none.",
    ),
)


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults; the input is not changed."""
    merged = with_defaults(settings, SETTINGS)
    if not isinstance(merged["LINK_CHECK"], bool):
        raise ValueError("link_check: LINK_CHECK must be True or False")
    if not isinstance(merged["LINK_CHECK_KNOWN_BROKEN"], str | None):
        raise ValueError("link_check: LINK_CHECK_KNOWN_BROKEN must be a file name or None")
    return merged
