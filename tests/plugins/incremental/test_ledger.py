"""The ledger on its own: when a file may be put back, and where from."""

from __future__ import annotations

import os

from incremental.ledger import Ledger


def written(tmp_path, deps=(("a.md", "1"),), key="k"):
    """A ledger that wrote page.html, saved, and a fresh one for the next build."""
    output = tmp_path / "out"
    (output / "posts").mkdir(parents=True, exist_ok=True)
    (output / "posts" / "page.html").write_text("<p>one</p>")
    first = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    first.note("posts/page.html", key, deps)
    first.finish()
    following = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    following.load()
    return following, output


def digests(**known):
    return lambda source: known.get(source)


def test_a_file_is_kept_while_its_key_and_essays_are_the_same(tmp_path):
    ledger, output = written(tmp_path)
    assert ledger.reuse("posts/page.html", "k", digests(**{"a.md": "1"}))
    assert (output / "posts" / "page.html").read_text() == "<p>one</p>"
    assert ledger.kept == 1


def test_a_changed_key_or_essay_or_a_gone_essay_renders_again(tmp_path):
    ledger, _ = written(tmp_path)
    assert not ledger.reuse("posts/page.html", "other", digests(**{"a.md": "1"}))
    assert not ledger.reuse("posts/page.html", "k", digests(**{"a.md": "2"}))
    assert not ledger.reuse("posts/page.html", "k", digests())
    assert not ledger.reuse("posts/other.html", "k", digests(**{"a.md": "1"}))


def test_a_file_changed_since_it_was_written_is_not_trusted(tmp_path):
    ledger, output = written(tmp_path)
    page = output / "posts" / "page.html"
    page.write_text("<p>edited by hand</p>")
    assert not ledger.reuse("posts/page.html", "k", digests(**{"a.md": "1"}))
    page.unlink()
    assert not ledger.reuse("posts/page.html", "k", digests(**{"a.md": "1"}))


def test_set_aside_keeps_retained_names_and_a_kept_file_comes_back(tmp_path):
    ledger, output = written(tmp_path)
    (output / ".git").mkdir()
    (output / "stale.html").write_text("gone")
    ledger.set_aside(str(tmp_path / "aside"), keep=[".git"])
    assert sorted(os.listdir(output)) == [".git"]  # what Pelican then empties: nothing
    assert ledger.reuse("posts/page.html", "k", digests(**{"a.md": "1"}))
    assert (output / "posts" / "page.html").read_text() == "<p>one</p>"
    ledger.finish()
    assert not (tmp_path / "aside").exists()
    assert not (output / "stale.html").exists()


def test_a_folder_inside_the_output_is_never_used_as_the_aside(tmp_path):
    ledger, output = written(tmp_path)
    ledger.set_aside(str(output / "aside"))
    assert ledger.aside is None and (output / "posts" / "page.html").exists()


def test_records_are_per_configuration_and_output(tmp_path):
    _, output = written(tmp_path)
    other = Ledger(str(tmp_path / "ledger.pickle"), "publish", str(output))
    other.load()
    assert not other.reuse("posts/page.html", "k", digests(**{"a.md": "1"}))
    elsewhere = Ledger(str(tmp_path / "ledger.pickle"), "config", str(tmp_path / "else"))
    elsewhere.load()
    assert elsewhere.previous == {}


def test_a_forgotten_file_and_a_corrupt_ledger_are_rendered_again(tmp_path):
    ledger, output = written(tmp_path)
    assert ledger.reuse("posts/page.html", "k", digests(**{"a.md": "1"}))
    ledger.forget("posts/page.html")
    ledger.finish()
    again = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    again.load()
    assert again.previous == {}
    (tmp_path / "ledger.pickle").write_bytes(b"not a pickle")
    broken = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    broken.load()
    assert broken.previous == {}
