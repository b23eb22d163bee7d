"""Pelican glue for the reading aids: per essay as it is created, and across
essays once all are read (previous and next, related, featured)."""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from html import unescape

from blinker import signal
from build_cache.storage import retire
from front_matter.paths import display_path
from pelican import signals

from .memo import ReadingMemo
from .plain import plain_text
from .settings import resolve
from .transform import file_image_size, local_image_path, reading_minutes

logger = logging.getLogger(__name__)
TOPICS = 12  # tags on the home page; the rest are on the list of topics

TRUE = {True, "true", "yes", "1"}
MEMO_FOLDER = "reading-aids"
RETIRED = ["reading-aids.pickle"]  # where earlier versions kept it: deleted when found
# Kept between builds (and in memory for `invoke livereload`), per CACHE_PATH.
_memo: dict[str, ReadingMemo | None] = {"memo": None}


def _memo_for(settings) -> ReadingMemo:
    cache = settings.get("CACHE_PATH") or "cache"
    path = os.path.join(cache, MEMO_FOLDER)
    memo = _memo["memo"]
    if memo is None or memo.path != path:
        retire(cache, RETIRED)
        memo = ReadingMemo(path)
        memo.load()
        _memo["memo"] = memo
    return memo


def start(generator) -> None:
    """Each build, before any essay is read."""
    _memo_for(generator.settings).begin()


def keep(pelican) -> None:
    memo = _memo["memo"]
    if memo is not None:
        memo.save()


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

    memo = _memo_for(content.settings)
    content._reading_key = memo.key(raw)
    reading = memo.read(raw, size, content._reading_key)
    content._content = reading.html
    words = reading.words
    content.word_count = words
    content.reading_time = reading_minutes(words, options["READING_WORDS_PER_MINUTE"])
    toc = reading.toc
    wanted = _flag(content, "toc")
    show = words >= options["TOC_MIN_WORDS"] if wanted is None else wanted in TRUE
    content.toc = toc if show and len(toc) >= options["TOC_MIN_HEADINGS"] else []
    content.featured = any(_flag(content, key) in TRUE for key in ("featured", "pinned"))
    content.lead_image = _lead_image(content, root, siteurl, reading.first_image)
    content.lead_chart, content.lead_chart_alt = _lead_chart(reading.html, siteurl)


_CHART = re.compile(r'data-feed-image="([^"]+)"(?: data-feed-alt="([^"]*)")?')


def _lead_chart(html: str, siteurl: str) -> tuple[str | None, str]:
    """The image of the essay's first chart (a plugin's ``data-feed-image``, the
    file feed readers get), site-relative, and its text: for a preview on the
    home page."""
    found = _CHART.search(html)
    if not found:
        return None, ""
    src = unescape(found[1])
    if siteurl and src.startswith(siteurl.rstrip("/") + "/"):
        src = src[len(siteurl.rstrip("/")) + 1 :]
    elif src.startswith("/") and not src.startswith("//"):
        src = src.lstrip("/")
    else:
        return None, ""  # another site's, or relative to the essay: not a preview
    return src, unescape(found[2] or "")


def _lead_image(content, root: str, siteurl: str, src: str | None) -> str | None:
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
                display_path(content.source_path),
                image,
                display_path(root),
            )
            return None
        return image.lstrip("/")
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


# The last ranking in this process: what it was made from, and its result.
_last_related: dict[str, object] = {"made_from": None, "best": None}


def link_essays(generator) -> None:
    """Newer and older essay, and essays sharing the most tags.

    Essays are numbered newest first; an index from tag to those numbers
    counts the tags each other essay shares (``Counter.update``, in C), and
    the best are found by sorting plain integers: fewer shared tags rank
    lower, then older essays (a higher number). This stays fast with
    thousands of essays: at 5,000 it took 10 s when each candidate was
    ranked through a Python key function.

    The ranking depends only on the essays' order and their tags, so a build
    in the same process with the same order and tags (a preview rebuild after
    an edit to an essay's text) takes the last one's numbers (0.4 s of a
    rebuild at 5,000 essays).
    """
    options = resolve(generator.settings)
    wanted = options["RELATED_ESSAYS"]
    essays = sorted(generator.articles, key=lambda a: a.date, reverse=True)
    tag_sets = [frozenset(str(t) for t in getattr(essay, "tags", [])) for essay in essays]
    made_from = (wanted, tag_sets)
    if _last_related["made_from"] == made_from:
        ranked = _last_related["best"]
    else:
        ranked = _rank(tag_sets, wanted)
        _last_related.update(made_from=made_from, best=ranked)
    for number, essay in enumerate(essays):
        essay.newer = essays[number - 1] if number > 0 else None
        essay.older = essays[number + 1] if number + 1 < len(essays) else None
        essay.related = [essays[other] for other in ranked[number]]
    generator.context["featured_articles"] = [e for e in essays if getattr(e, "featured", False)]
    # The home page's topics: the most used tags (ties by name), with their counts.
    counts = Counter(str(tag) for tag_set in tag_sets for tag in tag_set)
    by_name = {str(tag): tag for essay in essays for tag in getattr(essay, "tags", [])}
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].lower()))
    generator.context["top_topics"] = [(by_name[name], n) for name, n in ranked[:TOPICS]]


def _rank(tag_sets: list[frozenset[str]], wanted: int) -> list[list[int]]:
    """For each essay (by number, newest first), the numbers of its related essays."""
    by_tag: dict[str, list[int]] = {}
    for number, names in enumerate(tag_sets):
        for tag in names:
            by_tag.setdefault(tag, []).append(number)
    # (shared, number) as one integer that sorts most-shared first, then newest.
    scale = len(tag_sets) + 1
    ranked = []
    for number, names in enumerate(tag_sets):
        shared: Counter[int] = Counter()
        for tag in names:
            shared.update(by_tag[tag])
        shared.pop(number, None)
        best = sorted(other - count * scale for other, count in shared.items())[:wanted]
        ranked.append([key % scale for key in best])
    return ranked


def still_used(content) -> None:
    """An essay made again from what this process read: its reading aids are in use."""
    key = getattr(content, "_reading_key", None)
    if key is not None:
        _memo_for(content.settings).used(key)


def add_filters(pelican) -> None:
    """``plain_text`` for the theme's descriptions (see :mod:`.plain`)."""
    filters = dict(pelican.settings.get("JINJA_FILTERS") or {})
    filters.setdefault("plain_text", plain_text)
    pelican.settings["JINJA_FILTERS"] = filters


def register() -> None:
    signals.initialized.connect(add_filters)
    # The front_matter plugin's signal, by name: no import of that plugin.
    signal("front_matter.essay_kept").connect(still_used)
    signals.article_generator_init.connect(start)
    signals.finalized.connect(keep)
    signals.content_object_init.connect(prepare)
    signals.article_generator_finalized.connect(link_essays)
