"""Entries, loaders, citation syntax, hand-written sections and formatting, as plain functions."""

from __future__ import annotations

import json
import os

import bibtexparser
import pytest
from bibliography.entries import from_mapping
from bibliography.errors import SourceError
from bibliography.format import format_entries
from bibliography.loaders import load_bibtex, load_csl_json, load_folder, load_yaml
from bibliography.syntax import hand_written_sources, parse_citation


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("@smith2024", [("smith2024", "")]),
        ("@smith2024, p. 12", [("smith2024", "p. 12")]),
        ("@a; @b, ch. 3", [("a", ""), ("b", "ch. 3")]),
        ("@doi:10.1000/xyz", [("doi:10.1000/xyz", "")]),
        ("@ 5pm", None),
        ("see @a", None),
    ],
)
def test_citation_syntax(body, expected):
    assert parse_citation(body) == expected


def test_yaml_entries_with_lines_and_every_field():
    entries = load_yaml(
        "- id: a\n  title: A & B\n  url: https://a.example/\n  author: [Doe, Jane]\n"
        "  publisher: Pub\n  date: 2025-06-03\n  archived: https://archive.example/a\n"
        "  category: Policy\n- id: b\n  title: B\n",
        "content/bibliography/s.yaml",
    )
    assert [(e.id, e.line) for e in entries] == [("a", 1), ("b", 9)]
    assert entries[0].authors == ["Doe", "Jane"] and entries[0].category == "Policy"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("- id: a\n  titel: A\n", 1, "source field 'titel' is not known; nearest known: title"),
        ("- id: a\n  url: https://a.example/\n", 1, "source 'a' has no title"),
        ("- title: A\n", 1, "a source has no id"),
        ("- id: a\n  title: A\n  url: javascript:alert(1)\n", 1, "not http or https"),
        ("- id: a\n  title: [A\n", 2, "is not valid YAML"),
        ("id: a\n", 1, "is not a list of sources"),
    ],
)
def test_bad_yaml_sources(text, line, words):
    with pytest.raises(SourceError) as caught:
        load_yaml(text, "content/bibliography/s.yaml")
    assert caught.value.line == line and words in str(caught.value)


BIB = """@report{aa2025,
  title = {Artificial Analysis {State} of AI},
  author = {Doe, Jane and Roe, Rick},
  institution = {Artificial Analysis},
  year = {2025},
  url = {https://artificialanalysis.ai/},
  keywords = {Leaderboard, AI},
}

@article{j2024,
  title = {A Journal Paper},
  journal = {Policy Review},
  date = {2024-03},
  category = {Analysis},
  doi = {10.1000/xyz},
}
"""


def test_bibtex_keeps_url_and_institution_and_takes_category_from_keywords():
    first, second = load_bibtex(BIB, "content/bibliography/s.bib")
    assert first.title == "Artificial Analysis State of AI"
    assert first.authors == ["Doe, Jane", "Roe, Rick"]
    assert (first.publisher, first.url, first.category, first.line) == (
        "Artificial Analysis",
        "https://artificialanalysis.ai/",
        "Leaderboard",
        1,
    )
    assert (second.publisher, second.category, second.doi, second.line) == (
        "Policy Review",
        "Analysis",
        "10.1000/xyz",
        10,
    )


def test_broken_bibtex_and_json_name_their_line():
    with pytest.raises(SourceError) as caught:
        load_bibtex("@misc{ok, title = {Fine}}\n\n@misc{bad, title = {Unclosed\n", "s.bib")
    assert caught.value.line == 3 and "does not parse" in str(caught.value)
    with pytest.raises(SourceError) as caught:
        load_csl_json('[\n  {"id": "a", "title": "A"},\n  {"id": "b" "title": "B"}\n]', "s.json")
    assert caught.value.line == 3 and "is not valid JSON" in str(caught.value)


def test_csl_json_items():
    (entry,) = load_csl_json(
        '[{"id": "c", "title": "CSL <Item>", "URL": "https://c.example/", '
        '"author": [{"family": "Doe", "given": "Jane"}, {"literal": "The Lab"}], '
        '"container-title": "Journal", "issued": {"date-parts": [[2025, 6, 3]]}, '
        '"keyword": "Data, Other"}]',
        "s.json",
    )
    assert entry.authors == ["Jane Doe", "The Lab"]
    assert (entry.date, entry.publisher, entry.category) == ("2025-06-03", "Journal", "Data")


def test_an_id_in_two_site_files_names_both(tmp_path):
    (tmp_path / "a.yaml").write_text("- id: dup\n  title: One\n")
    (tmp_path / "b.bib").write_text("@misc{dup, title = {Two}}\n")
    found, problems = load_folder(str(tmp_path), "content/bibliography")
    assert found["dup"].title == "One"
    assert [str(p) for p in problems] == [
        "content/bibliography/b.bib:1: source 'dup' is defined here and in "
        "content/bibliography/a.yaml:1. Keep one definition, or give one of them another id"
    ]


def test_the_fixtures_hand_written_section_is_recognised(fixtures):
    lines = (fixtures / "hugo-toml-post.md").read_text().split("\n")
    remaining, found = hand_written_sources(lines)
    assert "## Sources" not in remaining
    assert [c for c, *_ in found].count("Policy") == 3
    assert found[0][:3] == (
        "Leaderboard",
        "Artificial Analysis",
        "https://artificialanalysis.ai/leaderboards/models",
    )
    assert len(found) == 10  # 1 + 3 + 2 + 3 + 1
    assert remaining[-3:] == lines[lines.index("## Sources") - 3 : lines.index("## Sources")]


def test_a_sources_section_of_other_prose_is_left_alone():
    lines = ["Text.", "", "## Sources", "", "Mostly from conversations with officials."]
    assert hand_written_sources(lines) == (lines, [])


def test_formatting_escapes_links_and_does_not_invent():
    entries = [
        from_mapping(
            {
                "id": "a",
                "title": "Tolls & <Queues>",
                "url": "https://a.example/x?b=1&c=2",
                "author": "Doe, Jane",
                "date": "2025-06-03",
                "archived": "https://archive.example/a",
            },
            "x",
        ),
        from_mapping({"id": "b", "title": "Only a Title", "url": "https://www.b.example/"}, "x"),
    ]
    html = format_entries(entries, "chicago-author-date")
    assert "Tolls &amp; &lt;Queues&gt;" in html["a"] and "<Queues>" not in html["a"]
    assert (
        '<a class="source-link" href="https://a.example/x?b=1&amp;c=2">a.example</a>' in html["a"]
    )
    assert (
        '<a class="source-archived" href="https://archive.example/a">archived copy</a>' in html["a"]
    )
    assert html["b"].startswith("“Only a Title.”") and "n.d." not in html["b"]
    assert ">b.example</a>" in html["b"]


@pytest.mark.parametrize("style", ["chicago-author-date", "apa", "modern-language-association"])
def test_styles_render_a_full_entry_with_its_title_once(style):
    entry = from_mapping(
        {
            "id": "a",
            "title": "Unique Title Here",
            "url": "https://a.example/",
            "author": "Doe, Jane",
            "publisher": "Pub",
            "date": "2025",
        },
        "x",
    )
    html = format_entries([entry], style)["a"]
    assert html.count("Unique Title Here") == 1 and "Doe" in html and "2025" in html


def test_bibtex_round_trip_parses_with_the_same_library():
    library = bibtexparser.parse_string(BIB)
    assert [e.key for e in library.entries] == ["aa2025", "j2024"]


def test_an_institution_without_a_named_author_is_printed_once():
    entry = from_mapping(
        {
            "id": "a",
            "title": "Congestion Relief Zone",
            "url": "https://c.example/",
            "publisher": "Metropolitan Transportation Authority",
        },
        "x",
    )
    html = format_entries([entry], "chicago-author-date")["a"]
    assert html.count("Metropolitan Transportation Authority") == 1


def test_essays_formatted_together_on_two_cores_read_as_each_formatted_alone():
    from bibliography import format as formatting
    from bibliography.cite import essay_entry

    # Same author, same year: formatted as one bibliography, an author-date
    # style would tell them apart as 2025a, 2025b... Each must stand alone.
    entries = [
        essay_entry(
            f"Essay {n} on <tolls> & fares",
            ["The editors"],
            "2025-12-01",
            f"https://example.org/posts/{n}/",
            "Margin of Error",
        )
        for n in range(12)
    ]
    style = "chicago-author-date"
    alone = {e.url: formatting.finish(formatting._cite([e], style)[e.id], e) for e in entries}
    assert len(set(alone.values())) == 12
    assert not any("2025a" in text or "2025b" in text for text in alone.values())
    saved = dict(formatting._FORMATTED)
    formatting._FORMATTED.clear()
    try:
        formatting.format_each(entries, style, workers=2)
        assert len(formatting._FORMATTED) == 12
        for entry in entries:
            assert formatting.format_entries([entry], style)["essay"].startswith(alone[entry.url])
    finally:
        formatting._FORMATTED.clear()
        formatting._FORMATTED.update(saved)


def test_a_sources_file_is_parsed_again_only_when_its_text_changes(tmp_path, monkeypatch):
    from bibliography import loaders

    calls = []
    parse = loaders.LOADERS[".yaml"]

    def counting(text, where):
        calls.append(where)
        return parse(text, where)

    monkeypatch.setitem(loaders.LOADERS, ".yaml", counting)
    (tmp_path / "a.yaml").write_text("- id: a\n  title: One\n  author: Doe, Jane\n")
    first, _ = load_folder(str(tmp_path), "content/bibliography")
    first["a"].authors.append("changed by a caller")
    again, _ = load_folder(str(tmp_path), "content/bibliography")
    assert calls == ["content/bibliography/a.yaml"]
    assert again["a"].authors == ["Doe, Jane"] and again["a"] is not first["a"]
    (tmp_path / "a.yaml").write_text("- id: a\n  title: Two\n")
    assert load_folder(str(tmp_path), "content/bibliography")[0]["a"].title == "Two"
    (tmp_path / "a.yaml").write_text("- id: [broken\n")
    for _ in range(2):  # an error is reported on every build
        assert load_folder(str(tmp_path), "content/bibliography")[1]
    assert len(calls) == 4


def test_an_essays_citation_texts_are_made_again_only_when_what_they_come_from_changes(
    monkeypatch,
):
    from bibliography import cite

    made = []
    for name in ("reference", "bibtex", "csl_json"):
        real = getattr(cite, name)
        monkeypatch.setattr(
            cite, name, lambda *args, _real=real, _name=name: made.append(_name) or _real(*args)
        )
    citations = cite.Citations()
    args = ["k-2025", "Tolls & <fares>", ["A. Author"], "2025-12-01", "https://x.org/k/", "Site"]
    style = "chicago-author-date"
    citations.begin()
    first = citations.of(*args, style)
    assert made == ["reference", "bibtex", "csl_json"]
    assert first[1] == cite.bibtex(*args) and json.loads(first[2])[0]["title"] == "Tolls & <fares>"
    made.clear()
    citations.begin()
    assert citations.of(*args, style) == first and made == []  # the next build
    citations.begin()
    changed = citations.of(*args[:1], "A new title", *args[2:], style)
    assert made == ["reference", "bibtex", "csl_json"] and "a new title" in changed[0].lower()
    citations.begin()
    citations.begin()  # a build that used nothing lets nothing go
    made.clear()
    citations.of(*args[:1], "A new title", *args[2:], style)
    assert made == []
    citations.of(*args, style)  # not used since two builds: made again
    assert made == ["reference", "bibtex", "csl_json"]


def test_an_essays_citation_texts_are_kept_for_a_build_in_a_new_process(tmp_path, monkeypatch):
    from bibliography import cite
    from build_cache import entries

    path = str(tmp_path / "cache" / "essay-citations.entry")
    args = ["k-2025", "Tolls & <fares>", ["A. Author"], "2025-12-01", "https://x.org/k/", "Site"]
    style = "chicago-author-date"
    first = cite.Citations()
    first.load(path)  # nothing saved yet
    first.begin()
    texts = first.of(*args, style)
    first.save(path)
    written = os.stat(path).st_mtime_ns

    made = []
    for name in ("reference", "bibtex", "csl_json"):
        monkeypatch.setattr(cite, name, lambda *a, _name=name: made.append(_name) or "")
    later = cite.Citations()  # a new process
    later.load(path)
    later.begin()
    assert later.knows(*args, style) and not later.knows(*args[:1], "Other", *args[2:], style)
    assert later.of(*args, style) == texts and made == []
    later.save(path)  # nothing new: the entry is left as it is
    assert os.stat(path).st_mtime_ns == written
    # A damaged entry, or one of another shape, gives nothing: the texts are made again.
    for value in (b"not an entry", [("k", "not the texts")], [(tuple(args[:2]), ("a", "b", "c"))]):
        if isinstance(value, bytes):
            with open(path, "wb") as handle:
                handle.write(value)
        else:
            entries.write(path, value)
        damaged = cite.Citations()
        damaged.load(path)
        damaged.begin()
        assert not damaged.knows(*args, style)


def test_formatted_references_are_written_only_when_a_build_added_some(tmp_path, monkeypatch):
    from bibliography import format as formatting
    from build_cache import entries

    monkeypatch.setattr(formatting, "_FORMATTED", {})
    monkeypatch.setattr(formatting, "_ON_DISK", {"path": None, "count": -1})
    path = str(tmp_path / "cache" / "refs.json")
    formatting.load_cache(path)  # nothing yet: the first save writes
    formatting._FORMATTED[("apa", "A title")] = "A reference."
    formatting.save_cache(path)
    first = os.stat(path)
    formatting.save_cache(path)  # the same results: the file is left alone
    assert os.stat(path).st_ino == first.st_ino
    formatting._FORMATTED[("apa", "Another")] = "Another reference."
    formatting.save_cache(path)  # one more: written again, with both
    assert os.stat(path).st_ino != first.st_ino
    assert len(entries.read(path)) == 2
    # A fresh process reads them back and, adding nothing, writes nothing
    monkeypatch.setattr(formatting, "_FORMATTED", {})
    formatting.load_cache(path)
    again = os.stat(path)
    formatting.save_cache(path)
    assert os.stat(path).st_ino == again.st_ino and len(formatting._FORMATTED) == 2
    # Another cache folder gets its own file
    other = str(tmp_path / "other" / "refs.json")
    formatting.save_cache(other)
    assert os.path.isfile(other)


@pytest.mark.parametrize(
    ("authors", "date"),
    [([], ""), (["Ana Ruiz"], "2025"), (["Ana Ruiz", "Tomás Ferreira"], "2025-3"),
     (["A", "B", "C"], "2025-12-01"), ([], "n.d.")],
)  # fmt: skip
def test_an_essays_csl_json_is_what_json_dumps_writes(authors, date):
    from bibliography.cite import csl_json

    args = (
        "k-2025",
        'Tolls "&" <fares>\\ 東京\n',
        authors,
        date,
        "https://x.org/k/?a=1&b",
        "Site ü",
    )
    parts = [int(p) for p in date.split("-") if p.isdigit()]
    item = {
        "id": args[0],
        "type": "post-weblog",
        "title": args[1],
        "author": [{"literal": name} for name in authors],
        "issued": {"date-parts": [parts]},
        "URL": args[4],
        "container-title": args[5],
    }
    assert csl_json(*args) == json.dumps([item], ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ({"author": "Jane Doe"}, "has an author that is not a list"),
        ({"author": ["Jane Doe"]}, "has an author 'Jane Doe' that is not a name object"),
        ({"issued": {"date-parts": "2020"}}, "has an issued date that is not a date"),
        ({"issued": {"date-parts": [["spring", 1]]}}, "date part 'spring' that is not a number"),
        ({"accessed": "yesterday"}, "has an accessed date that is not a date"),
    ],
)
def test_malformed_csl_json_names_the_file_source_and_field(item, words):
    text = json.dumps([{"id": "src", "title": "T", **item}], indent=1)
    with pytest.raises(SourceError, match=words) as caught:
        load_csl_json(text, "content/bibliography/s.json")
    assert str(caught.value).startswith("content/bibliography/s.json:3: source 'src'")


def test_csl_json_date_parts_may_be_digit_strings_as_the_schema_allows():
    text = json.dumps([{"id": "a", "title": "T", "issued": {"date-parts": [["2020", "5"]]}}])
    assert load_csl_json(text, "s.json")[0].date == "2020-05"


def test_bibtex_latex_becomes_text_and_an_unknown_command_is_reported(caplog):
    bib = (
        "@report{a,\n  title = {\\emph{Effect} of {T}rade, \\foo{here}},\n"
        '  author = {M\\"uller, J\\"urgen and Caf\\\'e, A.},\n'
        "  institution = {A \\& B},\n  url = {https://example.org/~user/a_b},\n"
        "  year = {2020},\n}\n"
    )
    (entry,) = load_bibtex(bib, "s.bib")
    assert entry.title == "Effect of Trade, here"
    assert entry.authors == ["Müller, Jürgen", "Café, A."]
    assert entry.publisher == "A & B"
    assert entry.url == "https://example.org/~user/a_b"  # a URL is never decoded
    assert "s.bib:1: source 'a' uses LaTeX commands that cannot be turned into text (\\foo)" in (
        caplog.text
    )


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("as [@smith2024] shows", ["@smith2024"]),
        ("follow [@someone](https://example.org/someone)", []),
        ("follow [@someone][profile]", []),
        ("see [@a; @b, p. 3] and [@c]", ["@a; @b, p. 3", "@c"]),
    ],
)
def test_a_bracketed_handle_followed_by_a_link_is_not_a_citation(text, cited):
    import re

    from bibliography.syntax import CITATION

    assert re.findall(CITATION, text) == cited


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "chicago-author-date",
            "Evals Lab. “Scores for GPT-4o &amp; the iPhone: what <i>changed</i>?” "
            "Accessed 3 March 2025.",
        ),
        (
            "apa",
            "Evals Lab. <i>Scores for GPT-4o &amp; the iPhone: what <i>changed</i>?</i> "
            "Accessed 3 March 2025.",
        ),
    ],
)
def test_references_read_as_a_reference_manager_prints_them(style, expected):
    from bibliography.entries import from_mapping
    from bibliography.format import format_entries

    entry = from_mapping(
        {
            "id": "e",
            "title": "Scores for GPT-4o & the iPhone: what <i>changed</i>?",
            "url": "https://evals.example/scores",
            "publisher": "Evals Lab",
            "accessed": "2025-03-03",
        },
        "x",
    )
    html = format_entries([entry], style)["e"]
    # As written (no Title Case), no "n.d." beside a known access date, and
    # the punctuation inside the quotes, as the American styles place it.
    assert html.startswith(expected.replace("<i>changed</i>", "&lt;i&gt;changed&lt;/i&gt;"))
    assert "n.d." not in html and "”." not in html
