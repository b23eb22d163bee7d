"""Tag lists whose `in` is a set lookup, answering as a plain list does."""

from __future__ import annotations

from incremental.members import Members, as_members
from incremental.plugin import member_lists


class Essay:
    def __init__(self, name: str) -> None:
        self.name = name


class Equal:
    """Equal to any other with the same name, as a plain list's `in` finds it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Equal) and other.name == self.name

    __hash__ = None


def test_in_answers_as_a_list_would():
    essays = [Essay(str(n)) for n in range(5)]
    members = Members(essays[:3])
    assert [e in members for e in essays] == [e in essays[:3] for e in essays]
    assert Equal("a") in Members([Equal("a")]) and Equal("b") not in Members([Equal("a")])
    assert members == essays[:3] and isinstance(members, list)


def test_every_change_to_the_list_is_seen_by_in():
    a, b, c, d = (Essay(n) for n in "abcd")
    members = Members([a])
    assert a in members  # the set is made here
    members.append(b)
    assert b in members
    members.extend([c])
    assert c in members
    members.remove(a)
    assert a not in members
    members[0] = d
    assert d in members and b not in members
    del members[0]
    assert d not in members
    members += [a]
    assert a in members
    members.insert(0, b)
    assert b in members
    members.pop(0)
    assert b not in members
    members *= 2
    assert a in members
    members.clear()
    assert a not in members and c not in members


def test_tags_categories_and_authors_become_members_lists_with_the_same_essays():
    a, b = Essay("a"), Essay("b")
    categories = [("posts", [a, b])]
    context = {"categories": categories}

    class Articles:
        tags = {"energy": [a, b], "water": [b]}
        authors = [("the editors", [a]), ("someone", [b])]

    Articles.categories = categories

    class Static:  # no tags
        pass

    member_lists([Articles, Static])
    assert all(type(v) is Members for v in Articles.tags.values())
    assert Articles.tags == {"energy": [a, b], "water": [b]}
    assert context["categories"] == [("posts", [a, b])]  # the context's list, changed in place
    assert type(context["categories"][0][1]) is Members
    assert [type(essays) for _, essays in Articles.authors] == [Members, Members]
    other = {"kept": Members([a]), "tuple": (a,)}
    as_members(other)
    assert other["tuple"] == (a,) and type(other["tuple"]) is tuple
