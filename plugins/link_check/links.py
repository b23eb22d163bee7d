"""Internal link checking over a built site.

Every ``href`` and ``src`` in every HTML page that points inside the site
must name a file the build wrote. "Inside" means: relative, or absolute
under SITEURL. A root-relative link outside SITEURL's subpath (``/images/x``
on a site served from ``/repo/``) is reported too: it is the classic
project-page bug.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

ATTRIBUTES = {"href", "src", "poster"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, int]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.found.append((tag, value.strip(), self.getpos()[0]))
        if tag == "img":
            srcset = dict(attrs).get("srcset")
            for candidate in (srcset or "").split(","):
                if candidate.strip():
                    self.found.append((tag, candidate.split()[0], self.getpos()[0]))


def check(root: str, siteurl: str = "") -> list[str]:
    """Problems with internal links under ``root``, a site built for ``siteurl``."""
    base = (siteurl.rstrip("/") or "http://localhost") + "/"
    site = urlsplit(base)
    problems = []
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            page_url = urljoin(base, relative)
            parser = _Links()
            with open(path, encoding="utf-8") as handle:
                parser.feed(handle.read())
            for tag, url, line in parser.found:
                if url.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
                    continue
                target = urlsplit(urljoin(page_url, url))
                if (target.scheme, target.netloc) != (site.scheme, site.netloc):
                    continue  # another website
                if not target.path.startswith(site.path):
                    problems.append(
                        f"{relative}:{line}: <{tag}> {url} is outside the site's path {site.path}"
                    )
                    continue
                inside = unquote(target.path[len(site.path) :])
                candidate = os.path.join(root, inside)
                if inside == "" or inside.endswith("/"):
                    candidate = os.path.join(candidate, "index.html")
                if not os.path.isfile(candidate):
                    problems.append(f"{relative}:{line}: <{tag}> {url} leads to no file")
    return problems
