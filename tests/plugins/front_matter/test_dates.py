"""Every date form Hugo, Zola, Jekyll and Pelican accept, as an aware datetime."""

from __future__ import annotations

import datetime as dt
import tomllib
from zoneinfo import ZoneInfo

import pytest
import yaml
from front_matter.dates import DateError, parse_date

NEW_YORK = ZoneInfo("America/New_York")
MINUS_FIVE = dt.timezone(dt.timedelta(hours=-5))
PLUS_TWO = dt.timezone(dt.timedelta(hours=2))


def toml_date(value: str):
    return tomllib.loads(f"date = {value}")["date"]


def yaml_date(value: str):
    return yaml.safe_load(f"date: {value}")["date"]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        # TOML: offset datetime, local datetime, local date, Z.
        (toml_date("2025-12-01T09:00:00-05:00"), "2025-12-01T09:00:00-05:00"),
        (toml_date("2025-12-01T09:00:00"), "2025-12-01T09:00:00-05:00"),
        (toml_date("2025-07-01T09:00:00"), "2025-07-01T09:00:00-04:00"),
        (toml_date("2025-12-01"), "2025-12-01T00:00:00-05:00"),
        (toml_date("2025-12-01T14:00:00Z"), "2025-12-01T14:00:00+00:00"),
        (toml_date("2025-12-01 09:00:00+05:30"), "2025-12-01T09:00:00+05:30"),
        # YAML timestamps, unquoted (the loader's own types) and quoted (strings).
        (yaml_date("2024-05-06 14:30:00 +0200"), "2024-05-06T14:30:00+02:00"),
        (yaml_date("'2024-05-06 14:30:00 +0200'"), "2024-05-06T14:30:00+02:00"),
        (yaml_date("2024-05-06 14:30:00 +02:00"), "2024-05-06T14:30:00+02:00"),
        (yaml_date("2024-05-06T14:30:00Z"), "2024-05-06T14:30:00+00:00"),
        (yaml_date('"2024-05-06T14:30:00Z"'), "2024-05-06T14:30:00+00:00"),
        (yaml_date("2024-05-06"), "2024-05-06T00:00:00-04:00"),
        (yaml_date("2024-05-06 14:30"), "2024-05-06T14:30:00-04:00"),
        # Pelican's native form and other strings authors write.
        ("2025-08-02 10:00", "2025-08-02T10:00:00-04:00"),
        ("2025-8-2", "2025-08-02T00:00:00-04:00"),
        ("2025-12-01T09:00:00.250-05:00", "2025-12-01T09:00:00.250000-05:00"),
        ("Mon, 01 Dec 2025 09:00:00 -0500", "2025-12-01T09:00:00-05:00"),
    ],
)
def test_date_forms_keep_the_authors_offset_or_take_the_site_zone(raw, iso):
    parsed = parse_date(raw, NEW_YORK)
    assert parsed.tzinfo is not None
    assert parsed.isoformat() == iso


def test_an_offset_is_kept_not_converted():
    parsed = parse_date(toml_date("2025-12-01T09:00:00-05:00"), ZoneInfo("Asia/Tokyo"))
    assert parsed.utcoffset() == dt.timedelta(hours=-5)
    assert parsed.tzinfo == MINUS_FIVE


@pytest.mark.parametrize("raw", ["next tuesday", "2025-13-01", "2025-02-30 10:00", "", 20251201])
def test_unreadable_dates_raise(raw):
    with pytest.raises(DateError):
        parse_date(raw, PLUS_TWO)
