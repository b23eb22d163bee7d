"""Charts in a real build: figure, table, downloads, then-and-now, feeds, /data/."""

from __future__ import annotations

import json
import re
import textwrap

import feedparser
import pytest
from lxml import etree

SITEURL = "https://example.github.io/repo"
EVIL = '<b>Evil & "Co"</b>'
DATASET = {
    "data/bench/dataset.yaml": """
        title: Bench index
        description: A test index.
        source: {name: Bench Source, url: "https://bench.example/"}
        license: CC BY 4.0
        label: model
        value: score
        unit: points
    """,
    "data/bench/labels.yaml": """
        origin:
          from: lab
          values: {Lab A: China, Lab B: France}
    """,
    "data/bench/2025-01-01.csv": (
        "model,lab,score\nAlpha,Lab A,50\nBeta,Lab B,70\n"
        + '"'
        + EVIL.replace('"', '""')
        + '",Lab A,60\n'  # CSV quoting of the label
    ),
    "data/bench/2025-02-01.csv": "model,lab,score\nAlpha,Lab A,80\nBeta,Lab B,70\nGamma,Lab B,75\n",
}
ESSAY = """
    +++
    title = "Charted Essay"
    date = 2025-01-05T10:00:00+01:00
    +++
    Pinned chart:

    ```leaderboard
    dataset: bench
    title: Pinned ranking
    as_of: 2025-01-15
    color_by: origin
    highlight: [Beta]
    ```

    Latest chart:

    ```leaderboard
    dataset: bench
    top: 2
    ```
"""
DRAFT = (
    "+++\ntitle = 'Draft Chart'\ndate = 2025-01-06\ndraft = true\n+++\n"
    "```leaderboard\ndataset: bench\n```\n"
)


@pytest.fixture(scope="module")
def site(make_site):
    build = make_site(
        {**DATASET, "posts/charted.md": ESSAY, "posts/draft.md": DRAFT},
        publish=True,
        siteurl=SITEURL,
    )
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def figures(site):
    return site.html("/posts/charted-essay/").select("figure.leaderboard")


def test_figure_caption_names_title_source_licence_and_date(figures):
    pinned = figures[0]
    caption = pinned.figcaption
    assert caption.select_one(".lb-title").get_text() == "Pinned ranking"
    assert caption.a["href"] == "https://bench.example/" and caption.a.get_text() == "Bench Source"
    assert caption.time["datetime"] == "2025-01-01"
    # Whole sentences, in words: no column name, no licence spliced onto the source.
    assert " ".join(caption.select_one(".lb-meta").get_text().split()) == (
        "Score, points; higher is better. Source: Bench Source. Licence: CC BY 4.0. "
        "Data as of 1 January 2025."
    )


def test_inline_svg_is_well_formed_ranked_and_escaped(site, figures):
    raw = site.path("/posts/charted-essay/").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg .*?</svg>", raw, flags=re.S)
    assert len(svgs) == 3  # pinned, its newest version, latest
    root = etree.fromstring(
        svgs[0].replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1).encode()
    )
    labels = ["".join(t.itertext()) for t in root.iter("{*}text") if "lb-label" in t.get("class")]
    assert labels == ["1. Beta", f"2. {EVIL}", "3. Alpha"]
    assert "<b>Evil" not in raw  # escaped everywhere in the page
    assert root.find("{*}title").text == "Pinned ranking"
    assert "Beta leads with 70" in root.find("{*}desc").text
    legend = [
        t.text
        for g in root.iter("{*}g")
        if g.get("class") == "lb-legend"
        for t in g.iter("{*}text")
    ]
    assert legend == ["France", "China"]


def test_the_table_holds_the_same_rows(figures):
    rows = figures[0].select("details.lb-data tbody tr")
    cells = [[c.get_text() for c in row.find_all(["td", "th"])] for row in rows]
    assert cells == [
        ["1", "Beta", "70", "France"],
        ["2", EVIL, "60", "China"],
        ["3", "Alpha", "50", "China"],
    ]
    assert rows[0].select_one("strong").get_text() == "Beta"


def test_downloads_are_published(site, figures):
    links = {a.get_text(): a["href"] for a in figures[0].select("details.lb-data p a")}
    assert links == {
        "CSV": f"{SITEURL}/data/bench/2025-01-01.csv",
        "JSON": f"{SITEURL}/data/bench/2025-01-01.json",
    }
    assert (site.output / "data/bench/2025-01-01.csv").read_bytes() == (
        DATASET["data/bench/2025-01-01.csv"].encode()
    )
    document = json.loads((site.output / "data/bench/2025-01-01.json").read_text(encoding="utf-8"))
    assert document["as_of"] == "2025-01-01" and document["source"]["name"] == "Bench Source"
    assert {row["model"] for row in document["rows"]} == {"Alpha", "Beta", EVIL}


def test_a_pinned_chart_says_what_changed_since(figures):
    since = figures[0].select_one(".lb-since")
    text = " ".join(since.get_text().split())
    assert "The newest data, from 1 February 2025, differs" in text
    assert "Alpha now leads (then: Beta)." in text
    assert "New in this ranking: Gamma." in text
    assert "Alpha: up from 3rd to 1st." in text
    assert "Beta: down from 1st to 3rd." in text
    assert f"No longer in this ranking: {EVIL}." in text
    assert since.select_one("details svg") is not None


def test_an_unpinned_chart_uses_the_newest_snapshot(figures):
    latest = figures[1]
    assert latest.select_one(".lb-since") is None
    assert latest.figcaption.time["datetime"] == "2025-02-01"
    assert [r.th.get_text() for r in latest.select("tbody tr")] == ["Alpha", "Gamma"]


def test_feeds_show_each_chart_as_an_image_with_alt_text(site):
    feed = feedparser.parse((site.output / "feeds/all.atom.xml").read_bytes())
    assert not feed.bozo
    html = feed.entries[0].content[0].value
    assert "<svg" not in html and "<details" not in html
    images = etree.HTML(html).xpath("//a/img")
    assert [i.get("alt") for i in images] == [
        "Pinned ranking: Beta leads with 70 points. Data as of 1 January 2025.",
        "Bench index: Alpha leads with 80 points. Data as of 1 February 2025.",
    ]
    for image in images:
        assert image.get("src").startswith(f"{SITEURL}/data/bench/charts/")
        svg = site.output / image.get("src")[len(SITEURL) + 1 :]
        assert etree.parse(str(svg)).getroot().tag == "{http://www.w3.org/2000/svg}svg"
        assert image.getparent().get("href") == f"{SITEURL}/posts/charted-essay/"


def test_the_data_page_lists_datasets_snapshots_and_essays(site):
    page = site.html("/data/")
    section = page.select_one("section#bench")
    assert section.h2.get_text() == "Bench index"
    assert section.select_one("dd a")["href"] == "https://bench.example/"
    snapshots = [li.time["datetime"] for li in section.select("h3 + ul li") if li.time]
    assert snapshots == ["2025-02-01", "2025-01-01"]
    essays = [a.get_text() for a in section.find_all("h3")[1].find_next("ul").select("a")]
    assert essays == ["Charted Essay"]  # the draft is not listed
    assert "Draft Chart" not in site.all_text()


BAD = {
    "unknown dataset": ("dataset: nope\n", "there is no dataset 'nope'", "posts/bad.md:7"),
    "unknown filter column": (
        "dataset: bench\nfilter: {weights: open}\n",
        "filter column 'weights' is not in dataset 'bench'",
        "posts/bad.md:7",
    ),
    "unknown color column": (
        "dataset: bench\ncolor_by: origen\n",
        "color_by column 'origen' is not in dataset 'bench' (did you mean origin?)",
        "posts/bad.md:7",
    ),
    "as_of too early": (
        "dataset: bench\nas_of: 2024-06-01\n",
        "has no snapshot on or before 2024-06-01",
        "posts/bad.md:7",
    ),
    "invalid YAML": ("dataset: bench\ntitle: [unclosed\n", "not valid YAML", "posts/bad.md:9"),
    "unknown option": ("dataset: bench\nsort: desc\n", "unknown option 'sort'", "posts/bad.md:9"),
}


def bad_essay(block: str) -> str:
    return f"+++\ntitle = 'Bad'\ndate = 2025-01-05\n+++\nText.\n\n```leaderboard\n{block}```\n"


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_blocks_are_reported_with_essay_and_line_and_stop_publish(make_site, case):
    block, words, where = BAD[case]
    files = {**DATASET, "posts/bad.md": bad_essay(block)}
    local = make_site(files)
    assert local.returncode == 1, local.log
    assert words in local.log and where in local.log, local.log
    assert "Chart not drawn" in local.path("/posts/bad/").read_text()
    assert make_site(files, publish=True).returncode == 1


@pytest.mark.parametrize(
    ("snapshot", "words"),
    [
        ("model,lab,score\nAlpha,Lab A,lots\n", "2025-03-01.csv:2: score is 'lots', not a number"),
        ("name,lab,score\nAlpha,Lab A,1\n", "2025-03-01.csv:1: has no 'model' column"),
    ],
)
def test_bad_snapshots_name_the_data_file_and_line(make_site, snapshot, words):
    files = {
        **DATASET,
        "data/bench/2025-03-01.csv": snapshot,
        "posts/ok.md": bad_essay("dataset: bench\n"),
    }
    local = make_site(files)
    assert words in local.log, local.log
    assert (
        "content/data/bench/2025-03-01.csv" in local.log or "data/bench/2025-03-01.csv" in local.log
    )
    assert make_site(files, publish=True).returncode == 1


def test_a_rebuild_puts_back_chart_data_files_whose_bytes_are_the_same(tmp_path, make_site):
    content = tmp_path / "content"
    for name, text in {**DATASET, "posts/charted.md": ESSAY}.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    output, settings = tmp_path / "output", {"CACHE_PATH": str(tmp_path / "cache")}

    def files() -> dict[str, tuple[int, bytes]]:
        found = (output / "data" / "bench").glob("*.*")
        return {p.name: (p.stat().st_ino, p.read_bytes()) for p in found}

    assert make_site(content=content, output=output, settings=settings).returncode == 0
    first = files()
    assert {"2025-01-01.json", "2025-02-01.json"} <= first.keys()
    assert make_site(content=content, output=output, settings=settings).returncode == 0
    assert files() == first  # each put back, not written again
    newest = content / "data" / "bench" / "2025-02-01.csv"
    newest.write_text(
        newest.read_text(encoding="utf-8").replace("Gamma,Lab B,75", "Gamma,Lab B,95")
    )
    assert make_site(content=content, output=output, settings=settings).returncode == 0
    again = files()  # a data file changed: every page and file is made again
    assert again["2025-02-01.json"][1] != first["2025-02-01.json"][1]
    assert b"95" in again["2025-02-01.json"][1]
    clean = make_site(
        {
            **DATASET,
            "data/bench/2025-02-01.csv": newest.read_text(encoding="utf-8"),
            "posts/charted.md": ESSAY,
        }
    )
    for name, (_, data) in again.items():
        assert (clean.output / "data" / "bench" / name).read_bytes() == data


def test_a_stale_labels_file_is_named_and_the_panel_says_what_it_knows(make_site):
    files = dict(DATASET)
    # The newest snapshot has two labs labels.yaml does not know yet.
    files["data/bench/2025-03-01.csv"] = (
        "model,lab,score\nAlpha,Lab A,80\nDelta,Lab C,90\nEpsilon,Lab D,85\n"
    )
    essay = (
        "+++\ntitle = 'Filtered'\ndate = 2025-01-05\n+++\n"
        "```leaderboard\ndataset: bench\nas_of: 2025-01-15\nfilter: {origin: China}\n```\n"
    )
    build = make_site({**files, "posts/filtered.md": essay}, publish=True, siteurl=SITEURL)
    assert build.returncode == 0, build.log
    assert (
        "data/bench/labels.yaml: origin has no value for 2 lab values of the newest "
        "snapshot (2025-03-01): Lab C, Lab D. Charts that filter or colour by origin "
        "leave them out; add them under origin: values:"
    ) in build.log
    since = build.html("/posts/filtered/").select_one("figure.leaderboard .lb-since")
    text = " ".join(since.get_text().split())
    assert "None now leads" not in text and "None" not in text
    assert (
        "The newest data has 2 entries not yet labelled in labels.yaml (Delta, Epsilon), "
        "so they are not compared here."
    ) in text
