"""Splitting a file into front matter and body, for each form and each failure."""

from __future__ import annotations

import datetime as dt

import pytest
from front_matter.errors import FrontMatterError
from front_matter.parse import split


def test_toml_between_plus_lines_with_hugo_types():
    doc = split(
        "+++\ntitle = 'A'\ndate = 2025-12-01T09:00:00-05:00\n"
        'tags = ["AI", "China"]\ndraft = false\n+++\n\nBody text\n',
        "a.md",
    )
    assert doc.format == "toml"
    assert doc.metadata["title"] == "A"
    assert doc.metadata["date"] == dt.datetime(
        2025, 12, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=-5))
    )
    assert doc.metadata["tags"] == ["AI", "China"]
    assert doc.metadata["draft"] is False
    assert doc.body.strip() == "Body text"
    assert doc.body_line == 7
    assert doc.line_of("tags") == 4


def test_yaml_between_dash_lines_and_dots_closer():
    doc = split("---\ntitle: B\ntags: [x, y]\n...\nBody\n", "b.md")
    assert doc.format == "yaml"
    assert doc.metadata == {"title": "B", "tags": ["x", "y"]}
    assert doc.body == "Body\n"
    assert doc.body_line == 5


def test_pelican_native_lines_with_continuation():
    doc = split("Title: C\nTags: a, b\nSummary: one\n    two\n\nBody\n", "c.md")
    assert doc.format == "pelican"
    assert doc.metadata == {"title": "C", "tags": "a, b", "summary": ["one", "two"]}
    assert doc.body == "Body\n"
    assert doc.body_line == 6
    assert doc.line_of("summary") == 3


def test_no_front_matter_keeps_the_whole_text_as_body():
    doc = split("# Heading\n\nText\n", "d.md")
    assert doc.format == "none"
    assert doc.metadata == {}
    assert doc.body.startswith("# Heading")


def test_byte_order_mark_and_windows_line_endings():
    doc = split("\ufeff+++\r\ntitle = 'E'\r\n+++\r\nBody\r\n", "e.md")
    assert doc.metadata == {"title": "E"}
    assert doc.body == "Body\n"


def test_yaml_with_a_typed_body_that_uses_a_horizontal_rule():
    doc = split("---\ntitle: F\n---\nText\n\n---\n\nMore\n", "f.md")
    assert doc.metadata == {"title": "F"}
    assert "More" in doc.body


def test_toml_tables_stay_whole_and_their_line_is_known():
    doc = split("+++\ntitle = 'G'\n[params]\nkicker = 'x'\n[extra]\nfeatured = true\n+++\n", "g.md")
    assert doc.metadata["params"] == {"kicker": "x"}
    assert doc.metadata["extra"] == {"featured": True}
    assert doc.line_of("extra") == 5
    # A key inside a table is not taken for a top-level key.
    assert doc.line_of("featured") is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("+++\ntitle = 'x'\ndate = 2025-01-01\n", 1, "never closes"),
        ("---\ntitle: x\n", 1, "never closes"),
        ("+++\ntitle = 'x'\ntags = [\"a\",\n+++\n", 3, "TOML front matter does not parse"),
        ('+++\ntitle = "broken\n+++\n', 2, "TOML front matter does not parse"),
        ("+++\ntitle = 'x'\ntitle = 'y'\n+++\n", 3, "TOML front matter does not parse"),
        ("---\ntitle: x\n  bad: [1\n---\n", 3, "YAML front matter does not parse"),
        ("---\ntitle: x\ntags: [a, b\ndate: 2025-01-01\n---\n", 3, "YAML front matter does not"),
        ("---\n- a\n- b\n---\n", 2, "not a set of 'key: value' lines"),
    ],
)
def test_broken_front_matter_names_file_line_and_what_to_do(text, line, words):
    with pytest.raises(FrontMatterError) as caught:
        split(text, "posts/broken.md")
    error = caught.value
    assert error.path == "posts/broken.md"
    assert error.line == line
    assert words in str(error)
    assert str(error).startswith(f"posts/broken.md:{line}: ")
    # Every message tells the author what to do, not only what is wrong.
    assert error.hint and error.hint[0].isupper()


def _alias_chain(levels: int = 9, width: int = 9) -> str:
    lines = ["---", "title: Bomb", "a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join([*lines, "---", "Body"]) + "\n"


def test_a_yaml_alias_chain_is_refused_before_anything_expands_it():
    # 9 levels of 9 aliases: 9**9 copies once turned into text (6 GB before).
    with pytest.raises(FrontMatterError, match=r"repeats a list or table through an alias"):
        split(_alias_chain(), "bomb.md")


def test_an_alias_to_a_single_value_is_still_fine():
    doc = split("---\ntitle: &t Same\nog_title: *t\n---\nBody\n", "a.md")
    assert doc.metadata["og_title"] == "Same"


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("+++\ntitle = 'A'\nn = " + "9" * 10000 + "\n+++\n", "has 10,000 digits", 3),
        ("---\ntitle: A\nn: " + "9" * 10000 + "\n---\n", "has 10,000 digits", 3),
        ("+++\ntitle = 'A'\nx = " + "[" * 5000 + "]" * 5000 + "\n+++\n", "nest too deeply", 2),
        ("---\ntitle: A\nx: " + "[" * 60 + "]" * 60 + "\n---\n", "nest more than 50", None),
    ],
    ids=["toml-digits", "yaml-digits", "toml-deep", "yaml-deep"],
)
def test_huge_numbers_and_deep_nesting_say_what_is_wrong(text, words, line):
    with pytest.raises(FrontMatterError, match=words) as caught:
        split(text, "a.md")
    assert caught.value.line == line


def test_the_alias_chain_costs_little_time_and_memory_in_a_process_of_its_own(tmp_path):
    # Measured in a child process, so its peak is the parse's alone: before,
    # the same 1 KB front matter took 80 s and 6 GB once turned into text.
    import subprocess
    import sys
    from pathlib import Path

    essay = tmp_path / "bomb.md"
    essay.write_text(_alias_chain())
    plugins = Path(__file__).resolve().parents[3] / "plugins"
    script = (
        "import resource, sys, time\n"
        f"sys.path.insert(0, {str(plugins)!r})\n"
        "from front_matter.errors import FrontMatterError\n"
        "from front_matter.mapping import map_metadata\n"
        "from front_matter.parse import split\n"
        "import datetime as dt\n"
        "start = time.monotonic()\n"
        "try:\n"
        f"    doc = split(open({str(essay)!r}).read(), 'bomb.md')\n"
        "    str(map_metadata(doc.metadata, path='bomb.md', default_tz=dt.UTC))\n"
        "    print('parsed')\n"
        "except FrontMatterError as err:\n"
        "    print('refused', err)\n"
        "print(time.monotonic() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    verdict, figures = result.stdout.strip().split("\n")
    seconds, peak_kib = figures.split()
    assert verdict.startswith("refused")
    assert float(seconds) < 5 and int(peak_kib) < 200 * 1024, figures


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "+++\ntitle = 'A'\ndate = 2025-13-45\n+++\n",
            3,
            "2025-13-45, which is not a real date: there is no month 13",
        ),
        (
            "+++\ntitle = 'A'\ndate = 2025-02-30T09:00:00Z\n+++\n",
            3,
            "not a real date: February 2025 has 28 days",
        ),
        (
            "+++\ntitle = 'A'\ndate = 2025-12-01T25:00:00\n+++\n",
            3,
            "not a real time: hours run 00 to 23",
        ),
        (
            "---\ntitle: A\ndate: 2025-13-45\n---\n",
            3,
            "2025-13-45, which is not a real date: there is no month 13",
        ),
        ("---\ntitle: x\n\tdate: 1\n---\n", 3, "a tab character where it indents"),
        ("---\ntitle: x\ntags:\n\t- a\n---\n", 4, "a tab character where it indents"),
    ],
    ids=["toml-month", "toml-day", "toml-hour", "yaml-month", "yaml-tab", "yaml-tab-list"],
)
def test_impossible_dates_and_tabs_are_named_on_their_line(text, line, words):
    with pytest.raises(FrontMatterError, match=words) as caught:
        split(text, "a.md")
    assert caught.value.line == line
