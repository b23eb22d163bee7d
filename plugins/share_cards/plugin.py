"""Pelican glue: a card for each essay, drawn once per content, written with the site."""

from __future__ import annotations

import logging
import os
import re
from html import unescape

from build_cache import entries
from build_cache.workers import fork_map
from front_matter.settings import resolve as front_matter_settings
from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join

from .card import Card, digest, draw
from .settings import resolve

logger = logging.getLogger(__name__)
PNG = b"\x89PNG\r\n\x1a\n"
_planned: list[tuple[str, Card, str]] = []  # (output path, card, digest)
_TAGS = re.compile(r"<[^>]+>")
_UNSAFE = re.compile(r"[^\w-]+")
_FIGURE = re.compile(r'<figure class="leaderboard".*?</figure>', re.S)
_ROW = re.compile(r"<tr[^>]*>\s*<td>[^<]*</td>\s*<th[^>]*>(.*?)</th>\s*<td>([^<]*)</td>", re.S)


def _text(html: str) -> str:
    return " ".join(unescape(_TAGS.sub("", html or "")).split())


def first_bars(html: str) -> tuple[tuple[str, float], ...]:
    """The rows of the essay's first chart, as its table gives them (label, value)."""
    figure = _FIGURE.search(html or "")
    if not figure:
        return ()
    bars = []
    for label, value in _ROW.findall(figure.group()):
        try:
            bars.append((_text(label), float(_text(value).replace(",", ""))))
        except ValueError:
            continue
    return tuple(bars[:6])


def plan(generator) -> None:
    """Each published essay's card, and where it goes: ``article.share_card``."""
    _planned.clear()
    settings = generator.settings
    options = resolve(settings)
    if not options["SHARE_CARDS"]:
        return
    site = str(settings.get("SITENAME") or "")
    for article in generator.articles:
        params = article.metadata.get("params")
        dek = getattr(article, "description", None) or (
            params.get("dek") if isinstance(params, dict) else None
        )
        card = Card(
            title=_text(article.title),
            site=site,
            dek=_text(str(dek or "")),
            bars=first_bars(getattr(article, "_content", "") or ""),
        )
        key = digest(card)
        # One file name, whatever the slug holds ("a/b" from a Hugo site).
        name = _UNSAFE.sub("-", str(article.slug)).strip("-.") or "essay"
        path = f"{options['SHARE_CARDS_PATH']}/{name}-{key[:12]}.png"
        article.share_card = path
        _planned.append((path, card, key))


class ShareCardGenerator(Generator):
    """Writes the cards: kept ones from the cache, the rest drawn."""

    def generate_output(self, writer) -> None:
        if not _planned:
            return
        kept = os.path.join(self.settings.get("CACHE_PATH") or "cache", "share-cards")
        reuse = getattr(writer, "reuse", None)
        written = getattr(writer, "written", None)
        wanted = [
            (path, card, key) for path, card, key in _planned if not (reuse and reuse(path, key))
        ]
        found = {}
        for _, _, key in wanted:
            data = entries.read(os.path.join(kept, f"{key}.entry"))
            if isinstance(data, bytes) and data.startswith(PNG):
                found[key] = data
        todo = list({key: card for _, card, key in wanted if key not in found}.items())
        workers = front_matter_settings(self.settings)["RENDER_WORKERS"]
        for (key, _), data in zip(todo, fork_map(draw, [c for _, c in todo], workers), strict=True):
            found[key] = data
            entries.write(os.path.join(kept, f"{key}.entry"), data)
        drawn = len(todo)
        for path, _card, key in wanted:
            data = found[key]
            target = sanitised_join(self.output_path, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(data)
            if written:
                written(path, key)
        if drawn:
            logger.info("share cards: %d drawn, %d kept", drawn, len(_planned) - drawn)


def get_generators(pelican):
    # A list: asked if a bare class is Iterable, Python walks every ABC (19 ms).
    return [ShareCardGenerator]


def register() -> None:
    signals.article_generator_finalized.connect(plan)
    signals.get_generators.connect(get_generators)
