"""Pelican glue: a generator that writes one redirect page per alias."""

from __future__ import annotations

import logging
import os

from front_matter.paths import display_path
from jinja2 import ChoiceLoader, FileSystemLoader
from pelican import signals
from pelican.generators import Generator

from .redirects import plan

logger = logging.getLogger(__name__)
TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
CONTENT_KINDS = ("articles", "translations", "hidden_articles", "pages", "hidden_pages")
# Other plugins' pages with old addresses (a Hugo section's list page): each a
# (source, title, url, aliases, save_as), put in the context before essays are
# read to the end.
MORE_ALIASES = "ALIAS_REDIRECTS_MORE"


class AliasGenerator(Generator):
    """Collects aliases once essays are read; writes their redirect pages."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The theme may override the page; the plugin's own is the fallback.
        self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(TEMPLATES)])
        self.redirects = []

    def generate_context(self) -> None:
        siteurl = self.settings.get("SITEURL", "").rstrip("/")
        contents = [item for kind in CONTENT_KINDS for item in self.context.get(kind, [])]
        taken, items = {}, []
        for item in contents:
            source, save_as = display_path(item.source_path), item.save_as
            if save_as:
                taken[save_as] = source
            aliases = list(getattr(item, "aliases", []) or [])
            if aliases:  # only an essay with aliases needs its address
                items.append((source, item.title, f"{siteurl}/{item.url}", aliases))
        for source, title, url, aliases, save_as in self.context.get(MORE_ALIASES, []):
            taken.setdefault(save_as, source)
            items.append((source, title, f"{siteurl}/{url}", list(aliases)))
        self.redirects, problems = plan(items, taken)
        for problem in problems:
            logger.error("%s", problem)

    def generate_output(self, writer) -> None:
        template = self.get_template("alias_redirect")
        for redirect in self.redirects:
            path = os.path.join(self.output_path, redirect.save_as)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            html = template.render(redirect=redirect, **self.context)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(html)


def get_generators(pelican):
    # A list: asked if a bare class is Iterable, Python walks every ABC (19 ms).
    return [AliasGenerator]


def register() -> None:
    signals.get_generators.connect(get_generators)
