"""Pelican glue: the Markdown extension for each build, and a generator that
writes snapshot downloads, chart images for feeds and the /data/ page."""

from __future__ import annotations

import hashlib
import logging
import os

from build_cache import codec
from front_matter.paths import display_path
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from pelican import signals
from pelican.generators import Generator

from .builder import ChartBuilder, date_text
from .dataset import unlabelled
from .errors import ChartError
from .markdown_ext import LeaderboardExtension, Replays
from .settings import resolve

logger = logging.getLogger(__name__)
TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
_current: dict[str, ChartBuilder | None] = {"builder": None}


def dataset_digest(name: str) -> str | None:
    """For a chart in a kept essay body (front_matter's render cache): its dataset's digest."""
    return _current["builder"].folder_digest(name)


def drawn_again(name: str, essay: str, image_path: str, image: bytes) -> None:
    """For a chart in a kept essay body: what drawing it did besides its figure."""
    _current["builder"].drawn_again(name, essay, image_path, image)


codec.allow(dataset_digest, drawn_again)
_EXTENSION = LeaderboardExtension(lambda: _current["builder"], Replays(dataset_digest, drawn_again))


def start(pelican) -> None:
    """A fresh builder for each build; our extension in the Markdown settings."""
    settings = pelican.settings
    options = resolve(settings)
    data_root = os.path.join(settings["PATH"], options["LEADERBOARD_DATA_PATH"])
    theme_templates = os.path.join(settings["THEME"], "templates")
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(theme_templates), FileSystemLoader(TEMPLATES)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    prefix = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
    _current["builder"] = ChartBuilder(data_root, display_path(data_root), prefix, env)
    extensions = settings["MARKDOWN"].setdefault("extensions", [])
    if _EXTENSION not in extensions:
        extensions.append(_EXTENSION)


class LeaderboardGenerator(Generator):
    """Writes what the charts need once every essay has been read."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(TEMPLATES)])

    def generate_context(self) -> None:
        builder = _current["builder"]
        if builder is None:
            return
        self.datasets = []
        # Every dataset is listed and downloadable, used by an essay or not.
        for name in builder.dataset_names():
            try:
                dataset = builder.dataset(name, display_path(builder.data_root), 0)
                for snapshot in dataset.snapshots:
                    builder.rows(dataset, snapshot)
            except ChartError as err:
                logger.error("%s", err)
                continue
            self.datasets.append(dataset)
            _warn_unlabelled(builder, dataset)

    def generate_output(self, writer) -> None:
        builder = _current["builder"]
        if builder is None:
            return
        # A writer that keeps files (the incremental plugin's) puts back a chart
        # or data file whose bytes are the same: at 5,000 essays writing the
        # 500 charts again took 0.37 s of every preview rebuild.
        reuse = getattr(writer, "reuse", None)
        written = getattr(writer, "written", None)
        for path, data in sorted(builder.outputs.files.items()):
            key = hashlib.sha256(data).hexdigest()
            if reuse and reuse(path, key):
                continue
            target = os.path.join(self.output_path, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(data)
            if written:
                written(path, key)
        options = resolve(self.settings)
        if not options["LEADERBOARD_DATA_PAGE"]:
            return
        published = {
            display_path(item.source_path): item
            for kind in ("articles", "pages")
            for item in self.context.get(kind, [])
        }
        items = []
        for dataset in self.datasets:
            essays = sorted(
                (
                    published[p]
                    for p in builder.outputs.uses.get(dataset.name, ())
                    if p in published
                ),
                key=lambda a: a.title,
            )
            snapshots = [
                {
                    "date": s.date.isoformat(),
                    "date_text": date_text(s.date),
                    "csv_url": builder.url(f"data/{dataset.name}/{s.date.isoformat()}.csv"),
                    "json_url": builder.url(f"data/{dataset.name}/{s.date.isoformat()}.json"),
                    "fetched": s.meta.get("fetched_at"),
                }
                for s in reversed(dataset.snapshots)
            ]
            items.append({"dataset": dataset, "snapshots": snapshots, "essays": essays})
        writer.write_file(
            options["LEADERBOARD_DATA_PAGE"],
            self.get_template("leaderboard_datasets"),
            self.context,
            datasets=items,
            relative_urls=self.settings.get("RELATIVE_URLS"),
        )


def _warn_unlabelled(builder: ChartBuilder, dataset) -> None:
    """A live chart stays honest only if labels.yaml keeps up with the data: name
    what the newest snapshot has that it does not."""
    newest = dataset.newest
    if newest is None or not dataset.joins:
        return
    for column, lacking in unlabelled(dataset, builder.rows(dataset, newest)).items():
        key = dataset.joins[column][0]
        shown = ", ".join(lacking[:10]) + (
            f" and {len(lacking) - 10} more" if len(lacking) > 10 else ""
        )
        logger.warning(
            "%s: %s has no value for %d %s of the newest snapshot (%s): %s. Charts that "
            "filter or colour by %s leave them out; add them under %s: values:",
            display_path(os.path.join(dataset.folder, "labels.yaml")),
            column, len(lacking), key if len(lacking) == 1 else f"{key} values",
            newest.date.isoformat(), shown, column, column,
        )  # fmt: skip


def get_generators(pelican):
    # A list: asked if a bare class is Iterable, Python walks every ABC (19 ms).
    return [LeaderboardGenerator]


def register() -> None:
    signals.initialized.connect(start)
    signals.get_generators.connect(get_generators)
