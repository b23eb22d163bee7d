"""A chart in a kept essay: checked by its dataset's digest, not drawn again."""

from __future__ import annotations

import pytest
from build_cache.render_cache import Journal, replay
from jinja2 import Environment, FileSystemLoader, select_autoescape
from leaderboard import builder as builder_module
from leaderboard.builder import ChartBuilder
from leaderboard.markdown_ext import LeaderboardExtension, Replays
from leaderboard.plugin import TEMPLATES
from markdown import Markdown

BLOCK = "dataset: bench\ntitle: Scores\n"
_now: dict = {}


def dataset_digest(name):
    return _now["builder"].folder_digest(name)


def drawn_again(name, essay, image_path, image):
    _now["builder"].drawn_again(name, essay, image_path, image)


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data" / "bench"
    folder.mkdir(parents=True)
    (folder / "dataset.yaml").write_text(
        "title: Bench\nsource: {name: Src, url: 'https://src.example/'}\n"
        "label: model\nvalue: score\n"
    )
    (folder / "2025-01-01.csv").write_text("model,score\nA,10\nB,30\n")
    return tmp_path / "data"


def new_builder(data) -> ChartBuilder:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    _now["builder"] = ChartBuilder(str(data), "content/data", "", env)
    return _now["builder"]


def rendered(data) -> tuple[str, Journal, ChartBuilder]:
    builder = new_builder(data)
    md = Markdown(
        extensions=[LeaderboardExtension(lambda: builder, Replays(dataset_digest, drawn_again))]
    )
    journal = Journal()
    md.essay = {"path": "posts/a.md", "first_line": 3, "journal": journal}
    return md.convert(f"```leaderboard\n{BLOCK}```\n"), journal, builder


def test_a_kept_chart_does_again_what_drawing_it_did_without_drawing_it(data, monkeypatch):
    html, journal, first = rendered(data)
    assert "<svg" in html
    (check, effect) = journal.entries
    assert check[0] is dataset_digest and check[1] == ("bench",) and check[3] is False
    assert effect[0] is drawn_again and effect[3] is True
    image_path = effect[1][2]
    assert first.outputs.files[image_path] == effect[1][3]

    later = new_builder(data)  # the next build
    monkeypatch.setattr(builder_module.ChartBuilder, "draw", lambda *a: pytest.fail("drawn"))
    assert replay(journal.entries)
    assert later.outputs.uses == {"bench": {"posts/a.md"}}
    assert later.outputs.files[image_path] == first.outputs.files[image_path]


@pytest.mark.parametrize(
    "change",
    [
        lambda folder: (folder / "2025-01-01.csv").write_text("model,score\nA,11\nB,30\n"),
        lambda folder: (folder / "2025-02-01.csv").write_text("model,score\nA,1\n"),
        lambda folder: (folder / "dataset.yaml").unlink(),
    ],
    ids=["a value", "a newer snapshot", "no description"],
)
def test_any_change_to_the_dataset_folder_draws_the_chart_again(data, change):
    _, journal, _ = rendered(data)
    new_builder(data)
    change(data / "bench")
    assert not replay(journal.entries)
