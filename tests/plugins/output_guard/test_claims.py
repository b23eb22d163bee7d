"""The pure parts: paths from content kept inside the site, one owner per path."""

from __future__ import annotations

import pytest
from front_matter.paths import NAME_MAX, OutsideOutput, clean_relative, is_inside
from output_guard.claims import Claims


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/about/", "about"),
        ("posts//a/./b/", "posts/a/b"),
        ("a/../b/index.html", "b/index.html"),
        ("/", ""),
        ("slug", "slug"),
    ],
)
def test_paths_inside_the_site_are_cleaned(value, expected):
    assert clean_relative(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("/../output-evil/", "climbs out"),
        ("../../out-evil", "climbs out"),
        ("a/../../b", "climbs out"),
        ("a\\..\\b", "backslash"),
        ("a\x00b", "NUL"),
        ("x" * (NAME_MAX + 1), "at most 255"),
        (["a"], "not text"),
    ],
)
def test_paths_that_leave_the_site_are_refused_with_the_reason(value, words):
    with pytest.raises(OutsideOutput, match=words):
        clean_relative(value, what="url")


def test_inside_compares_whole_components_not_prefixes(tmp_path):
    root = tmp_path / "output"
    assert is_inside(str(root), str(root / "a" / "index.html"))
    assert not is_inside(str(root), str(tmp_path / "output-evil" / "index.html"))
    assert not is_inside(str(root), str(root / ".." / "output-evil"))
    assert not is_inside(str(root), str(root))


def test_a_reserved_path_keeps_its_owner_and_names_it_to_a_later_claim():
    claims = Claims()
    claims.reserve("index.html", "the home page")
    claims.reserve("/index.html", "someone else")  # the first reservation stands
    assert claims.claim("./index.html", "posts/a.md") == "the home page"
    assert claims.claim("posts/a/index.html", "posts/a.md") is None
    assert claims.claim("posts//a/index.html", "posts/b.md") == "posts/a.md"
    assert claims.claim("posts/a/index.html", "posts/a.md") is None  # its own again
    assert claims.owner("posts/a/index.html") == "posts/a.md"
