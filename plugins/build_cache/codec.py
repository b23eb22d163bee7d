"""What a cache entry holds, as bytes that cannot run code when read back.

Entries are MessagePack (a well-kept C library, several times faster than
JSON here, with bytes and text kept apart). Plain values (None, booleans,
numbers, text, bytes, lists, dicts) are written as themselves; a few other
kinds are written as tagged extension values:

* tuples, sets and frozensets;
* dates and times with their zone (a fixed offset or an IANA name);
* objects of classes named in :func:`allow` (their attributes, or the text,
  set or tuple they are), and functions and classes named there, by name;
* the build's settings, which the reader gives back in their place.

Reading builds only these kinds: a name that was not allowed, in this
process, by our own code makes the entry unreadable (:class:`Unreadable`).
Nothing is imported, and no class's own code runs while an object is made
again: its attributes are set on a bare instance. So a planted entry can at
worst be wrong, and :mod:`.entries` checks every entry's digest before it
gets here.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import msgpack

TUPLE, SET, FROZENSET, MOMENT, DAY, OBJECT, NAMED, SETTINGS, SPAN, ZONE = range(1, 11)
# How an allowed class's object is kept (see _encode).
ATTRIBUTES, TEXT, MEMBERS, ITEMS = range(4)

_allowed: dict[str, Any] = {}  # name -> class or function
_names: dict[Any, str] = {}  # class or function -> name


class Unreadable(ValueError):
    """An entry that is not one :func:`dumps` could have written in this process."""


class Unkeepable(TypeError):
    """A value with a kind :func:`dumps` cannot write (keep nothing, do it again)."""


def allow(*things: Any) -> None:
    """Classes whose objects, and functions or classes that, entries may hold.

    Each is known by its module and qualified name. A class is kept by its
    attributes (or, for a subclass of ``str``, ``frozenset`` or ``tuple``, by
    what it holds); a function is kept by name, so a journal can call it again.
    """
    for thing in things:
        name = f"{thing.__module__}:{thing.__qualname__}"
        _allowed[name] = thing
        _names[thing] = name


def name_of(thing: Any) -> str:
    """The name an allowed function or class is kept by; :class:`Unkeepable` if none."""
    try:
        return _names[thing]
    except (KeyError, TypeError):
        raise Unkeepable(f"{thing!r} is not allowed in a cache") from None


def named(name: Any) -> Any:
    """The allowed function or class kept as ``name``; :class:`Unreadable` if none."""
    return _known(name)


# A tagged value is written as an array whose first item is an empty extension
# value, its mark: decoding stays one pass of msgpack's C code, with a call to
# _tagged for each array (a nested decode per value took 0.3 s at 1,000 essays).
_MARKS = {code: msgpack.ExtType(code, b"") for code in range(1, 11)}


class _Mark:
    __slots__ = ("code",)

    def __init__(self, code: int) -> None:
        self.code = code


_READ_MARKS = {code: _Mark(code) for code in range(1, 11)}


def _zone(tz: dt.tzinfo | None) -> Any:
    if tz is None:
        return None
    if isinstance(tz, zoneinfo.ZoneInfo):
        return tz.key
    if isinstance(tz, dt.timezone):
        offset = tz.utcoffset(None)
        name = tz.tzname(None)
        if name == dt.timezone(offset).tzname(None):
            name = None  # the default name: made again without one, so repr() is the same
        return [offset.days * 86400 + offset.seconds, offset.microseconds, name]
    raise Unkeepable(f"time zone {tz!r}")


def _unzone(value: Any) -> dt.tzinfo | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as err:
            raise Unreadable(f"time zone {value!r}") from err
    seconds, micro, name = value
    offset = dt.timedelta(seconds=seconds, microseconds=micro)
    return dt.timezone(offset) if name is None else dt.timezone(offset, name)


def _hashable(value: Any) -> bool:
    if not callable(value):
        return False
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _encoder(settings: Any):
    settings_mark = _MARKS[SETTINGS]

    def default(value: Any) -> Any:
        kind = type(value)
        if kind is tuple:
            return [_MARKS[TUPLE], *value]
        if kind is set:
            return [_MARKS[SET], *value]
        if kind is frozenset:
            return [_MARKS[FROZENSET], *value]
        if kind is dt.timedelta:
            return [_MARKS[SPAN], value.days, value.seconds, value.microseconds]
        if isinstance(value, dt.datetime) and (kind is dt.datetime or kind in _names):
            moment = [_MARKS[MOMENT], _names.get(kind), *value.timetuple()[:6]]
            return [*moment, value.microsecond, value.fold, _zone(value.tzinfo)]
        if kind is zoneinfo.ZoneInfo or kind is dt.timezone:
            return [_MARKS[ZONE], _zone(value)]
        if kind is dt.date:
            return [_MARKS[DAY], value.year, value.month, value.day]
        name = _names.get(value) if _hashable(value) else None
        if name is not None:  # an allowed function or class, by name
            return [_MARKS[NAMED], name]
        name = _names.get(kind)
        if name is None:
            raise Unkeepable(f"{kind.__module__}.{kind.__qualname__} is not allowed in a cache")
        if isinstance(value, str):
            return [_MARKS[OBJECT], name, TEXT, str(value)]
        if isinstance(value, frozenset):
            return [_MARKS[OBJECT], name, MEMBERS, list(value)]
        if isinstance(value, tuple):
            return [_MARKS[OBJECT], name, ITEMS, list(value)]
        if hasattr(value, "__dict__"):
            # The settings are a plain dict, so they are marked where objects hold them.
            attributes = {
                key: settings_mark if kept is settings and settings is not None else kept
                for key, kept in vars(value).items()
            }
            return [_MARKS[OBJECT], name, ATTRIBUTES, attributes]
        raise Unkeepable(f"{name} has no attributes to keep")

    return default


def dumps(value: Any, settings: Any = None) -> bytes:
    """``value`` as bytes; :class:`Unkeepable` if it holds a kind not listed above.
    ``settings``, wherever an object holds it (or as the value), is written as a
    mark (see :func:`loads`)."""
    if value is settings and settings is not None:
        value = _MARKS[SETTINGS]
    try:
        return msgpack.packb(
            value,
            default=_encoder(settings),
            strict_types=True,
            use_bin_type=True,
            datetime=False,
        )
    except Unkeepable:
        raise
    except (TypeError, ValueError, OverflowError) as err:
        raise Unkeepable(str(err)) from err


def _known(name: Any) -> Any:
    try:
        return _allowed[name]
    except (KeyError, TypeError):
        raise Unreadable(f"{name} is not allowed in a cache") from None


def _rebuilt(name: str, how: int, held: Any) -> Any:
    kind = _known(name)
    if not isinstance(kind, type):
        raise Unreadable(f"{name} is not a class")
    if how == TEXT and issubclass(kind, str):
        return str.__new__(kind, held)
    if how == MEMBERS and issubclass(kind, frozenset):
        return frozenset.__new__(kind, held)
    if how == ITEMS and issubclass(kind, tuple):
        return tuple.__new__(kind, held)
    if how == ATTRIBUTES and isinstance(held, dict):
        obj = object.__new__(kind)
        vars(obj).update(held)
        return obj
    raise Unreadable(f"{name} cannot be made from what the entry holds")


def _tagged(items: list) -> Any:
    """An array as decoded: a tagged value made again, or the list itself."""
    if not items or type(items[0]) is not _Mark:
        return items
    code = items[0].code
    if code == TUPLE:
        return tuple(items[1:])
    if code == SET:
        return set(items[1:])
    if code == FROZENSET:
        return frozenset(items[1:])
    if code == OBJECT:
        return _rebuilt(*items[1:])
    if code == NAMED:
        return _known(items[1])
    if code == MOMENT:
        name, *fields, micro, fold, zone = items[1:]
        kind = dt.datetime if name is None else _known(name)
        if not (isinstance(kind, type) and issubclass(kind, dt.datetime)):
            raise Unreadable(f"{name} is not a date and time")
        return kind(*fields, micro, tzinfo=_unzone(zone), fold=fold)
    if code == DAY:
        return dt.date(*items[1:])
    if code == SPAN:
        return dt.timedelta(*items[1:])
    if code == ZONE:
        return _unzone(items[1])
    raise Unreadable(f"mark {code} where it does not belong")


def loads(data: bytes | memoryview, settings: Any = None) -> Any:
    """What :func:`dumps` wrote, with ``settings`` where it marked the settings;
    :class:`Unreadable` for anything else."""

    def ext_hook(code: int, payload: bytes) -> Any:
        if payload or code not in _READ_MARKS:
            raise Unreadable(f"unknown extension {code}")
        return settings if code == SETTINGS else _READ_MARKS[code]

    try:
        value = msgpack.unpackb(
            data,
            ext_hook=ext_hook,
            list_hook=_tagged,
            raw=False,
            strict_map_key=False,
            use_list=True,
            timestamp=0,
        )
    except Unreadable:
        raise
    except Exception as err:  # noqa: BLE001 - any malformed input is "unreadable"
        raise Unreadable(f"{type(err).__name__}: {err}") from err
    if type(value) is _Mark:
        raise Unreadable("a mark alone")
    return value
