"""Tag lists whose `in` is a set lookup, answering as a plain list does."""

from __future__ import annotations

from incremental.members import Members, as_members, plain, quick
from incremental.plugin import member_lists, plain_member_lists


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
    lists = [
        *Articles.tags.values(),
        *(e for _, e in categories),
        *(e for _, e in Articles.authors),
    ]
    # Quick while Pelican writes the essays' pages, Members lists again after.
    assert all(isinstance(v, Members) and type(v) is not Members for v in lists)
    assert Articles.tags == {"energy": [a, b], "water": [b]}
    assert a not in Articles.tags["water"] and b in Articles.tags["water"]
    plain_member_lists(Articles)
    assert all(type(v) is Members for v in lists)
    assert Articles.tags == {"energy": [a, b], "water": [b]}
    assert context["categories"] == [("posts", [a, b])]  # the context's list, changed in place
    assert type(context["categories"][0][1]) is Members
    assert [type(essays) for _, essays in Articles.authors] == [Members, Members]
    other = {"kept": Members([a]), "tuple": (a,)}
    as_members(other)
    assert other["tuple"] == (a,) and type(other["tuple"]) is tuple


def test_a_quick_list_answers_as_a_list_and_goes_back_to_members_when_it_changes():
    essays = [Essay(str(n)) for n in range(6)]
    first, second = Members(essays[:3]), Members(essays[2:4])
    quick([first, second])
    assert type(first) is not type(second)  # each its own set
    assert [e in first for e in essays] == [e in essays[:3] for e in essays]
    assert [e in second for e in essays] == [e in essays[2:4] for e in essays]
    assert "a string" not in first and None not in first
    assert first == essays[:3] and first[1] is essays[1] and len(first) == 3
    first.append(essays[5])  # the set is out of date: answered as Members lists do
    assert type(first) is Members and essays[5] in first and essays[4] not in first
    second.remove(essays[2])
    assert type(second) is Members and essays[2] not in second
    third = Members(essays[:1])
    quick([third])
    plain([third])
    assert type(third) is Members and essays[0] in third
