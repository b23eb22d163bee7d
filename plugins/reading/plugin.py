"""Pelican glue for the reading aids: per essay as it is created, and across
essays once all are read (previous and next, related, featured)."""

from __future__ import annotations

import logging
import os

from pelican import signals

from .settings import resolve
from .transform import (
    enhance,
    file_image_size,
    first_image_src,
    headings,
    local_image_path,
    reading_minutes,
    word_count,
)

logger = logging.getLogger(__name__)

TRUE = {True, "true", "yes", "1"}


def _flag(content, name: str):
    """A front-matter flag, wherever Hugo, Zola or Pelican authors put it."""
    for holder in (
        getattr(content, "metadata", {}),
        getattr(content, "params", None),
        getattr(content, "extra", None),
    ):
        if isinstance(holder, dict) and name in holder:
            return holder[name]
    return None


def prepare(content) -> None:
    raw = getattr(content, "_content", None)
    if raw is None:
        return
    options = resolve(content.settings)
    root = content.settings["PATH"]
    siteurl = content.settings.get("SITEURL", "")

    def size(src: str):
        path = local_image_path(src, root, siteurl)
        return file_image_size(path) if path else None

    content._content = enhance(raw, size)
    words = word_count(content._content)
    content.word_count = words
    content.reading_time = reading_minutes(words, options["READING_WORDS_PER_MINUTE"])
    toc = headings(content._content)
    wanted = _flag(content, "toc")
    show = words >= options["TOC_MIN_WORDS"] if wanted is None else wanted in TRUE
    content.toc = toc if show and len(toc) >= options["TOC_MIN_HEADINGS"] else []
    content.featured = any(_flag(content, key) in TRUE for key in ("featured", "pinned"))
    content.lead_image = _lead_image(content, root, siteurl)


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _lead_image(content, root: str, siteurl: str) -> str | None:
    """For cards: front matter `image`, else the first image; site-relative or a full URL.

    A front-matter image that points into the site but names no file is an
    error naming the essay (the publish build fails on it).
    """
    image = _flag(content, "image")
    if isinstance(image, str) and image.strip():
        image = image.strip()
        if image.startswith(("http://", "https://")):
            return image
        path = local_image_path("/" + image.lstrip("/"), root, "")
        if path is None or not os.path.isfile(path):
            logger.error(
                "%s: its image %s (front matter) is not a file under %s; add the file "
                "or correct the path",
                _shown(content.source_path),
                image,
                _shown(root),
            )
            return None
        return image.lstrip("/")
    src = first_image_src(content._content)
    # Share cards need a raster image: an SVG leaves the site's default card.
    if not src or src.lower().split("?")[0].endswith(".svg"):
        return None
    if src.startswith(("http://", "https://")):
        if siteurl and src.startswith(siteurl + "/"):
            return src[len(siteurl) + 1 :]
        return src
    if src.startswith("{static}"):
        return src[len("{static}") :].lstrip("/")
    return None


def link_essays(generator) -> None:
    """Newer and older essay, and essays sharing the most tags."""
    options = resolve(generator.settings)
    essays = sorted(generator.articles, key=lambda a: a.date, reverse=True)
    for index, essay in enumerate(essays):
        essay.newer = essays[index - 1] if index > 0 else None
        essay.older = essays[index + 1] if index + 1 < len(essays) else None
        tags = {str(t) for t in getattr(essay, "tags", [])}
        scored = [
            (len(tags & {str(t) for t in getattr(other, "tags", [])}), other)
            for other in essays
            if other is not essay
        ]
        essay.related = [
            other
            for shared, other in sorted(scored, key=lambda p: (-p[0], -p[1].date.timestamp()))
            if shared
        ][: options["RELATED_ESSAYS"]]
    generator.context["featured_articles"] = [e for e in essays if getattr(e, "featured", False)]


def register() -> None:
    signals.content_object_init.connect(prepare)
    signals.article_generator_finalized.connect(link_essays)
