"""Alias paths and the redirect plan, as plain functions."""

from __future__ import annotations

import pytest
from alias_redirects.redirects import AliasError, plan, save_as


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("/old/post/", "old/post/index.html"),
        ("/old/post", "old/post/index.html"),
        ("old/post.html", "old/post.html"),
        ("/2019/05/caf%C3%A9/", "2019/05/café/index.html"),
        ("/a/./b//c/", "a/b/c/index.html"),
    ],
)
def test_alias_paths(alias, expected):
    assert save_as(alias) == expected


@pytest.mark.parametrize("alias", ["", "/", "https://elsewhere.org/x/", "/../../etc/passwd", 3])
def test_aliases_that_cannot_be_pages(alias):
    with pytest.raises(AliasError):
        save_as(alias)


def test_plan_reports_collisions_with_pages_and_between_essays():
    redirects, problems = plan(
        [
            ("a.md", "A", "/posts/a/", ["/old/a/", "/posts/b/"]),
            ("c.md", "C", "/posts/c/", ["/old/a", "/old/c.html", "/posts/c/"]),
        ],
        taken={"posts/b/index.html": "b.md", "posts/c/index.html": "c.md"},
    )
    assert [(r.alias, r.save_as, r.target_url) for r in redirects] == [
        ("/old/a/", "old/a/index.html", "/posts/a/"),
        ("/old/c.html", "old/c.html", "/posts/c/"),
    ]
    assert problems == [
        "a.md: alias '/posts/b/' would overwrite posts/b/index.html, which b.md "
        "already writes; remove one of them",
        "c.md: alias '/old/a' would overwrite old/a/index.html, which a.md "
        "already writes; remove one of them",
        "c.md: alias '/posts/c/' is the essay's own URL; remove it",
    ]
