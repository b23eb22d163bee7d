"""Lists of essays whose ``in`` is a set lookup (plain Python, no Pelican).

Pelican writes each tag's page with the site's essays by date that are in the
tag's list: ``[a for a in dates if a in articles]``, for every tag (and every
category and author). Each ``in`` compares the essay with the tag's members
one by one, so the work grows with tags × essays × essays per tag: 200 tags
took about 0.07 s at 1,000 essays and 2.7 s at 5,000. A :class:`Members` list
answers ``in`` from a set of its members' identities instead, which is what a
list's ``in`` amounts to for objects that only equal themselves (0.05 and
0.46 s); an object whose class defines its own equality is searched for as a
list would.

Even so, each ``in`` was a call of Python code: 200,000 of them while the tag
pages were written at 1,000 essays (33 ms). While Pelican writes those pages
(:func:`quick` to :func:`plain`), a list answers ``in`` from a set of its
members in C, by a class of its own whose ``__contains__`` is that set's
(163 against 32 microseconds for 1,000 essays asked about). An essay is
hashed by its identity, so the answer is the same; only something that cannot
be hashed would raise instead of being compared, which Pelican never asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class Members(list):
    """A list; ``x in members`` is a set lookup while ``x`` only equals itself."""

    _ids: frozenset[int] | None = None

    def __contains__(self, item: Any) -> bool:
        ids = self._ids
        if ids is None:
            ids = self._ids = frozenset(map(id, self))
        if id(item) in ids:
            return True
        if type(item).__eq__ is object.__eq__:
            return False
        return list.__contains__(self, item)


def _forgets(name: str):
    """``list.<name>``, which also forgets the set of identities (the members change)."""
    change = getattr(list, name)

    def changed(self, *args):
        self._ids = None
        if type(self) is not Members:  # a quick list: its set is out of date now
            self.__class__ = Members
        return change(self, *args)

    changed.__name__ = name
    return changed


for _name in (
    "append",
    "extend",
    "insert",
    "remove",
    "pop",
    "clear",
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
):
    setattr(Members, _name, _forgets(_name))


def as_members(groups: dict) -> None:
    """Each plain list value of ``groups`` made a :class:`Members` list, in place."""
    for key, value in groups.items():
        if type(value) is list:
            groups[key] = Members(value)


def as_members_in_pairs(pairs: list) -> None:
    """In a list of ``(name, essays)`` pairs, each plain list of essays made a
    :class:`Members` list, in place."""
    for index, pair in enumerate(pairs):
        if isinstance(pair, tuple) and len(pair) == 2 and type(pair[1]) is list:
            pairs[index] = (pair[0], Members(pair[1]))


def quick(lists: Iterable[Members]) -> None:
    """Each list answers ``in`` in C from a set of its members (see the module's
    docstring), until it changes or :func:`plain` is called."""
    for members in lists:
        if type(members) is Members:
            contains = frozenset(members).__contains__  # called without the list
            members.__class__ = type("Members", (Members,), {"__contains__": contains})


def plain(lists: Iterable[Members]) -> None:
    """The lists :func:`quick` made answer ``in`` as :class:`Members` do again."""
    for members in lists:
        if isinstance(members, Members):
            members.__class__ = Members
