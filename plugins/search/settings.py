"""The search plugin's settings: each defined once, with its default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS = (
    Setting(
        "PAGEFIND",
        True,
        "Index the built site with Pagefind at the end of every build (only pages "
        "marked data-pagefind-body: published essays and pages, never drafts).",
    ),
    Setting("PAGEFIND_OUTPUT", "pagefind", "Folder in the output for the search index."),
)


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """Our settings merged over their defaults; the input is not changed."""
    merged = {s.name: settings.get(s.name, s.default) for s in SETTINGS}
    if not isinstance(merged["PAGEFIND"], bool):
        raise ValueError("search: PAGEFIND must be True or False")
    return merged
