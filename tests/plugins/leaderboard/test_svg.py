"""The SVG renderer on its own: rows and options in, well-formed SVG out."""

from __future__ import annotations

from leaderboard.select import Bar
from leaderboard.svg import BAR_SPAN, format_value, render_svg
from leaderboard.svg import ticks as ticks_for
from lxml import etree

SVG = "{http://www.w3.org/2000/svg}"


def bars(*items, highlight=(), groups=None):
    return [
        Bar(
            rank=i,
            label=label,
            value=value,
            group=(groups or {}).get(label),
            highlighted=label in highlight,
            row={},
        )
        for i, (label, value) in enumerate(items, start=1)
    ]


def parse(svg: str):
    if "xmlns=" not in svg:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return etree.fromstring(svg.encode())


def test_well_formed_with_a_title_and_description_that_name_it():
    root = parse(
        render_svg(
            bars(("A", 50), ("B", 25)),
            chart_id="c1",
            title="Top models",
            description="A leads with 50.",
        )
    )
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Top models"
    assert root.find(f"{SVG}desc").text == "A leads with 50."


def test_bars_are_proportional_and_labelled_with_their_values():
    root = parse(
        render_svg(bars(("A", 80), ("B", 40), ("C", 0)), chart_id="c", title="t", description="d")
    )
    widths = [r.get("width") for r in root.iter(f"{SVG}rect")]
    assert widths == [f"{BAR_SPAN:.3f}%", f"{BAR_SPAN / 2:.3f}%", "0.000%"]
    values = [t.text for t in root.iter(f"{SVG}text") if "lb-value" in t.get("class")]
    assert values == ["80", "40", "0"]
    labels = [
        "".join(t.itertext()) for t in root.iter(f"{SVG}text") if "lb-label" in t.get("class")
    ]
    assert labels == ["1. A", "2. B", "3. C"]


def test_data_is_escaped_in_labels_titles_and_legend():
    evil = '<script>alert("x")</script> & Co'
    svg = render_svg(bars((evil, 3)), chart_id="c", title=evil, description=evil, groups=[evil])
    root = parse(svg)  # would fail if anything were unescaped
    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == evil


def test_long_labels_are_cut_and_keep_their_full_text():
    long = "An extremely long model name that would run off a phone screen 2025"
    root = parse(render_svg(bars((long, 1)), chart_id="c", title="t", description="d"))
    label = next(t for t in root.iter(f"{SVG}text") if "lb-label" in t.get("class"))
    assert label.find(f"{SVG}title").text == long
    shown = label.find(f"{SVG}title").tail
    assert shown.endswith("…") and len(shown) < len(long)


def test_highlight_is_more_than_colour_and_groups_get_a_legend():
    root = parse(
        render_svg(
            bars(("A", 2), ("B", 1), highlight={"B"}, groups={"A": "China", "B": "France"}),
            chart_id="c",
            title="t",
            description="d",
            groups=["China", "France"],
        )
    )
    legend = [
        t.text
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "lb-legend"
        for t in g.iter(f"{SVG}text")
    ]
    assert legend == ["China", "France"]
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "lb-row"]
    plain, marked = (row.find(f"{SVG}rect") for row in rows)
    assert "lb-s0" in plain.get("class") and "lb-s1" in marked.get("class")
    assert marked.get("stroke") and not plain.get("stroke")
    label = rows[1].find(f"{SVG}text")
    # Weight and outline, not colour alone, and no glyph in the label.
    assert label.get("font-weight") == "700" and "".join(label.itertext()) == "2. B"


def test_standalone_svg_is_a_file_a_feed_reader_can_show():
    svg = render_svg(bars(("A", 1)), chart_id="c", title="t", description="d", standalone=True)
    root = etree.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg" and root.get("width") == "640"


def test_value_formatting():
    assert [format_value(v) for v in (67.0, 1234.0, 2.5, 0.125)] == ["67", "1,234", "2.5", "0.12"]


def test_a_value_axis_with_a_zero_line_gridlines_and_the_unit():
    svg = render_svg(
        bars(("A", 68.5), ("B", 40)), chart_id="c", title="t", description="d", axis_label="points"
    )
    root = etree.fromstring(svg.replace("<svg", f'<svg xmlns="{SVG[1:-1]}"', 1).encode())
    zero = [line for line in root.iter(f"{SVG}line") if line.get("class") == "lb-zero"]
    grid = [line for line in root.iter(f"{SVG}line") if line.get("class") == "lb-grid"]
    assert len(zero) == 1 and zero[0].get("x1") == "0.000%"
    assert [line.get("x1") for line in grid] == ["24.526%", "49.051%", "73.577%"]  # 20, 40, 60
    ticks = ["".join(t.itertext()) for t in root.iter(f"{SVG}text") if "lb-tick" in t.get("class")]
    assert ticks == ["0", "20", "40", "60 points"]
    assert ticks_for(0.07) == [0.0, 0.02, 0.04, 0.06] and ticks_for(7) == [0, 2, 4, 6]
