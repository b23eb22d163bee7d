"""The leaderboard plugin's settings: each defined once, with its default."""

from __future__ import annotations

from typing import Any

from build_cache.options import Setting, with_defaults

SETTINGS = (
    Setting(
        "LEADERBOARD_DATA_PATH",
        "data",
        "Folder under the content folder that holds one folder per dataset.",
    ),
    Setting(
        "LEADERBOARD_DATA_PAGE",
        "data/index.html",
        "Where the page listing every dataset is written; None for no page.",
    ),
    Setting("LEADERBOARD_FETCH_TIMEOUT", 20, "Seconds `invoke refresh-data` waits for a source."),
    Setting(
        "LEADERBOARD_FETCH_MAX_BYTES",
        5_000_000,
        "The largest response `invoke refresh-data` accepts from a source.",
    ),
)


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults; the input is not changed."""
    merged = with_defaults(settings, SETTINGS)
    for name in ("LEADERBOARD_FETCH_TIMEOUT", "LEADERBOARD_FETCH_MAX_BYTES"):
        value = merged[name]
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"leaderboard: {name} must be a positive number")
    return merged
