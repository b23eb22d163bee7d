"""Datasets: a folder of dated CSV snapshots, described by dataset.yaml.

``content/data/<name>/`` holds ``dataset.yaml``, one ``YYYY-MM-DD.csv`` per
snapshot, optionally ``labels.yaml`` (columns joined onto every snapshot,
looked up by another column) and, for fetched snapshots, a
``YYYY-MM-DD.meta.yaml`` saying where and when it was fetched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import yaml

from .errors import ChartError

# libyaml's parser when PyYAML has it (ten times the pure-Python one); the same
# safe constructors either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The largest value a chart draws: past it, a typo (or an overflow) rather than data.
MAX_VALUE = 1e15
SNAPSHOT = re.compile(r"^(\d{4}-\d{2}-\d{2})\.csv$")
REQUIRED = ("title", "source", "label", "value")
KNOWN = {
    "title",
    "description",
    "source",
    "license",
    "label",
    "label_label",
    "value_label",
    "value",
    "unit",
    "higher_is_better",
    "fetch",
}


@dataclass
class Snapshot:
    date: dt.date
    path: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Dataset:
    name: str
    folder: str
    title: str
    description: str
    source_name: str
    source_url: str
    license: str
    label: str
    value: str
    unit: str
    higher_is_better: bool
    fetch: dict[str, Any] | None
    snapshots: list[Snapshot]
    joins: dict[str, tuple[str, dict[str, str]]]
    #: what captions and tables call the two columns ("Intelligence index")
    value_label: str = ""
    label_label: str = ""

    def snapshot_for(self, as_of: dt.date | None) -> Snapshot | None:
        """The newest snapshot on or before ``as_of`` (the newest of all without it)."""
        eligible = [s for s in self.snapshots if as_of is None or s.date <= as_of]
        return eligible[-1] if eligible else None

    @property
    def newest(self) -> Snapshot | None:
        return self.snapshots[-1] if self.snapshots else None


def _yaml(path: str, shown: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ChartError(
            shown,
            f"is not valid YAML: {getattr(err, 'problem', None) or err}",
            "Fix the YAML at that line",
            line=mark.line + 1 if mark else None,
        ) from None


def load_dataset(folder: str, shown: str | None = None) -> Dataset:
    """Read a dataset folder's description and list its snapshots (oldest first)."""
    shown = shown or folder
    name = os.path.basename(folder.rstrip("/"))
    described = os.path.join(folder, "dataset.yaml")
    shown_yaml = os.path.join(shown, "dataset.yaml")
    if not os.path.isfile(described):
        raise ChartError(
            shown, "has no dataset.yaml", "Add one with title, source, label and value"
        )
    meta = _yaml(described, shown_yaml) or {}
    if not isinstance(meta, dict):
        raise ChartError(shown_yaml, "is not a set of 'key: value' lines", "See the README")
    missing = [key for key in REQUIRED if not meta.get(key)]
    if missing:
        raise ChartError(
            shown_yaml,
            f"lacks {', '.join(missing)}",
            "Every dataset.yaml needs title, source (name, url), label (the column "
            "naming a bar) and value (the numeric column)",
        )
    unknown = sorted(set(meta) - KNOWN)
    if unknown:
        raise ChartError(
            shown_yaml,
            f"has unknown key {unknown[0]!r}",
            f"Use only {', '.join(sorted(KNOWN))}",
        )
    source = meta["source"] if isinstance(meta["source"], dict) else {"name": str(meta["source"])}
    source_url = str(source.get("url") or "").strip()
    if source_url and urlsplit(source_url).scheme.lower() not in ("http", "https"):
        raise ChartError(
            shown_yaml,
            f"source.url is {source_url!r}, which is not an http or https address",
            "Link the source's web page, starting with https://",
        )
    snapshots = []
    for entry in sorted(os.listdir(folder)):
        match = SNAPSHOT.match(entry)
        if not match:
            continue
        try:
            date = dt.date.fromisoformat(match[1])
        except ValueError:
            raise ChartError(
                os.path.join(shown, entry),
                "is named for a date that does not exist",
                "Name snapshots YYYY-MM-DD.csv",
            ) from None
        side = os.path.join(folder, f"{match[1]}.meta.yaml")
        snap_meta = (
            _yaml(side, os.path.join(shown, f"{match[1]}.meta.yaml"))
            if os.path.isfile(side)
            else {}
        )
        snapshots.append(Snapshot(date, os.path.join(folder, entry), snap_meta or {}))
    joins = {}
    labels = os.path.join(folder, "labels.yaml")
    if os.path.isfile(labels):
        shown_labels = os.path.join(shown, "labels.yaml")
        table = _yaml(labels, shown_labels) or {}
        for column, spec in table.items() if isinstance(table, dict) else []:
            if (
                not isinstance(spec, dict)
                or "from" not in spec
                or not isinstance(spec.get("values"), dict)
            ):
                raise ChartError(
                    shown_labels,
                    f"column {column!r} is not 'from: <column>' with 'values: {{...}}'",
                    "Write each added column as  origin: {from: creator, values: {OpenAI: US}}",
                )
            joins[str(column)] = (
                str(spec["from"]),
                {str(k): str(v) for k, v in spec["values"].items()},
            )
    higher = meta.get("higher_is_better", True)
    if not isinstance(higher, bool):
        raise ChartError(shown_yaml, "higher_is_better is not true or false", "Write true or false")
    return Dataset(
        name=name,
        folder=folder,
        title=str(meta["title"]),
        description=str(meta.get("description", "")).strip(),
        source_name=str(source.get("name", "")),
        source_url=source_url,
        license=str(meta.get("license", "")),
        label=str(meta["label"]),
        value=str(meta["value"]),
        unit=str(meta.get("unit", "")),
        higher_is_better=higher,
        fetch=meta.get("fetch"),
        snapshots=snapshots,
        joins=joins,
        value_label=column_words(meta.get("value_label"), str(meta["value"])),
        label_label=column_words(meta.get("label_label"), str(meta["label"])),
    )


def column_words(given: Any, column: str) -> str:
    """A column's name in words: as the dataset gives it, else the column's own
    name made readable ("intelligence_index" reads "Intelligence index")."""
    if isinstance(given, str) and given.strip():
        return given.strip()
    text = column.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def read_rows(text: str, dataset: Dataset, shown: str) -> list[dict[str, Any]]:
    """Check a snapshot's CSV text and return its rows, values as floats.

    Checks: a header naming the dataset's label and value columns, at least
    one row, a number in every value cell, no label twice. Columns from
    ``labels.yaml`` are joined on.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise ChartError(shown, "is empty", "Add a header row and at least one data row") from None
    header = [h.strip() for h in header]
    for role, column in (("label", dataset.label), ("value", dataset.value)):
        if column not in header:
            raise ChartError(
                shown,
                f"has no {column!r} column (the dataset's {role}); its header is {header}",
                "Make the first row a header naming the columns",
                line=1,
            )
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise ChartError(
                shown,
                f"has {len(cells)} cells where the header has {len(header)}",
                "Give every row one cell a column; quote cells holding commas",
                line=number,
            )
        row: dict[str, Any] = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        raw = row[dataset.value]
        try:
            row[dataset.value] = float(raw.replace(",", "")) if raw else None
        except ValueError:
            raise ChartError(
                shown,
                f"{dataset.value} is {raw!r}, not a number",
                "Write a plain number such as 67 or 67.5",
                line=number,
            ) from None
        if row[dataset.value] is None:
            raise ChartError(shown, f"has no {dataset.value}", "Fill in the value", line=number)
        if not math.isfinite(row[dataset.value]) or abs(row[dataset.value]) > MAX_VALUE:
            raise ChartError(
                shown,
                f"{dataset.value} is {raw!r}, not a finite number a chart can draw",
                f"Write a plain number between -{MAX_VALUE:.0e} and {MAX_VALUE:.0e}",
                line=number,
            )
        label = row[dataset.label]
        if not label:
            raise ChartError(shown, f"has no {dataset.label}", "Name every row", line=number)
        if label in seen:
            raise ChartError(
                shown,
                f"names {label!r} twice (also line {seen[label]})",
                "Keep one row per label",
                line=number,
            )
        seen[label] = number
        for column, (key, values) in dataset.joins.items():
            row[column] = values.get(str(row.get(key, "")), "")
        rows.append(row)
    if not rows:
        raise ChartError(shown, "has a header but no rows", "Add at least one data row")
    return rows


def columns(rows: list[dict[str, Any]]) -> list[str]:
    return list(rows[0].keys()) if rows else []


def unlabelled(dataset: Dataset, rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """For each column ``labels.yaml`` adds: the values of its ``from`` column in
    ``rows`` that it has no entry for (rows that get an empty value)."""
    missing: dict[str, list[str]] = {}
    for column, (key, values) in dataset.joins.items():
        lacking = sorted(
            {str(row.get(key, "")) for row in rows if str(row.get(key, "")) not in values}
        )
        if lacking:
            missing[column] = lacking
    return missing
