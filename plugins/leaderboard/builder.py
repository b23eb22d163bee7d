"""Turn a ```leaderboard block into a figure, and remember what to publish.

:class:`ChartBuilder` knows nothing of Pelican: it is given the content
folder, the URL prefix and a Jinja loader, reads datasets once per build,
and records the files a build must write (snapshot downloads, chart images
for feed readers) and which essays use which dataset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .dataset import Dataset, column_words, columns, load_dataset, read_rows, unlabelled
from .errors import ChartError
from .select import check_columns, compare, rank
from .spec import parse_block
from .svg import format_value, render_svg


def date_text(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


@dataclass(frozen=True)
class Drawn:
    """One chart: its figure HTML, and what drawing it did besides (the dataset it
    used and the image for feed readers), so a kept essay's chart can do it again."""

    html: str
    dataset: str
    image_path: str
    image: bytes


@dataclass
class Outputs:
    """Files to write, by output path, and who uses which dataset."""

    files: dict[str, bytes] = field(default_factory=dict)
    uses: dict[str, set[str]] = field(default_factory=dict)


class ChartBuilder:
    def __init__(self, data_root: str, shown_data_root: str, url_prefix: str, env: Environment):
        self.data_root = data_root
        self.shown_data_root = shown_data_root
        self.prefix = url_prefix.rstrip("/")
        self.env = env
        self.outputs = Outputs()
        self._datasets: dict[str, Dataset] = {}
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._digests: dict[str, str | None] = {}  # each dataset folder's, once a build

    # Data -----------------------------------------------------------------
    def dataset(self, name: str, essay: str, line: int) -> Dataset:
        if name not in self._datasets:
            folder = os.path.join(self.data_root, name)
            if "/" in name or name.startswith(".") or not os.path.isdir(folder):
                known = ", ".join(self.dataset_names()) or "none yet"
                raise ChartError(
                    essay,
                    f"leaderboard block: there is no dataset {name!r}",
                    f"Datasets are folders under content/data/ (found: {known})",
                    line,
                )
            self._datasets[name] = load_dataset(folder, os.path.join(self.shown_data_root, name))
        return self._datasets[name]

    def dataset_names(self) -> list[str]:
        if not os.path.isdir(self.data_root):
            return []
        return sorted(
            entry
            for entry in os.listdir(self.data_root)
            if os.path.isfile(os.path.join(self.data_root, entry, "dataset.yaml"))
        )

    def rows(self, dataset: Dataset, snapshot) -> list[dict[str, Any]]:
        if snapshot.path not in self._rows:
            shown = os.path.join(
                self.shown_data_root, dataset.name, os.path.basename(snapshot.path)
            )
            with open(snapshot.path, encoding="utf-8") as handle:
                self._rows[snapshot.path] = read_rows(handle.read(), dataset, shown)
            self.publish_snapshot(dataset, snapshot)
        return self._rows[snapshot.path]

    def publish_snapshot(self, dataset: Dataset, snapshot) -> None:
        """Record the CSV and JSON downloads of one snapshot."""
        stem = f"data/{dataset.name}/{snapshot.date.isoformat()}"
        with open(snapshot.path, "rb") as handle:
            self.outputs.files[stem + ".csv"] = handle.read()
        rows = self._rows[snapshot.path]
        document = {
            "dataset": dataset.name,
            "title": dataset.title,
            "source": {"name": dataset.source_name, "url": dataset.source_url},
            "license": dataset.license,
            "as_of": snapshot.date.isoformat(),
            "label": dataset.label,
            "value": dataset.value,
            "unit": dataset.unit,
            "columns": columns(rows),
            "rows": rows,
        }
        if snapshot.meta:
            document["fetched"] = {k: str(v) for k, v in snapshot.meta.items()}
        self.outputs.files[stem + ".json"] = (
            json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        ).encode()

    def url(self, path: str) -> str:
        return f"{self.prefix}/{path}"

    def folder_digest(self, name: str) -> str | None:
        """A digest of every file in dataset ``name``'s folder (None: there is no
        such folder): a chart is the same while its block and this are."""
        if name not in self._digests:
            self._digests[name] = folder_digest(os.path.join(self.data_root, name))
        return self._digests[name]

    def drawn_again(self, name: str, essay: str, image_path: str, image: bytes) -> None:
        """What drawing a chart did besides making its figure, for a kept essay."""
        self.outputs.uses.setdefault(name, set()).add(essay)
        self.outputs.files[image_path] = image

    # Charts -----------------------------------------------------------------
    def build(self, block: str, essay: str, line: int) -> str:
        """The figure HTML for one block; raises ChartError naming essay and line."""
        return self.draw(block, essay, line).html

    def draw(self, block: str, essay: str, line: int) -> Drawn:
        """The figure for one block, and what drawing it did; raises ChartError."""
        spec = parse_block(block, essay, line)
        dataset = self.dataset(spec.dataset, essay, line)
        self.outputs.uses.setdefault(dataset.name, set()).add(essay)
        snapshot = dataset.snapshot_for(spec.as_of)
        if snapshot is None:
            dates = ", ".join(s.date.isoformat() for s in dataset.snapshots) or "none"
            raise ChartError(
                essay,
                f"leaderboard block: dataset {dataset.name!r} has no snapshot on or before "
                f"{spec.as_of}",
                f"Pin as_of to a date with data (snapshots: {dates})",
                line,
            )
        rows = self.rows(dataset, snapshot)
        check_columns(spec, columns(rows), essay, line)
        bars = rank(rows, spec, dataset.label, dataset.value, dataset.higher_is_better)
        if not bars:
            raise ChartError(
                essay,
                f"leaderboard block: no row of {dataset.name!r} matches the filter {spec.filter}",
                "Check the filter's values against the data",
                line,
            )
        groups = list(dict.fromkeys(bar.group for bar in bars)) if spec.color_by else []
        title = spec.title or dataset.title
        chart_id = "lb-" + hashlib.sha1(f"{essay}:{line}".encode()).hexdigest()[:8]
        order = "highest" if dataset.higher_is_better else "lowest"
        leader = bars[0]
        description = (
            f"Bar chart ranking {len(bars)} entries by {dataset.value_label.lower()}"
            f"{' in ' + dataset.unit if dataset.unit else ''}, {order} first. "
            f"{leader.label} leads with {format_value(leader.value)}"
            + (
                f", then {bars[1].label} with {format_value(bars[1].value)}"
                if len(bars) > 1
                else ""
            )
            + f". Data as of {date_text(snapshot.date)}, from {dataset.source_name}."
        )
        svg_args = dict(
            title=title, description=description, groups=groups, axis_label=dataset.unit
        )
        standalone = render_svg(bars, chart_id=chart_id, standalone=True, **svg_args)
        digest = hashlib.sha1(standalone.encode()).hexdigest()[:10]
        image_path = f"data/{dataset.name}/charts/{chart_id}-{digest}.svg"
        self.outputs.files[image_path] = standalone.encode()
        stem = f"data/{dataset.name}/{snapshot.date.isoformat()}"
        chart = {
            "id": chart_id,
            "title": title,
            "svg": Markup(render_svg(bars, chart_id=chart_id, **svg_args)),
            "bars": bars,
            "date": snapshot.date,
            "date_text": date_text(snapshot.date),
            "unit": dataset.unit,
            "value_label": dataset.value_label,
            "label_column": dataset.label_label,
            "group_column": column_words(None, spec.color_by) if spec.color_by else None,
            "higher_is_better": dataset.higher_is_better,
            "source_name": dataset.source_name,
            "source_url": dataset.source_url,
            "license": dataset.license,
            "csv_url": self.url(stem + ".csv"),
            "json_url": self.url(stem + ".json"),
            "feed_image": self.url(image_path),
            "feed_alt": f"{title}: {leader.label} leads with {format_value(leader.value)}"
            f"{' ' + dataset.unit if dataset.unit else ''}. Data as of "
            f"{date_text(snapshot.date)}.",
            "format": format_value,
            "ordinal": ordinal,
            "since": None,
        }
        newest = dataset.newest
        if spec.as_of is not None and newest is not None and newest.date > snapshot.date:
            newest_rows = self.rows(dataset, newest)
            # Rows labels.yaml says nothing of yet: a filter or colour on the
            # columns it adds cannot place them, so the comparison leaves them out.
            used = {*spec.filter, spec.color_by} & set(dataset.joins)
            lacking = unlabelled(dataset, newest_rows)
            keys = {column: set(lacking.get(column, ())) for column in used}
            left_out = [
                row[dataset.label]
                for row in newest_rows
                if any(str(row.get(dataset.joins[c][0], "")) in keys[c] for c in used)
            ]
            newer_bars = rank(
                newest_rows,
                spec,
                dataset.label,
                dataset.value,
                dataset.higher_is_better,
            )
            newer_groups = list(dict.fromkeys(b.group for b in newer_bars)) if spec.color_by else []
            chart["since"] = {
                "date": newest.date,
                "date_text": date_text(newest.date),
                "changes": compare(bars, newer_bars),
                "svg": Markup(
                    render_svg(
                        newer_bars,
                        chart_id=chart_id + "-now",
                        title=f"{title} (newest data)",
                        description=f"The same ranking with data as of {date_text(newest.date)}.",
                        groups=newer_groups,
                        axis_label=dataset.unit,
                    )
                ),
                "csv_url": self.url(f"data/{dataset.name}/{newest.date.isoformat()}.csv"),
                "bars": newer_bars,
                "unlabelled": sorted(left_out),
            }
        template = self.env.get_template("leaderboard_figure.html")
        html = template.render(chart=chart)
        return Drawn(html, dataset.name, image_path, self.outputs.files[image_path])


def folder_digest(folder: str) -> str | None:
    """Every file directly in ``folder``, by name and bytes (None: no such folder)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return None
    digest = hashlib.sha256()
    for name in names:
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as handle:
            data = handle.read()
        digest.update(f"{name}\0{len(data)}\0".encode("utf-8", "surrogatepass") + data)
    return digest.hexdigest()
