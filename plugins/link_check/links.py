"""Internal link checking over a built site.

Every ``href`` and ``src`` in every HTML page that points inside the site
must name a file the build wrote. "Inside" means: relative, or absolute
under SITEURL. A root-relative link outside SITEURL's subpath (``/images/x``
on a site served from ``/repo/``) is reported too: it is the classic
project-page bug.

Pages are read with lxml's HTML parser, in C, and a link is resolved once
for every page in the same folder; at 1,000 essays (1,900 pages, 125,000
links) the check took 3.2 s with Python's ``html.parser`` and a resolution
a link, and takes 0.8 s now. lxml numbers an element by the line its start
tag ends on, so a page with a problem is read again with ``html.parser``
for the line it starts on.

A caller may keep what a check found in each page (``known``): a page whose
bytes are the same is not read again, only its links resolved against the
files of this build.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

ATTRIBUTES = ("href", "src", "poster")
# Candidates in a srcset are URLs too (on <img>, and on <source> in <picture>).
SRCSET_TAGS = ("img", "source")
SKIPPED = ("#", "mailto:", "tel:", "data:", "javascript:")
_LINKED = etree.XPath("//*[@href or @src or @poster or @srcset]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def reader_version() -> str:
    """What the URLs kept for a page depend on: lxml's version and this file."""
    with open(__file__, "rb") as handle:
        code = hashlib.sha256(handle.read()).hexdigest()[:16]
    return f"{etree.LXML_VERSION} {code}"


class Broken(str):
    """One broken link's message (``page:line: <tag> url problem``), which also
    carries its parts: ``page``, ``line``, ``tag``, ``url`` and ``target``, the
    path inside the site it leads to (``/images/x.png``), None when outside."""

    page: str
    line: int
    tag: str
    url: str
    target: str | None

    def __new__(cls, page: str, line: int, tag: str, url: str, problem: str, target):
        made = super().__new__(cls, f"{page}:{line}: <{tag}> {url} {problem}")
        made.page, made.line, made.tag, made.url, made.target = page, line, tag, url, target
        return made


class _Links(HTMLParser):
    """Each link of a page, on the line its tag starts (for the messages)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, int]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        self.found += _urls(tag, dict(attrs), line)


def _urls(tag: str, attributes, line: int) -> list[tuple[str, str, int]]:
    """(tag, URL, line) for each URL an element's attributes name."""
    found = []
    for name in ATTRIBUTES:
        value = attributes.get(name)
        if value and value.strip():
            found.append((tag, value.strip(), line))
    if tag in SRCSET_TAGS:
        for candidate in (attributes.get("srcset") or "").split(","):
            if candidate.strip():
                found.append((tag, candidate.split()[0], line))
    return found


def links(page: bytes) -> list[tuple[str, str, int]]:
    """(tag, URL, line) for every link in a UTF-8 page; the line is the one its
    start tag ends on."""
    root = etree.fromstring(page, _parser()) if page.strip() else None
    if root is None:
        return []
    found = []
    for element in _LINKED(root):
        if isinstance(element.tag, str):
            found += _urls(element.tag, element.attrib, element.sourceline or 0)
    return found


def _parser() -> etree.HTMLParser:
    # A parser is not safe to share between threads; one per call is cheap.
    return etree.HTMLParser(encoding="utf-8", no_network=True)


class _Site:
    """What the links of a site built for ``siteurl`` under ``root`` resolve to."""

    def __init__(self, root: str, siteurl: str, files: set[str]) -> None:
        self.root = root
        base = (siteurl.rstrip("/") or "http://localhost") + "/"
        self.base = base
        self.site = urlsplit(base)
        self.files = files
        self.resolved: dict[tuple[str, str], str | None] = {}

    def problem(self, page_url: str, url: str) -> str | None:
        """What is wrong with ``url`` on the page at ``page_url``: None when nothing is."""
        if url.startswith(SKIPPED):
            return None
        # A URL with a scheme or from the root means the same on every page;
        # a query alone, only on this page; any other, on every page in a folder.
        if url[:1] == "/" or _SCHEME.match(url):
            folder = ""
        elif url[:1] == "?":
            folder = page_url
        else:
            folder = page_url.rpartition("/")[0]
        key = (folder, url)
        if key not in self.resolved:
            self.resolved[key] = self._resolve(page_url, url)
        return self.resolved[key]

    def target(self, page_url: str, url: str) -> str | None:
        """The path inside the site a link leads to (``/images/x.png``), or None."""
        target = urlsplit(urljoin(page_url, url))
        if not target.path.startswith(self.site.path):
            return None
        return "/" + unquote(target.path[len(self.site.path) :])

    def _resolve(self, page_url: str, url: str) -> str | None:
        site = self.site
        target = urlsplit(urljoin(page_url, url))
        if (target.scheme, target.netloc) != (site.scheme, site.netloc):
            return None  # another website
        if not target.path.startswith(site.path):
            return f"is outside the site's path {site.path}"
        inside = unquote(target.path[len(site.path) :])
        if inside == "" or inside.endswith("/"):
            inside += "index.html"
        if inside in self.files or os.path.isfile(os.path.join(self.root, inside)):
            return None
        return "leads to no file"


def _walk(root: str) -> tuple[list[str], set[str]]:
    """The HTML pages under ``root`` (sorted, with "/") and every file there."""
    pages, files = [], set()
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        below = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if below == "." else below + "/"
        for name in sorted(names):
            files.add(prefix + name)
            if name.endswith(".html"):
                pages.append(prefix + name)
    return pages, files


def _said(site: _Site, relative: str, page_url: str, found) -> list[Broken]:
    """A message for each of a page's links (tag, URL, line) that has a problem."""
    return [
        Broken(relative, line, tag, url, problem, site.target(page_url, url))
        for tag, url, line in found
        if (problem := site.problem(page_url, url))
    ]


def check(
    root: str, siteurl: str = "", known: dict[bytes, tuple[str, ...]] | None = None
) -> list[Broken]:
    """Problems with internal links under ``root``, a site built for ``siteurl``.

    ``known`` maps a digest of a page's bytes to the URLs an earlier check
    found in it: such a page is not read again. It is updated to this
    check's pages, for the caller to keep.
    """
    pages, files = _walk(root)
    site = _Site(root, siteurl, files)
    problems = []
    seen: dict[bytes, tuple[str, ...]] = {}
    for relative in pages:
        with open(os.path.join(root, *relative.split("/")), "rb") as handle:
            page = handle.read()
        page_url = urljoin(site.base, relative)
        digest = hashlib.blake2b(page, digest_size=16).digest()
        urls = (known or {}).get(digest)
        if urls is None:
            # Each URL once; a URL on many pages is one string in memory and on disk.
            urls = tuple(dict.fromkeys(sys.intern(url) for _, url, _ in links(page)))
        seen[digest] = urls
        if not any(site.problem(page_url, url) for url in urls):
            continue
        # Rare: read the page again for the line each tag starts on (lxml's
        # findings stand if Python's parser should see the page otherwise).
        reader = _Links()
        reader.feed(page.decode("utf-8", "replace"))
        reader.close()
        problems += _said(site, relative, page_url, reader.found) or _said(
            site, relative, page_url, links(page)
        )
    if known is not None:
        known.clear()
        known.update(seen)
    return problems
