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

    memo = FeedMemo(str(tmp_path / "memo.pickle"))
    memo.begin()
    assert memo.get(("<p>a</p>", "https://x/a/"), maker("a")) == ("<p>a</p>", "")
    assert memo.get(("<p>a</p>", "https://x/a/"), maker("again")) == ("<p>a</p>", "")
    memo.get(("<p>a</p>", "https://x/b/"), maker("b"))  # same HTML, another page
    assert made == ["a", "b"] and (memo.hits, memo.misses) == (1, 2)
    memo.save()

    later = FeedMemo(str(tmp_path / "memo.pickle"))
    later.load()
    later.begin()
    later.get(("<p>a</p>", "https://x/a/"), maker("not called"))
    assert made == ["a", "b"]
    later.save()  # only the answer this build used is kept

    last = FeedMemo(str(tmp_path / "memo.pickle"))
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
