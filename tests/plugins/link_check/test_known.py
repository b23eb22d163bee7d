"""The list of links known to be broken before a move: read, matched, written."""

from __future__ import annotations

import importlib

known = importlib.import_module("link_check.known")


def test_the_list_round_trips_and_ignores_comments(tmp_path):
    entries = {("content/posts/a.md", "/images/x.png"), ("content/b.md", "/old/")}
    text = known.render(entries)
    assert text.startswith("# Links that were already broken")
    assert known.parse(text + "\n# a note\ncontent/c.md   /y.png   # trailing note\n") == {
        *entries,
        ("content/c.md", "/y.png"),
    }
    (tmp_path / "known.txt").write_text(text, encoding="utf-8")
    listed = known.KnownBroken.read(str(tmp_path), "known.txt")
    assert listed.shown == "known.txt" and listed.entries == entries
    assert known.KnownBroken.read(str(tmp_path), "absent.txt").entries == set()
    assert known.KnownBroken.read(str(tmp_path), None).entries == set()


def test_a_link_is_covered_only_from_the_file_that_was_listed():
    listed = known.KnownBroken("k.txt", {("content/posts/a.md", "/images/x.png")})
    assert listed.covers("content/posts/a.md", "/images/x.png")
    assert not listed.covers("content/posts/new.md", "/images/x.png")  # new damage
    assert not listed.covers("content/posts/a.md", "/images/y.png")
    # A list page has no file of its own: it repeats essays' summaries.
    assert listed.covers(None, "/images/x.png")
    assert not listed.covers(None, "/images/y.png")
    assert not listed.covers("content/posts/a.md", None)


def test_the_line_is_found_by_url_then_path_then_name(tmp_path):
    essay = tmp_path / "a.md"
    essay.write_text("title\n\n![x](../img/chart.png)\n[y](/old/page/)\n", encoding="utf-8")
    assert known.line_in(str(essay), "/old/page/", "/old/page/") == 4
    assert known.line_in(str(essay), "https://s/img/chart.png", "/img/chart.png") == 3
    assert known.line_in(str(essay), "z", "/nowhere.png") is None
    assert known.line_in(str(tmp_path / "gone.md"), "z", "/z") is None
