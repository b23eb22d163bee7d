"""From a snapshot's rows to the ranked bars a chart shows, and what changed since."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .errors import ChartError


@dataclass
class Bar:
    rank: int
    label: str
    value: float
    group: str | None
    highlighted: bool
    row: dict[str, Any]


def check_columns(spec, available: list[str], essay: str, line: int) -> None:
    """Every column the block names must exist in the snapshot (or labels.yaml)."""
    named = [(f"filter column {c!r}", c) for c in spec.filter]
    if spec.color_by:
        named.append((f"color_by column {spec.color_by!r}", spec.color_by))
    for what, column in named:
        if column not in available:
            close = difflib.get_close_matches(column, available, n=2)
            nearest = f" (did you mean {' or '.join(close)}?)" if close else ""
            raise ChartError(
                essay,
                f"leaderboard block: {what} is not in dataset {spec.dataset!r}{nearest}",
                f"Use one of its columns: {', '.join(available)}",
                line,
            )


def rank(rows: list[dict[str, Any]], spec, label: str, value: str, higher_is_better: bool):
    """Filter, sort best first (ties by label), keep the top N; returns Bars."""
    kept = [
        row
        for row in rows
        if all(str(row.get(column, "")) in wanted for column, wanted in spec.filter.items())
    ]
    kept.sort(key=lambda row: (-row[value] if higher_is_better else row[value], row[label]))
    if spec.top:
        kept = kept[: spec.top]
    highlighted = set(spec.highlight)
    return [
        Bar(
            rank=index,
            label=row[label],
            value=row[value],
            group=(row.get(spec.color_by) or "Unknown") if spec.color_by else None,
            highlighted=row[label] in highlighted,
            row=row,
        )
        for index, row in enumerate(kept, start=1)
    ]


@dataclass
class Changes:
    """How the newest data differs from the pinned snapshot, for the same block."""

    leader_before: str | None
    leader_now: str | None
    entered: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    moves: list[tuple[str, int, int]] = field(default_factory=list)  # label, was, now

    @property
    def any(self) -> bool:
        return bool(
            self.entered or self.left or self.moves or self.leader_before != self.leader_now
        )


def compare(before: list[Bar], now: list[Bar]) -> Changes:
    was = {bar.label: bar.rank for bar in before}
    is_now = {bar.label: bar.rank for bar in now}
    moves = [
        (label, was[label], rank)
        for label, rank in is_now.items()
        if label in was and was[label] != rank
    ]
    moves.sort(key=lambda move: move[2])
    return Changes(
        leader_before=before[0].label if before else None,
        leader_now=now[0].label if now else None,
        entered=[bar.label for bar in now if bar.label not in was],
        left=[bar.label for bar in before if bar.label not in is_now],
        moves=moves,
    )
