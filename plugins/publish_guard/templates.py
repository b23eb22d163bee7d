"""A template that prints a value nobody defined gets a warning naming the page.

Jinja prints an undefined value as nothing, silently; a typo in a template
or a missing front-matter key then leaves a hole in every page. This
Undefined stays silent when a template only asks whether something exists
(``{% if article.dek %}``) and warns when it is printed, naming the template
and, for an essay or a page, its file.
"""

from __future__ import annotations

import logging
import os
import sys

from front_matter.paths import display_path
from jinja2 import Undefined

logger = logging.getLogger(__name__)
CONTENT_TEMPLATES = {"article.html", "page.html"}
_writing: dict[str, str | None] = {"content": None}


def writing(name: str | None) -> None:
    """Say which essay or page (its source path) is being written, for the warning."""
    _writing["content"] = name


def _template() -> str | None:
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            return filename
        frame = frame.f_back
    return None


class ReportingUndefined(Undefined):
    __slots__ = ()

    def __str__(self) -> str:
        template = _template()
        where = os.path.basename(template) if template else "a template"
        if template and os.path.basename(template) in CONTENT_TEMPLATES and _writing["content"]:
            where = f"{display_path(_writing['content'])} (template {os.path.basename(template)})"
        logger.warning(
            "%s: printed %s, which is not defined; add it to the front matter or "
            "correct the template",
            where,
            self._undefined_name or "a value",
        )
        return ""
