"""Translate a Hugo permalink pattern into Pelican's URL settings.

Hugo writes ``/:year/:month/:slug/``; Pelican wants ``ARTICLE_URL`` and
``ARTICLE_SAVE_AS`` format strings over an article's attributes. The reader
adds the attributes Pelican lacks (``path_section``, ``path_filename``,
``title_slug``, ``slug_or_filename``) so each token has a field to point at.
"""

from __future__ import annotations

import re

TOKENS = {
    "year": "{date:%Y}",
    "month": "{date:%m}",
    "day": "{date:%d}",
    "slug": "{slug}",
    "title": "{title_slug}",
    "section": "{path_section}",
    "filename": "{path_filename}",
    "slugorfilename": "{slug_or_filename}",
}
_TOKEN = re.compile(r":([a-z]+)")


class PermalinkError(ValueError):
    """A permalink pattern we cannot reproduce."""


def to_pelican(pattern: str) -> tuple[str, str]:
    """Return ``(url, save_as)`` for a Hugo permalink pattern.

    A pattern ending in ``/`` (or without a file extension) is a pretty URL:
    the page is saved as ``index.html`` inside that folder.
    """
    if not pattern or not pattern.strip("/"):
        raise PermalinkError(f"permalink pattern {pattern!r} is empty")
    if "{" in pattern or "}" in pattern:
        raise PermalinkError(
            f"permalink pattern {pattern!r} has braces; write Hugo tokens "
            f"such as :slug ({', '.join(':' + t for t in TOKENS)})"
        )

    def replace(match: re.Match[str]) -> str:
        token = match[1]
        if token not in TOKENS:
            raise PermalinkError(
                f"permalink token ':{token}' in {pattern!r} is not supported; "
                f"use one of {', '.join(':' + t for t in TOKENS)}"
            )
        return TOKENS[token]

    url = _TOKEN.sub(replace, pattern.strip().lstrip("/"))
    last = url.rsplit("/", 1)[-1]
    if url.endswith("/") or "." not in last:
        url = url.rstrip("/") + "/"
        return url, url + "index.html"
    return url, url
