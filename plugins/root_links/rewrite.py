"""Find links within the site (``/images/a.png``, ``../other/``) in HTML and rewrite them.

Hugo sites write links from the site's root; they break when a site lives
under a subpath (``https://user.github.io/repo/``). Relative links break
wherever an essay's HTML is shown away from its page (a summary on the home
page, a feed). So each link within the site is handed, in root-relative
form, to a function that decides its new form. Only attributes inside real
tags are touched: a link quoted in a code sample is escaped text, not a tag.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

_ATTRIBUTE = re.compile(
    r"""(?P<lead>\s(?:href|src|poster)\s*=\s*)(?P<quote>["'])(?P<url>[^"'<>]*)(?P=quote)""",
    re.IGNORECASE,
)
# Schemes, fragments, queries, Pelican's {static}-style links: never ours to move.
_LEAVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|\?|\{|$)")
# A tag with at least one attribute whose value may be a link within the
# site (the value does not start as _LEAVE matches). Most tags of an essay
# (paragraphs, emphasis, footnote and outside links) fail this inside the
# regular expression engine, so only the few that can change reach Python.
_LINKING_TAG = re.compile(
    r"<[A-Za-z][^<>]*?\s(?:href|src|poster)\s*=\s*(?P<q>[\"'])"
    r"(?![a-zA-Z][a-zA-Z0-9+.-]*:|//|#|\?|\{|(?P=q))[^<>]*>",
    re.IGNORECASE,
)


def site_path(url: str, page_path: str | None) -> str | None:
    """The root-relative form of a link, or None when it is not a link within the site.

    Root-relative links are returned as they are. A relative link
    (``../other/``) is resolved against ``page_path``, the page's own path
    from the site's root (``/posts/essay/``), so it means the same wherever
    the essay's HTML is shown: its page, a list's summary, a feed.
    """
    if _LEAVE.match(url):
        return None
    if url.startswith("/"):
        return url
    if page_path is None:
        return None
    return urljoin(page_path, url)


def rewrite(
    html: str,
    replace: Callable[[str], str | None],
    page_path: str | None = None,
    first: Callable[[str], str | None] = lambda url: None,
) -> str:
    """Return ``html`` with each link within the site passed through ``replace``.

    ``replace`` gets the link's root-relative form and returns its new form,
    or None to leave the link as it was written. ``first`` sees each link as
    written, before that, and may claim it (a file beside the essay's source).
    Links that leave the site (a scheme, ``//``, a fragment, a query, a
    ``{static}``-style link, an empty value) reach neither.
    """

    def in_tag(tag: re.Match[str]) -> str:
        def one(attribute: re.Match[str]) -> str:
            if _LEAVE.match(attribute["url"]):
                return attribute.group(0)
            claimed = first(attribute["url"])
            if claimed is not None:
                quote = attribute["quote"]
                return f"{attribute['lead']}{quote}{claimed}{quote}"
            path = site_path(attribute["url"], page_path)
            new = replace(path) if path is not None else None
            if new is None:
                return attribute.group(0)
            quote = attribute["quote"]
            return f"{attribute['lead']}{quote}{new}{quote}"

        return _ATTRIBUTE.sub(one, tag.group(0))

    return _LINKING_TAG.sub(in_tag, html)


@dataclass(frozen=True)
class Target:
    """Where a root-relative URL points.

    ``kind`` is ``"file"`` (a file under the content folder), ``"missing"``
    (under one of the static folders, but no such file) or ``"page"``
    (anything else: a page the build writes).
    """

    kind: str
    path: str
    suffix: str


def classify(url: str, content_root: str, static_dirs: list[str]) -> Target:
    """Say what a root-relative URL points at in the content folder."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    suffix = url[len(parts.path) :]
    relative = path.lstrip("/")
    candidate = os.path.normpath(os.path.join(content_root, relative))
    inside = os.path.commonpath([os.path.abspath(content_root), os.path.abspath(candidate)])
    if relative and inside == os.path.abspath(content_root) and os.path.isfile(candidate):
        return Target("file", path, suffix)
    top = relative.split("/", 1)[0]
    statics = {d.strip("/").split("/", 1)[0] for d in static_dirs if d.strip("/")}
    if top in statics and not relative.endswith("/"):
        return Target("missing", path, suffix)
    return Target("page", path, suffix)
