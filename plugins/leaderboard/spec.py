"""The ```leaderboard block an author writes, read and checked."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import ChartError

# libyaml's parser when PyYAML has it (ten times the pure-Python one); the same
# safe constructors either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KEYS = ("dataset", "title", "as_of", "top", "filter", "color_by", "highlight")


@dataclass
class ChartSpec:
    dataset: str
    title: str | None = None
    as_of: dt.date | None = None
    top: int | None = None
    filter: dict[str, list[str]] = field(default_factory=dict)
    color_by: str | None = None
    highlight: list[str] = field(default_factory=list)


def parse_block(text: str, essay: str, fence_line: int) -> ChartSpec:
    """Read a block's YAML; ``fence_line`` is the essay line of its opening fence."""

    def fail(problem: str, hint: str, line: int | None = None) -> ChartError:
        return ChartError(essay, f"leaderboard block: {problem}", hint, line or fence_line)

    try:
        data = yaml.load(text, Loader=_LOADER) if text.strip() else None
    except yaml.YAMLError as err:
        # An unclosed bracket is reported at the end; its opening is more useful.
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        raise fail(
            f"not valid YAML ({getattr(err, 'problem', None) or err})",
            "Write one 'key: value' a line, e.g. 'dataset: llm-intelligence-index'",
            fence_line + 1 + mark.line if mark else None,
        ) from None
    if not isinstance(data, dict) or not data.get("dataset"):
        raise fail("no dataset", "Start the block with 'dataset: <folder under content/data>'")
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), KEYS, n=2)
        nearest = f" (did you mean {' or '.join(close)}?)" if close else ""
        lines = text.split("\n")
        where = next(
            (i for i, line in enumerate(lines) if line.split(":", 1)[0].strip() == unknown[0]),
            None,
        )
        raise fail(
            f"unknown option {unknown[0]!r}{nearest}",
            f"Use {', '.join(KEYS)}",
            fence_line + 1 + where if where is not None else None,
        )
    spec = ChartSpec(dataset=str(data["dataset"]).strip())
    if data.get("title") is not None:
        spec.title = str(data["title"])
    if data.get("as_of") is not None:
        value = data["as_of"]
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                value = None
        if not isinstance(value, dt.date):
            raise fail(f"as_of {data['as_of']!r} is not a date", "Write as_of: 2025-11-20")
        spec.as_of = value
    if data.get("top") is not None:
        top = data["top"]
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise fail(f"top {top!r} is not a whole number of 1 or more", "Write top: 12")
        spec.top = top
    if data.get("filter") is not None:
        if not isinstance(data["filter"], dict):
            raise fail("filter is not column: value pairs", "Write filter: {weights: open}")
        for column, wanted in data["filter"].items():
            values = wanted if isinstance(wanted, list) else [wanted]
            spec.filter[str(column)] = [_text(v) for v in values]
    if data.get("color_by") is not None:
        spec.color_by = str(data["color_by"])
    if data.get("highlight") is not None:
        wanted = data["highlight"]
        spec.highlight = [str(v) for v in (wanted if isinstance(wanted, list) else [wanted])]
    return spec


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
