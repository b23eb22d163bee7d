"""Feed-ready HTML kept between builds: made once per inputs, saved only when used."""

from __future__ import annotations

from feeds.memo import FeedMemo


def test_an_answer_is_made_once_for_the_same_inputs_and_again_for_new_ones(tmp_path):
    made = []

    def maker(tag):
        def make():
            made.append(tag)
            return (f"<p>{tag}</p>", "")

        return make

    memo = FeedMemo(str(tmp_path / "feed-html"))
    memo.begin()
    assert memo.get(("<p>a</p>", "https://x/a/"), maker("a")) == ("<p>a</p>", "")
    assert memo.get(("<p>a</p>", "https://x/a/"), maker("again")) == ("<p>a</p>", "")
    memo.get(("<p>a</p>", "https://x/b/"), maker("b"))  # same HTML, another page
    assert made == ["a", "b"] and (memo.hits, memo.misses) == (1, 2)
    memo.save()

    later = FeedMemo(str(tmp_path / "feed-html"))
    later.load()
    later.begin()
    later.get(("<p>a</p>", "https://x/a/"), maker("not called"))
    assert made == ["a", "b"]
    later.save()  # only the answer this build used is kept

    last = FeedMemo(str(tmp_path / "feed-html"))
    last.load()
    last.begin()
    last.get(("<p>a</p>", "https://x/b/"), maker("b made again"))
    assert made == ["a", "b", "b made again"]


def test_parts_are_kept_apart():
    """("ab", "c") and ("a", "bc") are different inputs."""
    memo = FeedMemo(None)
    memo.begin()
    memo.get(("ab", "c"), lambda: ("one", ""))
    assert memo.get(("a", "bc"), lambda: ("two", "")) == ("two", "")


def test_what_a_side_process_made_and_used_is_saved_by_the_build(tmp_path):
    path = str(tmp_path / "feed-html")
    build = FeedMemo(path)
    build.begin()
    build.get(("<p>old</p>", "u"), lambda: ("old", ""))
    build.save()

    build = FeedMemo(path)
    build.load()
    build.begin()
    side = FeedMemo(path)  # the copy's memo: the build's, as it was at the fork
    side.load()
    side.begin()
    side.get(("<p>old</p>", "u"), lambda: ("not made", ""))
    side.get(("<p>new</p>", "u"), lambda: ("new", ""))
    build.absorb(side.taken())
    assert (build.hits, build.misses) == (1, 1)
    build.save()

    later = FeedMemo(path)
    later.load()
    later.begin()
    made = []
    for html in ("<p>old</p>", "<p>new</p>"):
        later.get((html, "u"), lambda html=html: made.append(html) or ("again", ""))
    assert made == []


def test_a_build_that_made_one_answer_writes_one_file_of_the_shelf_again(tmp_path):
    path = tmp_path / "feed-html"
    memo = FeedMemo(str(path))
    memo.begin()
    for n in range(200):
        memo.get((f"<p>{n}</p>", "u"), lambda n=n: (f"made {n}", ""))
    memo.save()
    files = {p.name: p.stat().st_mtime_ns for p in path.iterdir()}
    assert len(files) > 20  # two hundred answers over the shelf's files

    again = FeedMemo(str(path))
    again.load()
    again.begin()
    for n in range(200):
        again.get((f"<p>{n}</p>", "u"), lambda: ("not made", ""))
    again.save()  # nothing new: nothing written
    again.begin()
    for n in range(200):
        again.get((f"<p>{n}</p>", "u"), lambda: ("not made", ""))
    again.get(("<p>new</p>", "u"), lambda: ("new", ""))
    again.save()
    changed = [p.name for p in path.iterdir() if p.stat().st_mtime_ns != files.get(p.name)]
    assert len(changed) == 1
