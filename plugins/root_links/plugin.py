"""Signal glue: links within the site that work under any SITEURL, on any page."""

from __future__ import annotations

import logging
import os
from urllib.parse import unquote, urlsplit

from front_matter.paths import display_path
from pelican import signals

from .rewrite import _LEAVE, classify, rewrite

logger = logging.getLogger(__name__)


def fix_links(content) -> None:
    """Rewrite links within the site in an essay or page as it is created.

    Relative links are first resolved against the essay's own URL. A link to
    a file in the content folder becomes Pelican's ``{static}``
    link, so Pelican copies the file and writes the right URL for the build
    (relative locally, under SITEURL when publishing). A link to a page gets
    SITEURL in front. A link into a static folder whose file does not exist
    is reported, naming the essay.
    """
    raw = getattr(content, "_content", None)
    if not raw:
        return
    settings = content.settings
    root = settings["PATH"]
    static_dirs = settings.get("STATIC_PATHS", [])
    siteurl = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
    source = getattr(content, "source_path", "?")

    page_path = "/" + content.url if getattr(content, "url", None) is not None else None

    # Files that publish at the site's root from outside the content folder
    # (a Hugo site's static/, set up by the hugo plugin).
    root_dirs = settings.get("STATIC_ROOT_DIRS", [])
    source_dir = os.path.dirname(source) if source != "?" else None

    def beside(url: str) -> str | None:
        """A relative link to a file beside the source (a page bundle's image)."""
        if source_dir is None or _LEAVE.match(url) or url.startswith("/"):
            return None
        path = unquote(urlsplit(url).path)
        candidate = os.path.normpath(os.path.join(source_dir, path))
        inside = os.path.commonpath([os.path.abspath(root), os.path.abspath(candidate)])
        if path and inside == os.path.abspath(root) and os.path.isfile(candidate):
            relative = os.path.relpath(candidate, root).replace(os.sep, "/")
            return "{static}/" + relative + url[len(urlsplit(url).path) :]
        return None

    def replace(url: str) -> str | None:
        target = classify(url, root, static_dirs)
        if target.kind == "file":
            return "{static}" + url
        if target.kind == "missing" and any(
            os.path.isfile(os.path.join(d, target.path.lstrip("/"))) for d in root_dirs
        ):
            target = target.__class__("page", target.path, target.suffix)
        if target.kind == "missing":
            _missing(content, url, target.path, os.path.join(root, target.path.lstrip("/")))
        # Locally (relative URLs) a root-relative link serves the preview.
        return siteurl.rstrip("/") + url if siteurl else url

    content._content = rewrite(raw, replace, page_path, beside)
    summary = getattr(content, "_summary", None)
    if summary:
        content._summary = rewrite(summary, replace, page_path, beside)


def _missing(content, url: str, path: str, expected: str) -> None:
    """Report a link to a file that is not there: an error, or a warning when the
    link check's list of links broken before the move names it."""
    # Here, not at the top: Pelican loads the link check after this plugin.
    from link_check.known import line_in
    from link_check.settings import resolve as link_settings

    settings = content.settings
    source = content.source_path
    project = os.path.dirname(os.path.abspath(settings["PATH"]))
    relative = os.path.relpath(source, project).replace(os.sep, "/")
    target = "/" + path.lstrip("/")
    line = line_in(source, url, target)
    facts = {
        "kind": "broken_link", "source": relative, "line": line, "target": target,
        "page": getattr(content, "save_as", None), "tag": "a", "url": url,
    }  # fmt: skip
    where = f"{display_path(source)}{f':{line}' if line else ''}"
    known = _known(project, link_settings(settings)["LINK_CHECK_KNOWN_BROKEN"])
    if known.covers(relative, target):
        facts["kind"] = "known_broken_link"
        logger.warning(
            "%s: links to %s, but there is no file %s; known since before (listed in %s), "
            "so the build goes on. Fix the link, then remove its line there",
            where, url, display_path(expected), known.shown,
            extra={"problem": facts},
        )  # fmt: skip
        return
    logger.error(
        "%s: links to %s, but there is no file %s; add the file or correct the link",
        where, url, display_path(expected),
        extra={"problem": facts},
    )  # fmt: skip


_read: dict = {}


def _known(project: str, name: str | None):
    """The list of known broken links, read once per build (and per change)."""
    from link_check.known import KnownBroken

    path = os.path.join(project, name) if name else ""
    try:
        stamp = os.stat(path).st_mtime_ns if path else None
    except OSError:
        stamp = None
    key = (project, name, stamp)
    if key not in _read:
        _read.clear()
        _read[key] = KnownBroken.read(project, name)
    return _read[key]


def register() -> None:
    signals.content_object_init.connect(fix_links)
