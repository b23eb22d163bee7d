"""The front-matter plugin's settings: each defined once, with its default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .permalinks import PermalinkError, to_pelican


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS = (
    Setting(
        "ARTICLE_PERMALINK",
        "/posts/:slug/",
        "Hugo-style permalink for essays (tokens :year :month :day :slug "
        ":title :section :filename :slugorfilename); sets ARTICLE_URL and "
        "ARTICLE_SAVE_AS. None leaves those two as they are.",
    ),
    Setting(
        "SUMMARY_DIVIDER",
        "<!--more-->",
        "Hugo's summary divider: the text before it is the essay's summary.",
    ),
)


class SettingsError(ValueError):
    """A setting of this plugin has a value it cannot use."""


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults, checked; the input is not changed."""
    merged = {s.name: settings.get(s.name, s.default) for s in SETTINGS}
    permalink = merged["ARTICLE_PERMALINK"]
    if permalink is not None:
        try:
            merged["ARTICLE_URL"], merged["ARTICLE_SAVE_AS"] = to_pelican(permalink)
        except PermalinkError as err:
            raise SettingsError(f"front_matter: ARTICLE_PERMALINK: {err}") from None
    divider = merged["SUMMARY_DIVIDER"]
    if not isinstance(divider, str) or not divider.strip():
        raise SettingsError("front_matter: SUMMARY_DIVIDER must be non-empty text")
    return merged
