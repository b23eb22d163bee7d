"""Reading aids kept between builds: the same result as reading again, and read
again when an image they measured changes."""

from __future__ import annotations

import pytest
from build_cache.storage import Shelf, identity
from reading.memo import FORMAT, ReadingMemo
from reading.transform import read_essay


def on_disk(path) -> dict:
    """What the memo's files hold, read whole."""
    return Shelf(str(path), FORMAT).load()


HTML = (
    '<h2 id="one">One</h2><p>Some words here.</p><p><img src="/images/a.png" alt=""></p>'
    '<h3 id="two">Two</h3><p>More words.</p>'
)


def test_a_kept_result_equals_reading_again_and_is_a_copy(tmp_path):
    sizes = {"/images/a.png": (40, 30)}
    asked: list[str] = []

    def size(src):
        asked.append(src)
        return sizes.get(src)

    memo = ReadingMemo(str(tmp_path / "memo"))
    first = memo.read(HTML, size)
    assert first == read_essay(HTML, sizes.get)
    assert 'width="40"' in first.html
    first.toc.clear()  # a caller's change does not reach what is kept
    memo.save()

    later = ReadingMemo(str(tmp_path / "memo"))
    later.load()
    asked.clear()
    again = later.read(HTML, size)
    assert again == read_essay(HTML, sizes.get) and len(again.toc) == 2
    assert asked == ["/images/a.png"]  # the kept result only asked the image again

    sizes["/images/a.png"] = (80, 60)
    changed = later.read(HTML, size)
    assert 'width="80"' in changed.html


def test_only_what_a_build_used_is_saved_and_a_bad_file_is_ignored(tmp_path):
    path = tmp_path / "memo"
    memo = ReadingMemo(str(path))
    memo.read("<p>one</p>", lambda src: None)
    memo.read("<p>two</p>", lambda src: None)
    memo.begin()
    memo.read("<p>two</p>", lambda src: None)
    memo.save()
    assert len(on_disk(path)) == 1
    for shard in path.iterdir():
        shard.write_bytes(b"garbage")
    assert on_disk(path) == {}
    broken = ReadingMemo(str(path))
    broken.load()
    assert broken.read("<p>two</p>", lambda src: None).words == 1


def test_a_result_marked_used_is_saved_though_it_was_not_read_again(tmp_path):
    memo = ReadingMemo(str(tmp_path / "memo"))
    memo.read(HTML, lambda src: None)
    memo.read("<p>Another essay.</p>", lambda src: None)
    memo.begin()  # the next build: this essay was kept whole, so nothing read it
    memo.used(memo.key(HTML))
    memo.save()
    assert set(on_disk(tmp_path / "memo")) == {memo.key(HTML)}


def _saved_then_loaded(path) -> ReadingMemo:
    """A memo that read HTML and saved it, then a new one loaded from its file."""
    memo = ReadingMemo(str(path))
    memo.read(HTML, lambda src: None)
    memo.save()
    loaded = ReadingMemo(str(path))
    loaded.load()
    return loaded


def _stamps(folder) -> dict:
    return {shard.name: identity(str(shard)) for shard in folder.iterdir()}


def test_a_build_that_read_and_dropped_nothing_leaves_the_files_alone(tmp_path):
    path = tmp_path / "memo"
    again = _saved_then_loaded(path)
    stamps = _stamps(path)
    again.begin()
    again.read(HTML, lambda src: None)
    again.save()
    assert _stamps(path) == stamps
    again.begin()
    again.read("<p>New.</p>", lambda src: None)
    again.save()
    assert set(on_disk(path)) == {again.key("<p>New.</p>")}


def test_results_stay_pickled_until_asked_for_and_a_bad_one_is_read_again(tmp_path):
    later = _saved_then_loaded(tmp_path / "memo")
    one = later.read(HTML, lambda src: None)
    # Reading a file decodes no result but the one asked for
    assert later._kept and all(isinstance(blob, bytes) for blob in later._kept.values())
    two = later.read(HTML, lambda src: None)
    assert one == two == read_essay(HTML, lambda src: None) and one is not two
    one.toc.clear()  # each caller has its own copy
    assert len(later.read(HTML, lambda src: None).toc) == 2
    later._kept[later.key(HTML)] = b"not a pickle"
    assert later.read(HTML, lambda src: None) == read_essay(HTML, lambda src: None)


def test_a_file_of_the_shelf_is_read_only_when_an_essay_asks_for_a_result_in_it(tmp_path):
    path = tmp_path / "memo"
    memo = ReadingMemo(str(path))
    essays = [f"<p>Essay {n}.</p>" for n in range(100)]
    for html in essays:
        memo.read(html, lambda src: None)
    memo.save()
    stamps = _stamps(path)
    assert len(stamps) > 20

    later = ReadingMemo(str(path))
    read: list[int] = []
    load_shard = later._shelf.load_shard
    later._shelf.load_shard = lambda shard: read.append(shard) or load_shard(shard)
    later.load()
    later.begin()
    for html in essays[1:]:  # kept whole: nothing asked
        later.used(later.key(html))
    assert read == []
    made: list[str] = []
    edited = "<p>Essay 0, edited.</p>"
    later.read(edited, lambda src: made.append(src))
    later.read(essays[1], lambda src: pytest.fail("kept: no image to ask about"))
    assert len(read) <= 2  # the files that hold those two keys, once each
    later.save()
    changed = [name for name, stamp in _stamps(path).items() if stamps.get(name) != stamp]
    assert 1 <= len(changed) <= 2
    kept = on_disk(path)
    assert later.key(edited) in kept and all(later.key(h) in kept for h in essays[1:])
