"""The Hugo plugin's settings: each defined once, with its default."""

from __future__ import annotations

from typing import Any

from build_cache.options import Setting, with_defaults

SETTINGS = (
    Setting(
        "HUGO_CONFIG",
        "auto",
        "The Hugo configuration our settings take from: 'auto' finds hugo.toml, config.toml "
        "(or .yaml/.json) or config/_default/ beside the content folder; a path; None for none.",
    ),
    Setting(
        "HUGO_STATIC_DIR",
        "static",
        "Folder beside the content folder whose files publish at the site's root, as "
        "Hugo's static/ does; None for none.",
    ),
    Setting(
        "HUGO_USE_BASEURL",
        False,
        "Take SITEURL from the Hugo configuration's baseURL (publishconf.py turns this on "
        "when no SITEURL is given in the environment).",
    ),
    Setting(
        "HUGO_SECTION_PAGES",
        True,
        "In a Hugo site, write a list page for each section (/posts/), as Hugo does.",
    ),
    Setting(
        "HUGO_GOLDMARK",
        True,
        "Render Markdown as Hugo's Goldmark does: fences with any info string, Hugo's "
        "typographer, footnotes numbered as cited (fn:1), Goldmark heading ids, CommonMark "
        "list nesting. An imported site's markup.goldmark typographer and unsafe apply.",
    ),
)


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults; the input is not changed."""
    return with_defaults(settings, SETTINGS)
