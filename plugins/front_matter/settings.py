"""The front-matter plugin's settings: each defined once, with its default."""

from __future__ import annotations

import os
import re
from typing import Any

from build_cache.options import Setting, with_defaults

from .permalinks import PermalinkError, to_pelican

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
        r"<!--\s*more\s*-->",
        "Regular expression for the summary divider (Hugo's <!--more-->, "
        "Zola's <!-- more -->): the text before it is the essay's summary.",
    ),
    Setting(
        "RENDER_CACHE",
        True,
        "Keep each essay's rendered body in CACHE_PATH and reuse it while the "
        "essay, the settings, the code and everything the body drew on (sources, "
        "data, other essays' paths) are unchanged. False renders every essay on "
        "every build.",
    ),
    Setting(
        "CACHE_SAVE_BACKGROUND",
        False,
        "Save the caches (rendered bodies, reading aids, the pages ledger, search "
        "and feed memos) in threads after the build returns, so a preview reloads "
        "without waiting for them; the next build in the process, and the "
        "process's exit, wait for them. `invoke livereload` sets it.",
    ),
    Setting(
        "RENDER_WORKERS",
        None,
        "Processes that render essays the cache does not have, in parallel "
        "while the build reads them. None: one per CPU core; 1: render in the "
        "build's own process. With 2 or more, the feeds are also written in a "
        "second process while the build writes the pages.",
    ),
    Setting(
        "RENDER_TIME_LIMIT",
        30,
        "Seconds one essay's Markdown may take to render before it is stopped and "
        "reported as an error (an essay taking over a sixth of this is named in a "
        "warning); None for no limit.",
    ),
)


class SettingsError(ValueError):
    """A setting of this plugin has a value it cannot use."""


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults, checked; the input is not changed."""
    merged = with_defaults(settings, SETTINGS)
    permalink = merged["ARTICLE_PERMALINK"]
    if permalink is not None:
        try:
            merged["ARTICLE_URL"], merged["ARTICLE_SAVE_AS"] = to_pelican(permalink)
        except PermalinkError as err:
            raise SettingsError(f"front_matter: ARTICLE_PERMALINK: {err}") from None
    try:
        merged["SUMMARY_DIVIDER_RE"] = re.compile(merged["SUMMARY_DIVIDER"])
    except (re.error, TypeError) as err:
        raise SettingsError(
            f"front_matter: SUMMARY_DIVIDER is not a regular expression: {err}"
        ) from None
    if not isinstance(merged["CACHE_SAVE_BACKGROUND"], bool):
        raise SettingsError(
            "front_matter: CACHE_SAVE_BACKGROUND must be True or False, "
            f"not {merged['CACHE_SAVE_BACKGROUND']!r}; correct it in pelicanconf.py"
        )
    limit = merged["RENDER_TIME_LIMIT"]
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int | float) or limit <= 0
    ):
        raise SettingsError(
            f"front_matter: RENDER_TIME_LIMIT must be a number of seconds or None, not {limit!r}"
        )
    workers = merged["RENDER_WORKERS"]
    if workers is None:
        merged["RENDER_WORKERS"] = os.cpu_count() or 1
    elif isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise SettingsError(
            f"front_matter: RENDER_WORKERS must be a whole number of processes (1 or more) "
            f"or None for one per core, not {workers!r}"
        )
    return merged
