"""Read the dates Hugo, Zola, Jekyll and Pelican authors write.

Every result is timezone-aware. A date that carries an offset keeps it (an
essay dated ``-05:00`` is shown as ``-05:00``, not moved to the site's zone);
a date without one is taken in the site's ``TIMEZONE``, as Hugo does with its
``timeZone`` setting.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

# ISO 8601 as the three tools write it, plus YAML's relaxed timestamp form:
# a space instead of "T", and a space before an offset written with or
# without a colon ("2024-05-06 14:30:00 +0200").
_ISO = re.compile(
    r"""^(?P<date>\d{4}-\d{1,2}-\d{1,2})
        (?:[Tt\s]+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)
           \s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$""",
    re.X,
)


class DateError(ValueError):
    """A value that is not a date we can read."""


def parse_date(value: object, default_tz: dt.tzinfo) -> dt.datetime:
    """Turn a front-matter date value into an aware datetime.

    Accepts what TOML and YAML loaders return (``datetime``, ``date``) and
    strings in ISO 8601 (with ``T`` or a space, ``Z`` or an offset, or none)
    or RFC 2822 form.
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=default_tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=default_tz)
    if isinstance(value, str):
        return _parse_string(value.strip(), default_tz)
    raise DateError(f"{value!r} is a {type(value).__name__}, not a date")


def _parse_string(text: str, default_tz: dt.tzinfo) -> dt.datetime:
    match = _ISO.match(text)
    if match:
        year, month, day = (int(part) for part in match["date"].split("-"))
        hour = minute = second = micro = 0
        if match["time"]:
            clock = match["time"].replace(",", ".")
            pieces = clock.split(":")
            hour, minute = int(pieces[0]), int(pieces[1])
            if len(pieces) == 3:
                whole, _, fraction = pieces[2].partition(".")
                second = int(whole)
                micro = int((fraction + "000000")[:6]) if fraction else 0
        try:
            return dt.datetime(
                year,
                month,
                day,
                hour,
                minute,
                second,
                micro,
                tzinfo=_zone(match["zone"]) or default_tz,
            )
        except ValueError as err:
            raise DateError(f"'{text}' is not a real date ({err})") from None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is None:
        raise DateError(f"'{text}' is not a date this reader understands")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=default_tz)


def _zone(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text in ("Z", "z"):
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
