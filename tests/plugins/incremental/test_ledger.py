"""The ledger on its own: when a file may be put back, and where from."""

from __future__ import annotations

import os

import pytest
from build_cache import storage
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


def test_asking_whether_a_file_can_be_kept_moves_and_notes_nothing(tmp_path):
    """What a side process asks (the feeds' copy of the build): the build keeps the file later."""
    ledger, output = written(tmp_path)
    ledger.set_aside(str(tmp_path / "aside"))
    same, changed = digests(**{"a.md": "1"}), digests(**{"a.md": "2"})
    assert ledger.reusable("posts/page.html", "k", same)
    assert not ledger.reusable("posts/page.html", "k", changed)
    assert not ledger.reusable("posts/page.html", "other", same)
    assert not (output / "posts").exists() and (tmp_path / "aside/posts/page.html").exists()
    assert (ledger.kept, ledger.current) == (0, {})
    assert ledger.reuse("posts/page.html", "k", same)
    assert (output / "posts" / "page.html").read_text() == "<p>one</p>"


def test_with_background_saves_the_old_files_go_in_a_thread_the_next_build_waits_for(
    tmp_path,
):
    ledger, output = written(tmp_path)
    (output / "stale.html").write_text("gone")
    ledger.set_aside(str(tmp_path / "aside"))
    assert ledger.reuse("posts/page.html", "k", digests(**{"a.md": "1"}))
    storage.save_in_background(True)
    try:
        ledger.finish()
        assert (output / "posts" / "page.html").exists()
        storage.wait_for_saves()  # what the next build does first
    finally:
        storage.save_in_background(False)
    assert not (tmp_path / "aside").exists() and not (output / "stale.html").exists()


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


def wrote_folder(tmp_path, names, extra=()):
    """A ledger that wrote ``names`` (each from a.md) under posts/essay/, then set aside."""
    output = tmp_path / "out"
    folder = output / "posts" / "essay"
    folder.mkdir(parents=True)
    first = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    for name in names:
        (folder / name).write_text(f"old {name}")
        first.note(f"posts/essay/{name}", "k", [("a.md", "1")])
    for name in extra:  # in the folder, but not written by the ledger's build
        (folder / name).write_text(f"static {name}")
    first.finish()
    following = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    following.load()
    following.set_aside(str(tmp_path / "aside"))
    return following, output


def test_a_folder_of_written_files_comes_back_whole_and_unclaimed_files_go(tmp_path):
    ledger, output = wrote_folder(tmp_path, ["index.html", "cite.bib", "cite.json", "old.txt"])
    moved = (tmp_path / "aside" / "posts" / "essay").stat().st_ino
    same = digests(**{"a.md": "1"})
    assert ledger.reuse("posts/essay/index.html", "k", same)
    folder = output / "posts" / "essay"
    assert folder.stat().st_ino == moved  # the folder itself, renamed
    assert ledger.reuse("posts/essay/cite.bib", "k", same)  # kept from where it came back
    assert not ledger.reuse("posts/essay/cite.json", "changed", same)
    (folder / "cite.json").write_text("new json")  # what the writer does next
    ledger.note("posts/essay/cite.json", "changed", [("a.md", "1")])
    ledger.finish()
    # old.txt was not asked for or written this build: it must not survive
    assert sorted(os.listdir(folder)) == ["cite.bib", "cite.json", "index.html"]
    assert (folder / "cite.json").read_text() == "new json"
    assert (folder / "index.html").read_text() == "old index.html"
    assert sorted(ledger.current) == [
        f"posts/essay/{n}" for n in ("cite.bib", "cite.json", "index.html")
    ]


def test_a_file_written_again_outside_the_ledger_is_left_alone(tmp_path):
    ledger, output = wrote_folder(tmp_path, ["index.html", "data.csv"])
    assert ledger.reuse("posts/essay/index.html", "k", digests(**{"a.md": "1"}))
    csv = output / "posts" / "essay" / "data.csv"
    csv.write_text("written by another generator, longer than before")
    ledger.finish()
    assert csv.read_text().startswith("written by another generator")


def test_a_folder_with_a_file_the_ledger_did_not_write_comes_back_file_by_file(tmp_path):
    ledger, output = wrote_folder(tmp_path, ["index.html"], extra=["photo.png"])
    assert ledger.reuse("posts/essay/index.html", "k", digests(**{"a.md": "1"}))
    ledger.finish()
    # the image is the static generator's to copy again: nothing brings the old one back
    assert os.listdir(output / "posts" / "essay") == ["index.html"]


def test_a_folder_a_static_file_goes_into_comes_back_file_by_file(tmp_path):
    ledger, output = wrote_folder(tmp_path, ["index.html", "cite.bib"])
    ledger.static_folders = {"posts/essay"}
    assert ledger.reuse("posts/essay/index.html", "k", digests(**{"a.md": "1"}))
    assert os.listdir(output / "posts" / "essay") == ["index.html"]
    assert (tmp_path / "aside" / "posts" / "essay" / "cite.bib").exists()


def test_a_folder_already_in_the_output_is_not_replaced(tmp_path):
    ledger, output = wrote_folder(tmp_path, ["index.html", "cite.bib"])
    (output / "posts" / "essay").mkdir(parents=True)
    (output / "posts" / "essay" / "cite.bib").write_text("written first this build")
    assert ledger.reuse("posts/essay/index.html", "k", digests(**{"a.md": "1"}))
    ledger.finish()
    assert (output / "posts" / "essay" / "cite.bib").read_text() == "written first this build"
    assert (output / "posts" / "essay" / "index.html").read_text() == "old index.html"


def test_the_next_build_in_the_process_takes_the_records_from_memory_until_the_file_changes(
    tmp_path, monkeypatch
):
    from incremental import ledger as module

    _, output = written(tmp_path)
    monkeypatch.setattr(module, "read_saved", lambda *args: pytest.fail("read from disk"))
    again = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    again.load()
    assert list(again.previous) == ["posts/page.html"]

    monkeypatch.undo()
    # Another process (a CLI build beside the preview) saved since
    other = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    other.note("posts/else.html", "k", [])
    saved = {"configurations": {}, "latest": other._label(), "records": {}}
    module.write_saved(other.path, module.FORMAT, saved)
    fresh = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    fresh.load()
    assert fresh.previous == {}


def test_another_configurations_build_between_two_keeps_each_ones_records(tmp_path):
    _, output = written(tmp_path)  # "config" wrote posts/page.html
    publish = Ledger(str(tmp_path / "ledger.pickle"), "publish", str(output))
    publish.load()
    assert publish.previous == {}
    (output / "posts" / "published.html").write_text("<p>published</p>")
    publish.note("posts/published.html", "p", [])
    publish.finish()
    local = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    local.load()
    assert list(local.previous) == ["posts/page.html"]
    local.finish()
    again = Ledger(str(tmp_path / "ledger.pickle"), "publish", str(output))
    again.load()
    assert list(again.previous) == ["posts/published.html"]


def test_a_ledger_file_of_an_unexpected_shape_means_render_everything(tmp_path):
    from incremental import ledger as module

    path = tmp_path / "ledger.pickle"
    module.write_saved(str(path), module.FORMAT, {"configurations": {"x": 1}, "latest": "y"})
    ledger = Ledger(str(path), "config", str(tmp_path / "out"))
    ledger.load()
    assert ledger.previous == {}


def wrote_tree(tmp_path, names, extra=()):
    """A ledger that wrote each of ``names`` (paths under the output) from a.md, and
    the files ``extra`` beside them without it; then set aside for the next build."""
    output = tmp_path / "out"
    first = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    for name in [*names, *extra]:
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(f"old {name}")
        if name in names:
            first.note(name, "k", [("a.md", "1")])
    first.finish()
    following = Ledger(str(tmp_path / "ledger.pickle"), "config", str(output))
    following.load()
    following.set_aside(str(tmp_path / "aside"))
    return following, output


TAG_PAGES = [
    "tags/energy/index.html",
    "tags/energy/page/2/index.html",
    "tags/energy/page/3/index.html",
    "tags/water/index.html",
    "tags/water/page/2/index.html",
]


def test_a_whole_tree_of_written_files_comes_back_in_one_move(tmp_path):
    ledger, output = wrote_tree(tmp_path, TAG_PAGES)
    moved = (tmp_path / "aside" / "tags").stat().st_ino
    same = digests(**{"a.md": "1"})
    assert ledger.reuse("tags/energy/page/2/index.html", "k", same)
    assert (output / "tags").stat().st_ino == moved  # the highest folder, renamed
    assert not (tmp_path / "aside" / "tags").exists()
    for name in ("tags/energy/index.html", "tags/water/page/2/index.html"):
        assert ledger.reuse(name, "k", same), name  # kept from where it came back
    # Written again this build, in place (what Pelican's writer does).
    (output / "tags/water/index.html").write_text("new water")
    ledger.note("tags/water/index.html", "k", [("a.md", "1")])
    ledger.finish()
    # energy lost its third page: the file and the folders it leaves empty go.
    assert not (output / "tags/energy/page/3").exists()
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*")) == [
        "tags",
        "tags/energy",
        "tags/energy/index.html",
        "tags/energy/page",
        "tags/energy/page/2",
        "tags/energy/page/2/index.html",
        "tags/water",
        "tags/water/index.html",
        "tags/water/page",
        "tags/water/page/2",
        "tags/water/page/2/index.html",
    ]
    assert (output / "tags/water/index.html").read_text() == "new water"


def test_a_file_the_ledger_did_not_write_keeps_the_folders_above_it_apart(tmp_path):
    ledger, output = wrote_tree(tmp_path, TAG_PAGES, extra=["tags/energy/page/2/chart.png"])
    same = digests(**{"a.md": "1"})
    water = (tmp_path / "aside" / "tags" / "water").stat().st_ino
    assert ledger.reuse("tags/water/index.html", "k", same)
    assert (output / "tags" / "water").stat().st_ino == water  # the clean folder whole
    assert ledger.reuse("tags/energy/page/2/index.html", "k", same)
    assert ledger.reuse("tags/energy/page/3/index.html", "k", same)
    ledger.finish()
    assert not (output / "tags/energy/page/2/chart.png").exists()  # not brought back
    assert not (output / "tags/energy/index.html").exists()  # neither kept nor written
    assert (output / "tags/energy/page/3/index.html").exists()


def test_a_folder_above_a_static_files_folder_comes_back_in_parts(tmp_path):
    ledger, output = wrote_tree(tmp_path, TAG_PAGES)
    ledger.static_folders = {"tags/energy/page/3"}
    same = digests(**{"a.md": "1"})
    assert ledger.reuse("tags/energy/page/2/index.html", "k", same)
    assert ledger.reuse("tags/water/index.html", "k", same)
    # Nothing above the static files' folder, nor that folder, came back whole.
    assert (tmp_path / "aside" / "tags/energy/page/3/index.html").exists()
    assert (tmp_path / "aside" / "tags/energy/index.html").exists()
    assert not (output / "tags/energy/page/3").exists()
    assert ledger.reuse("tags/energy/page/3/index.html", "k", same)  # by itself
    ledger.finish()
    assert (output / "tags/energy/page/3/index.html").read_text().startswith("old")


def test_a_tree_written_into_already_comes_back_below_what_is_there(tmp_path):
    ledger, output = wrote_tree(tmp_path, TAG_PAGES)
    (output / "tags" / "energy").mkdir(parents=True)
    (output / "tags" / "energy" / "index.html").write_text("written first this build")
    same = digests(**{"a.md": "1"})
    assert ledger.reuse("tags/energy/page/2/index.html", "k", same)
    assert ledger.reuse("tags/water/page/2/index.html", "k", same)
    ledger.finish()
    assert (output / "tags/energy/index.html").read_text() == "written first this build"
    assert (output / "tags/energy/page/2/index.html").read_text().startswith("old")
    assert (output / "tags/water/page/2/index.html").read_text().startswith("old")
    assert not (output / "tags/water/index.html").exists()


def test_written_trees_come_back_before_anything_is_written(tmp_path):
    """As the build starts writing: a side process that writes a feed into a
    folder must find the folder's other files there, not an empty folder that
    keeps the rest from coming back whole."""
    feeds = ["feeds/all.atom.xml", "feeds/tags/energy.atom.xml", "feeds/tags/water.atom.xml"]
    ledger, output = wrote_tree(tmp_path, [*TAG_PAGES, *feeds], extra=["feeds/feed.xsl"])
    ledger.static_folders = {"theme/css"}
    tags = (tmp_path / "aside" / "tags").stat().st_ino
    ledger.bring_back()
    assert (output / "tags").stat().st_ino == tags
    assert (output / "feeds" / "tags" / "water.atom.xml").exists()  # a written tree below
    assert not (output / "feeds" / "all.atom.xml").exists()  # beside a file not written
    assert not (output / "feeds" / "feed.xsl").exists()
    # The side process writes one feed again, in place; the build keeps the rest.
    (output / "feeds" / "tags" / "energy.atom.xml").write_text("new energy, longer")
    same = digests(**{"a.md": "1"})
    ledger.note("feeds/tags/energy.atom.xml", "k", [("a.md", "1")])
    for name in ("feeds/all.atom.xml", "tags/energy/index.html", "tags/water/index.html"):
        assert ledger.reuse(name, "k", same), name
    ledger.finish()
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*.*")) == [
        "feeds/all.atom.xml",
        "feeds/tags/energy.atom.xml",
        "tags/energy/index.html",
        "tags/water/index.html",
    ]
    assert (output / "feeds/tags/energy.atom.xml").read_text() == "new energy, longer"
    assert sorted(p.name for p in (output / "tags" / "energy").iterdir()) == ["index.html"]


def test_nothing_comes_back_early_into_a_folder_a_static_file_goes_into(tmp_path):
    ledger, output = wrote_tree(tmp_path, TAG_PAGES)
    ledger.static_folders = {"tags/water"}
    ledger.bring_back()
    assert (output / "tags" / "energy" / "page" / "3" / "index.html").exists()
    assert not (output / "tags" / "water" / "index.html").exists()
    assert (tmp_path / "aside" / "tags" / "water" / "index.html").exists()
    assert (output / "tags" / "water" / "page" / "2" / "index.html").exists()  # below it
