"""The incremental plugin's settings: each defined once, with its default."""

from __future__ import annotations

from typing import Any

from build_cache.options import Setting, with_defaults

SETTINGS = (
    Setting(
        "PAGE_CACHE",
        True,
        "Render again only the pages and feeds whose inputs changed since the last build "
        "into the same OUTPUT_PATH, and keep the others' files: an essay page, a list or a "
        "feed is kept while the settings, code, theme, every essay's metadata and every "
        "other content file are unchanged, and so are the bodies of the essays it shows. "
        "False renders every page on every build.",
    ),
)


class SettingsError(ValueError):
    """A setting of this plugin has a value it cannot use."""


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults, checked; the input is not changed."""
    merged = with_defaults(settings, SETTINGS)
    if not isinstance(merged["PAGE_CACHE"], bool):
        raise SettingsError(
            f"incremental: PAGE_CACHE must be True or False, not {merged['PAGE_CACHE']!r}"
        )
    return merged
