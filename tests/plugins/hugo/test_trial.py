"""The trial publish build's findings, sorted into old damage and what must be fixed."""

from __future__ import annotations

import importlib

trial = importlib.import_module("hugo.trial")


def broken(source, page, tag="img", url="/images/x.png", target="/images/x.png", line=3):
    return {
        "level": "error", "kind": "broken_link", "source": source, "line": line,
        "target": target, "page": page, "tag": tag, "url": url,
        "message": f"broken internal link: {page}: <{tag}> {url} leads to no file",
    }  # fmt: skip


def test_links_broken_in_essays_are_old_damage_and_the_rest_must_be_fixed(tmp_path):
    found = trial.sort_out(
        [
            broken("content/posts/a.md", "posts/a/index.html"),
            broken("content/posts/a.md", "posts/a/index.html"),  # once
            broken(None, "index.html"),  # a.md's summary on the home page
            broken(None, "index.html", target="/menu/", url="/menu/", tag="a"),  # no essay's
            {"level": "error", "message": "content/b.md: unknown shortcode 'chart'"},
            {"level": "warning", "message": "content/c.md: layout = 'wide' ..."},
            {"level": "warning", "message": "3 problems above: this local build went on"},
        ]
    )
    assert found.broken == {("content/posts/a.md", "/images/x.png")}
    assert found.broken_said[("content/posts/a.md", "/images/x.png")] == (
        "content/posts/a.md:3: <img> /images/x.png leads to no file (on posts/a/index.html)"
    )
    assert found.errors == [
        "content/b.md: unknown shortcode 'chart'",
        "broken internal link: index.html: <a> /menu/ leads to no file",
    ]
    assert found.warnings == ["content/c.md: layout = 'wide' ..."]


def test_the_list_is_written_once_and_then_left_to_the_author(tmp_path):
    found = trial.sort_out([broken("content/posts/a.md", "posts/a/index.html")])
    assert trial.record(found, tmp_path, "known.txt") == ("known.txt", set())
    text = (tmp_path / "known.txt").read_text(encoding="utf-8")
    assert text.rstrip().endswith("content/posts/a.md  /images/x.png")
    (tmp_path / "known.txt").write_text("# emptied by the author\n", encoding="utf-8")
    written, unlisted = trial.record(found, tmp_path, "known.txt")
    assert written is None and unlisted == {("content/posts/a.md", "/images/x.png")}
    assert (tmp_path / "known.txt").read_text(encoding="utf-8") == "# emptied by the author\n"
    assert trial.record(trial.sort_out([]), tmp_path, "none.txt") == (None, set())
