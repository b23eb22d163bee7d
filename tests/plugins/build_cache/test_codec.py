"""The cache's codec and its entries on their own: what round-trips, what is
refused, and that nothing read back can run code."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import random
import sys
import zoneinfo

import pytest
from build_cache import codec, entries
from pelican.utils import SafeDatetime

from tests.conftest import read_only


class Kept:
    def __init__(self, **attributes):
        vars(self).update(attributes)

    def __eq__(self, other):
        return type(other) is Kept and vars(other) == vars(self)

    def __repr__(self):
        return f"Kept({vars(self)!r})"


class Label(str):
    pass


class Links(frozenset):
    pass


class NotNamed:
    pass


def a_function(x):
    return x * 2


codec.allow(Kept, Label, Links, a_function, SafeDatetime)

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
VALUES = [
    None,
    True,
    0,
    -(2**63),
    1.5,
    "text",
    b"\x00bytes",
    [1, [2, (3, 4)]],
    (1, "two", b"three"),
    {"a": 1, ("tuple", "key"): {2, 3}, 5: frozenset({"x"})},
    dt.date(2025, 12, 1),
    dt.timedelta(days=-1, seconds=5, microseconds=7),
    dt.datetime(2025, 12, 1, 9, 0),
    dt.datetime(2025, 12, 1, 9, 0, 0, 12, tzinfo=dt.UTC),
    dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1), "CET")),
    dt.datetime(2025, 11, 2, 1, 30, fold=1, tzinfo=NEW_YORK),
    SafeDatetime(2025, 12, 1, 9, 0, tzinfo=NEW_YORK),
    NEW_YORK,
    dt.timezone(dt.timedelta(hours=-5)),
    Label("a label"),
    Links({"a.png", "b.png"}),
    a_function,
    Kept,
    Kept(title="T", when=dt.date(2025, 1, 2), tags=[Label("x")]),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_each_kind_comes_back_as_the_same_kind_with_the_same_repr(value):
    again = codec.loads(codec.dumps(value))
    assert type(again) is type(value)
    assert again == value
    if not isinstance(value, frozenset):  # a set's order may differ however it is made
        assert repr(again) == repr(value)  # the pages ledger compares reprs of metadata


def test_the_settings_are_marked_where_an_object_holds_them_and_given_back():
    settings = {"SITENAME": "first", "HOOK": lambda: None}  # a lambda cannot be kept
    tag = Kept(name="a", settings=settings)
    current = {"SITENAME": "this build"}
    again = codec.loads(codec.dumps(tag, settings), current)
    assert again.settings is current and again.name == "a"
    assert codec.loads(codec.dumps(settings, settings), current) is current


@pytest.mark.parametrize(
    "value",
    [lambda: 1, NotNamed(), [NotNamed()], 2**70, object(), open, "\ud800 alone"],
    ids=["lambda", "class not named", "nested", "huge int", "object", "builtin", "surrogate"],
)
def test_what_is_not_named_to_the_codec_cannot_be_kept(value):
    with pytest.raises(codec.Unkeepable):
        codec.dumps(value)


def test_a_name_not_allowed_in_this_process_is_unreadable_and_imports_nothing():
    blob = codec.dumps(a_function)
    planted = blob.replace(b"a_function", b"system\x00\x00\x00\x00")[: len(blob)]
    with pytest.raises(codec.Unreadable):
        codec.loads(planted)
    name = "antigravity"
    forged = codec.dumps(Kept(x=1)).replace(
        codec._names[Kept].encode(), f"{name}:Kept".ljust(len(codec._names[Kept])).encode()
    )
    assert name not in sys.modules
    with pytest.raises(codec.Unreadable):
        codec.loads(forged)
    assert name not in sys.modules


def test_a_pickle_that_would_write_a_file_is_unreadable_and_writes_nothing(tmp_path):
    target = tmp_path / "planted"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {target}",))

    blob = pickle.dumps(Payload())
    with pytest.raises(codec.Unreadable):
        codec.loads(blob)
    (tmp_path / "entry").write_bytes(blob)
    assert entries.read(str(tmp_path / "entry")) is None
    assert not target.exists()


def test_random_bytes_are_unreadable_never_another_error():
    chance = random.Random(7)
    for size in (0, 1, 5, 50, 500):
        for _ in range(200):
            data = chance.randbytes(size)
            with contextlib.suppress(codec.Unreadable):
                codec.loads(data)


# Entries ---------------------------------------------------------------------
def test_an_entry_round_trips_and_leaves_no_temporary_file(tmp_path):
    path = str(tmp_path / "a" / "entry")
    assert entries.write(path, {"kept": (1, b"two")})
    assert entries.read(path) == {"kept": (1, b"two")}
    assert os.listdir(tmp_path / "a") == ["entry"]
    assert entries.take_ignored() == {}


def test_every_flipped_bit_and_every_cut_makes_the_entry_absent_and_counted(tmp_path):
    path = tmp_path / "entry"
    entries.write(str(path), {"title": "A", "when": dt.date(2025, 1, 2)})
    good = path.read_bytes()
    for at in range(len(good)):
        for bit in (0, 7):
            broken = bytearray(good)
            broken[at] ^= 1 << bit
            path.write_bytes(bytes(broken))
            assert entries.read(str(path)) is None, (at, bit)
    for cut in range(len(good)):
        path.write_bytes(good[:cut])
        assert entries.read(str(path)) is None, cut
    assert list(entries.take_ignored()) == [str(path)]  # counted once per entry
    assert entries.read(str(tmp_path / "missing")) is None
    assert entries.take_ignored() == {}  # a missing entry is only absent


def test_an_entry_from_other_code_is_absent_and_said_to_be_another_version(tmp_path, monkeypatch):
    path = str(tmp_path / "entry")
    entries.write(path, [1, 2])
    monkeypatch.setattr(entries, "code_digest", lambda: b"\x01" * 32)
    assert entries.read(path) is None
    (why,) = entries.take_ignored().values()
    assert why.startswith(entries.STALE)


def test_a_folder_that_cannot_be_written_turns_saving_off_with_one_warning(tmp_path, caplog):
    folder = tmp_path / "cache"
    folder.mkdir()
    with read_only(folder):
        assert not entries.write(str(folder / "one"), 1)
        assert not entries.write(str(folder / "two"), 2)
    assert caplog.text.count("cannot be written") == 1
    assert not entries.writable()


def test_a_path_that_cannot_be_written_turns_saving_off_with_one_warning(tmp_path, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert not entries.write(str(blocked / "one"), 1)
    assert not entries.write(str(tmp_path / "fine"), 2)  # off for the rest of the build
    assert caplog.text.count("cannot be written") == 1
    entries.begin()
    assert entries.write(str(tmp_path / "fine"), 2)
