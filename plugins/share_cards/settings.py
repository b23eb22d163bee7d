"""The share cards' settings: each defined once, with its default."""

from __future__ import annotations

from typing import Any

from build_cache.options import Setting, with_defaults

SETTINGS = (
    Setting(
        "SHARE_CARDS",
        False,
        "Draw a 1200x630 PNG card for each essay (title, dek, site name, and its first "
        "chart's bars) for OpenGraph and Twitter (True in publishconf.py: a card needs "
        "the site's full address to be shared).",
    ),
    Setting("SHARE_CARDS_PATH", "cards", "Folder in the output the cards are written to."),
)


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults; the input is not changed."""
    merged = with_defaults(settings, SETTINGS)
    if not isinstance(merged["SHARE_CARDS"], bool):
        raise ValueError("share_cards: SHARE_CARDS must be True or False")
    path = merged["SHARE_CARDS_PATH"]
    if not isinstance(path, str) or not path.strip("/") or ".." in path.split("/"):
        raise ValueError("share_cards: SHARE_CARDS_PATH must be a folder inside the output")
    merged["SHARE_CARDS_PATH"] = path.strip("/")
    return merged
