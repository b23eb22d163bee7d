"""Datasets, blocks, ranking and comparison, as plain functions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from leaderboard.dataset import load_dataset, read_rows
from leaderboard.errors import ChartError
from leaderboard.select import check_columns, compare, rank
from leaderboard.spec import parse_block


@pytest.fixture
def dataset(tmp_path):
    folder = tmp_path / "bench"
    folder.mkdir()
    (folder / "dataset.yaml").write_text(
        "title: Bench\nsource: {name: Src, url: 'https://src.example/'}\n"
        "license: CC BY 4.0\nlabel: model\nvalue: score\nunit: points\n"
    )
    (folder / "labels.yaml").write_text(
        "origin:\n  from: lab\n  values: {Lab A: Here, Lab B: There}\n"
    )
    (folder / "2025-01-01.csv").write_text("model,lab,score\nA,Lab A,10\nB,Lab B,30\nC,Lab A,20\n")
    (folder / "2025-02-01.csv").write_text("model,lab,score\nA,Lab A,40\nB,Lab B,30\nD,Lab C,5\n")
    (folder / "notes.txt").write_text("not a snapshot")
    return load_dataset(str(folder), "content/data/bench")


def test_a_dataset_lists_its_snapshots_in_date_order(dataset):
    assert [s.date for s in dataset.snapshots] == [dt.date(2025, 1, 1), dt.date(2025, 2, 1)]
    assert dataset.snapshot_for(dt.date(2025, 1, 15)).date == dt.date(2025, 1, 1)
    assert dataset.snapshot_for(None).date == dt.date(2025, 2, 1)
    assert dataset.snapshot_for(dt.date(2024, 12, 31)) is None
    assert dataset.higher_is_better is True


def test_rows_are_checked_and_joined(dataset):
    rows = read_rows("model,lab,score\nA,Lab A,1\nZ,Lab Z,2.5\n", dataset, "x.csv")
    assert rows[0] == {"model": "A", "lab": "Lab A", "score": 1.0, "origin": "Here"}
    assert rows[1]["origin"] == ""


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "is empty"),
        ("name,score\nA,1\n", 1, "has no 'model' column"),
        ("model,lab\nA,x\n", 1, "has no 'score' column"),
        ("model,score\nA,1\nB,lots\n", 3, "score is 'lots', not a number"),
        ("model,score\nA,1\nA,2\n", 3, "names 'A' twice (also line 2)"),
        ("model,score\nA,1,extra\n", 2, "has 3 cells where the header has 2"),
        ("model,score\n", None, "has a header but no rows"),
        ("model,score\n,4\n", 2, "has no model"),
        ("model,score\nA,1\nB,NaN\n", 3, "score is 'NaN', not a finite number"),
        ("model,score\nA,Infinity\n", 2, "score is 'Infinity', not a finite number"),
        ("model,score\nA,-inf\n", 2, "not a finite number"),
        ("model,score\nA,1e400\n", 2, "score is '1e400', not a finite number"),
        ("model,score\nA,2e15\n", 2, "not a finite number a chart can draw"),
    ],
)
def test_bad_snapshots_name_the_file_and_line(dataset, text, line, words):
    with pytest.raises(ChartError) as caught:
        read_rows(text, dataset, "content/data/bench/2025-03-01.csv")
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith("content/data/bench/2025-03-01.csv")


def test_bad_dataset_descriptions(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    with pytest.raises(ChartError, match="has no dataset.yaml"):
        load_dataset(str(folder))
    (folder / "dataset.yaml").write_text("title: T\nlabel: x\n")
    with pytest.raises(ChartError, match="lacks source, value"):
        load_dataset(str(folder))
    (folder / "dataset.yaml").write_text("title: T\nlabel: x\nvalue: v\nsource: s\ncolour: red\n")
    with pytest.raises(ChartError, match="unknown key 'colour'"):
        load_dataset(str(folder))
    for url in ("javascript:alert(document.domain)", "data:text/html,x", "file:///etc/passwd"):
        (folder / "dataset.yaml").write_text(
            f"title: T\nlabel: x\nvalue: v\nsource: {{name: S, url: '{url}'}}\n"
        )
        with pytest.raises(ChartError, match="source.url is .* not an http or https address"):
            load_dataset(str(folder))
    (folder / "dataset.yaml").write_text("title: [unclosed\n")
    with pytest.raises(ChartError) as caught:
        load_dataset(str(folder))
    assert caught.value.line == 2


def test_a_block_with_every_option():
    spec = parse_block(
        "dataset: bench\ntitle: T\nas_of: 2025-01-15\ntop: 2\nfilter: {origin: [Here, There]}\n"
        "color_by: origin\nhighlight: [A]\n",
        "posts/e.md",
        10,
    )
    assert spec.as_of == dt.date(2025, 1, 15)
    assert spec.filter == {"origin": ["Here", "There"]}
    assert (spec.top, spec.color_by, spec.highlight) == (2, "origin", ["A"])
    assert parse_block("dataset: x\nfilter: {open: true}\n", "e", 1).filter == {"open": ["true"]}


@pytest.mark.parametrize(
    ("block", "line", "words"),
    [
        ("dataset: x\ntitle: [unclosed\n", 12, "not valid YAML"),
        ("dataset: x\ntitle: a: b\n", 12, "not valid YAML"),
        ("title: no dataset\n", 10, "no dataset"),
        (
            "dataset: x\ncolour_by: origin\n",
            12,
            "unknown option 'colour_by' (did you mean color_by?)",
        ),
        ("dataset: x\nas_of: yesterday\n", 10, "as_of 'yesterday' is not a date"),
        ("dataset: x\ntop: 0\n", 10, "top 0 is not a whole number"),
        ("dataset: x\nfilter: open\n", 10, "filter is not column: value pairs"),
    ],
)
def test_bad_blocks_name_the_essay_and_line(block, line, words):
    with pytest.raises(ChartError) as caught:
        parse_block(block, "posts/e.md", 10)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"posts/e.md:{line}: leaderboard block:")


def test_ranking_filters_sorts_and_cuts(dataset):
    rows = read_rows(Path(dataset.snapshots[0].path).read_text(), dataset, "x")
    spec = parse_block("dataset: bench\nfilter: {origin: Here}\nhighlight: [C]\n", "e", 1)
    bars = rank(rows, spec, "model", "score", True)
    assert [(b.rank, b.label, b.value, b.highlighted) for b in bars] == [
        (1, "C", 20.0, True),
        (2, "A", 10.0, False),
    ]
    lowest_first = rank(rows, parse_block("dataset: b\ntop: 2\n", "e", 1), "model", "score", False)
    assert [b.label for b in lowest_first] == ["A", "C"]


def test_unknown_columns_suggest_the_nearest(dataset):
    spec = parse_block("dataset: bench\ncolor_by: orign\n", "posts/e.md", 4)
    with pytest.raises(ChartError, match="color_by column 'orign' is not in .*did you mean origin"):
        check_columns(spec, ["model", "lab", "score", "origin"], "posts/e.md", 5)


def test_compare_says_what_changed(dataset):
    spec = parse_block("dataset: bench\ntop: 2\n", "e", 1)
    first, second = (
        rank(read_rows(Path(s.path).read_text(), dataset, "x"), spec, "model", "score", True)
        for s in dataset.snapshots
    )
    changes = compare(first, second)
    assert (changes.leader_before, changes.leader_now) == ("B", "A")
    assert changes.entered == ["A"] and changes.left == ["C"]
    assert changes.moves == [("B", 1, 2)]
    assert changes.any
    assert not compare(first, first).any
