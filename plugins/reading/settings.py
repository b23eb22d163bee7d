"""The reading plugin's settings: each defined once, with its default."""

from __future__ import annotations

from typing import Any

from build_cache.options import Setting, with_defaults

SETTINGS = (
    Setting("READING_WORDS_PER_MINUTE", 230, "Reading speed used for 'N min read'."),
    Setting(
        "TOC_MIN_WORDS",
        1200,
        "Essays this long get a table of contents (front matter toc = true or "
        "false, also in [params] or [extra], decides for one essay).",
    ),
    Setting("TOC_MIN_HEADINGS", 3, "...and only when they have this many h2/h3 headings."),
    Setting("RELATED_ESSAYS", 3, "How many related essays (by shared tags) an essay lists."),
)


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults; the input is not changed."""
    merged = with_defaults(settings, SETTINGS)
    for name, value in merged.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"reading: {name} must be a whole number of 0 or more")
    if merged["READING_WORDS_PER_MINUTE"] == 0:
        raise ValueError("reading: READING_WORDS_PER_MINUTE must be more than 0")
    return merged
