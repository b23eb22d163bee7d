"""Related essays: most shared tags first, then the newest; newer and older links."""

from __future__ import annotations

import datetime as dt
import random

from reading.plugin import link_essays


class Essay:
    def __init__(self, name: str, day: int, tags: list[str]):
        self.name = name
        self.date = dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=day)
        self.tags = tags


class Generator:
    def __init__(self, articles, wanted=3):
        self.articles = articles
        self.settings = {"RELATED_ESSAYS": wanted}
        self.context = {}


def names(essays):
    return [e.name for e in essays]


def test_more_shared_tags_rank_first_then_the_newest():
    a = Essay("a", 10, ["x", "y", "z"])
    b = Essay("b", 1, ["x", "y", "z"])  # three shared, oldest
    c = Essay("c", 9, ["x"])  # one shared, newest of the one-tag essays
    d = Essay("d", 5, ["y", "q"])  # one shared
    e = Essay("e", 8, ["x", "y"])  # two shared
    f = Essay("f", 12, ["w"])  # none shared: never related
    link_essays(Generator([a, b, c, d, e, f]))
    assert names(a.related) == ["b", "e", "c"]
    assert names(f.related) == []
    assert a.newer is f and a.older is c and f.newer is None and b.older is None


def test_it_ranks_as_a_plain_sort_over_every_candidate_would():
    rng = random.Random(7)
    pool = [f"t{n}" for n in range(12)]
    essays = [
        Essay(f"e{n}", rng.randint(0, 40), rng.sample(pool, rng.randint(0, 4))) for n in range(150)
    ]
    link_essays(Generator(essays, wanted=4))
    newest = sorted(essays, key=lambda e: e.date, reverse=True)
    for essay in essays:
        mine = set(essay.tags)
        candidates = [o for o in newest if o is not essay and mine & set(o.tags)]
        # Python's sort is stable: equal counts keep newest-first order (date ties included).
        expected = sorted(candidates, key=lambda o: -len(mine & set(o.tags)))[:4]
        assert names(essay.related) == names(expected), essay.name


def test_a_build_with_the_same_order_and_tags_takes_the_last_ranking(monkeypatch):
    from reading import plugin

    def site(tags_of_c):
        return [
            Essay("a", 10, ["x", "y"]),
            Essay("b", 1, ["x", "y"]),
            Essay("c", 9, tags_of_c),
            Essay("d", 5, ["y"]),
        ]

    monkeypatch.setitem(plugin._last_related, "made_from", None)
    ranked = []
    real = plugin._rank
    monkeypatch.setattr(plugin, "_rank", lambda *args: ranked.append(1) or real(*args))
    first = site(["x"])
    link_essays(Generator(first))
    again = site(["x"])  # the next build: new essays, the same order and tags
    link_essays(Generator(again))
    assert len(ranked) == 1
    assert [names(e.related) for e in again] == [names(e.related) for e in first]
    assert all(r in again for e in again for r in e.related)  # this build's essays
    changed = site(["x", "y"])  # a tag added: ranked again
    link_essays(Generator(changed))
    assert len(ranked) == 2 and names(changed[0].related) == ["c", "b", "d"]
    link_essays(Generator(site(["x"]), wanted=1))  # another setting: ranked again
    assert len(ranked) == 3
