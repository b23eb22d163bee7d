"""The publish guard's settings: each defined once, with its default."""

from __future__ import annotations

from typing import Any

from build_cache.options import Setting, with_defaults

SETTINGS = (
    Setting(
        "FAIL_ON_ERRORS",
        False,
        "Stop the build with a non-zero exit, listing every problem, when any "
        "error was logged (True in publishconf.py).",
    ),
    Setting(
        "KEEP_GOING",
        False,
        "When FAIL_ON_ERRORS is False: a build that reported problems still "
        "writes the site, and exits 0 instead of 1 (the preview server and "
        "`invoke build --keep-going` set it).",
    ),
    Setting(
        "WRITE_DRAFTS",
        True,
        "Write drafts and scheduled posts to drafts/ for preview. When False "
        "they are removed from the build before anything is written "
        "(False in publishconf.py).",
    ),
    Setting(
        "PROBLEMS_FILE",
        None,
        "Also write every warning and error of the build to this file as JSON, "
        "for a tool to read (invoke import-hugo checks an imported site with it).",
    ),
)


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults; the input is not changed."""
    merged = with_defaults(settings, SETTINGS)
    for name in ("FAIL_ON_ERRORS", "KEEP_GOING", "WRITE_DRAFTS"):
        if not isinstance(merged[name], bool):
            raise ValueError(f"publish_guard: {name} must be True or False")
    return merged
