"""What a content folder holds, the way Hugo sees it; knows nothing of Pelican.

Top-level folders holding Markdown are sections; Markdown files at the top
are pages outside any section; a folder holding ``index.md`` is a leaf
bundle (the page and its resources); ``_index.md`` gives a section (or, at
the top, the home page) its title and text.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

MARKDOWN = (".md", ".markdown")
LEAF = tuple("index" + ext for ext in MARKDOWN)
BRANCH = tuple("_index" + ext for ext in MARKDOWN)


@dataclass
class Layout:
    sections: list[str] = field(default_factory=list)
    root_pages: list[str] = field(default_factory=list)
    bundles: list[str] = field(default_factory=list)
    branch_indexes: dict[str, str] = field(default_factory=dict)
    markdown: list[str] = field(default_factory=list)  # every Markdown file
    #: every other file outside a bundle, which Hugo publishes at its path
    loose: list[str] = field(default_factory=list)


def scan(root: str, ignore=lambda name: False) -> Layout:
    """Walk a content folder once."""
    layout = Layout()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not ignore(d))
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        relative = "" if relative == "." else relative
        markdown = [f for f in files if f.endswith(MARKDOWN) and not ignore(f)]
        bundled = any(name in LEAF for name in markdown) or any(
            relative.startswith(bundle + "/") for bundle in layout.bundles
        )
        if not bundled:
            layout.loose += sorted(
                f"{relative}/{name}" if relative else name
                for name in files
                if _published(name) and not name.endswith(MARKDOWN) and not ignore(name)
            )
        for name in sorted(markdown):
            path = f"{relative}/{name}" if relative else name
            layout.markdown.append(path)
            if name in BRANCH:
                layout.branch_indexes[relative] = path
            elif not relative:
                layout.root_pages.append(path)
            elif name in LEAF:
                layout.bundles.append(relative)
        if relative and markdown:
            top = relative.split("/", 1)[0]
            if top not in layout.sections:
                layout.sections.append(top)
    layout.sections.sort()
    return layout


def _published(name: str) -> bool:
    """Whether Hugo publishes a file of this name found in content/: not its other
    content formats, hidden files or editors' backups."""
    lowered = name.lower()
    return not (
        name.startswith(".") or name.endswith(("~", "#")) or lowered.endswith((".html", ".htm"))
    )


_LOADERS = {"+++": tomllib.loads, "---": yaml.safe_load}


def split_front_matter(text: str) -> tuple[str, str, str] | None:
    """(fence, front matter, body) of a file opened by ``+++`` or ``---``; ("", "", text)
    when it has none; None when its front matter never closes."""
    for fence in _LOADERS:
        if text.startswith(fence):
            end = text.find("\n" + fence, len(fence))
            if end == -1:
                return None
            return fence, text[len(fence) : end], text[end + len(fence) + 1 :].split("\n", 1)[-1]
    return "", "", text


def read_front_matter(text: str) -> dict[str, Any] | None:
    """A file's TOML (``+++``) or YAML (``---``) front matter with lowercased keys.

    {} when the file has none; None when it has some that cannot be read.
    """
    parts = split_front_matter(text)
    if parts is None:
        return None
    fence, block, _ = parts
    if fence:
        try:
            data = _LOADERS[fence](block) or {}
        except (tomllib.TOMLDecodeError, yaml.YAMLError):
            return None
        if not isinstance(data, dict):
            return None
        return {str(k).lower(): v for k, v in data.items()}
    return {}


def front_matter(path: str) -> dict[str, Any]:
    """The front matter of an ``_index.md``; {} when it has none or it cannot be read."""
    with open(path, encoding="utf-8") as handle:
        return read_front_matter(handle.read()) or {}


#: The theme's templates for other kinds of page: an essay or a page never takes
#: one of these from ``layout`` or ``type`` (``type = "page"`` is common in Hugo
#: sites, and page.html cannot draw an essay).
KIND_TEMPLATES = frozenset(
    {
        "article", "page", "index", "base", "tag", "tags", "category", "categories",
        "author", "authors", "archives", "period_archives", "notfound", "search",
        "sitemap", "robots", "subscribe", "listing", "index_of", "section",
        "alias_redirect", "draft",
    }
)  # fmt: skip
