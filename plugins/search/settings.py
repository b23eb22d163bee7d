"""The search plugin's settings: each defined once, with its default."""

from __future__ import annotations

from typing import Any

from build_cache.options import Setting, with_defaults

SETTINGS = (
    Setting(
        "PAGEFIND",
        True,
        "Index the built site with Pagefind at the end of every build (only pages "
        "marked data-pagefind-body: published essays and pages, never drafts).",
    ),
    Setting("PAGEFIND_OUTPUT", "pagefind", "Folder in the output for the search index."),
    Setting(
        "PAGEFIND_SHARD_PAGES",
        1000,
        "Most pages in one Pagefind index. A larger site is indexed in shards that the "
        "search page merges: an edit re-indexes one shard, and no Pagefind run holds the "
        "whole site in memory, but a reader's search fetches one index chunk per shard. "
        "pelicanconf.py sets 50 for quick previews.",
    ),
    Setting(
        "PAGEFIND_BACKGROUND",
        False,
        "Index after the build returns, in a background thread, so a preview reloads "
        "without waiting for search (the next build in the process, and the process's "
        "exit, wait for it). `invoke livereload` sets it. Ignored when FAIL_ON_ERRORS is "
        "on: a publish build waits for its index and fails if Pagefind does.",
    ),
)


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults; the input is not changed."""
    merged = with_defaults(settings, SETTINGS)
    for name in ("PAGEFIND", "PAGEFIND_BACKGROUND"):
        if not isinstance(merged[name], bool):
            raise ValueError(
                f"search: {name} must be True or False (got {merged[name]!r}); "
                "correct it in pelicanconf.py or publishconf.py"
            )
    size = merged["PAGEFIND_SHARD_PAGES"]
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(
            "search: PAGEFIND_SHARD_PAGES must be a whole number of pages, 1 or more "
            f"(got {size!r}); correct it in pelicanconf.py or publishconf.py"
        )
    return merged
