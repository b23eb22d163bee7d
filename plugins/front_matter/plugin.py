"""Signal receivers for the front-matter plugin; kept thin on purpose."""

from __future__ import annotations

from pelican import signals

from .reader import FrontMatterReader
from .settings import resolve


def use_reader(readers) -> None:
    """Read every Markdown extension with our reader instead of Pelican's."""
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader


def apply_permalink(pelican) -> None:
    """Turn ARTICLE_PERMALINK into the two URL settings Pelican reads."""
    options = resolve(pelican.settings)
    if options["ARTICLE_PERMALINK"] is not None:
        pelican.settings["ARTICLE_URL"] = options["ARTICLE_URL"]
        pelican.settings["ARTICLE_SAVE_AS"] = options["ARTICLE_SAVE_AS"]


def register() -> None:
    signals.initialized.connect(apply_permalink)
    signals.readers_init.connect(use_reader)
