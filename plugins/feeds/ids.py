"""Entry ids that survive a new slug, a new title and a new domain.

An id is a tag URI (RFC 4151): ``tag:AUTHORITY,DATE:KEY``, where AUTHORITY
is a name the site keeps for good (``FEEDS_ID_AUTHORITY``), DATE is the
essay's publication date and KEY its file name. None of the three changes
when a slug, a title or the site's address does.

Essays moved from another site can keep the id their old feed used, so
subscribers see no duplicates: each essay's ``feed_id`` in front matter, or
for many at once ``FEEDS_LEGACY_ID``, a pattern over the essay's URL fields
(Hugo's feeds used the permalink: ``"https://old.example/{url}"``), applied
to essays published on or before ``FEEDS_LEGACY_UNTIL``.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

_KEY = re.compile(r"[^A-Za-z0-9._~-]+")


def tag_uri(authority: str, published: dt.date, key: str) -> str:
    """``tag:authority,YYYY-MM-DD:key``, with the key made URI-safe."""
    clean = _KEY.sub("-", key).strip("-") or quote(key, safe="")
    return f"tag:{authority},{published:%Y-%m-%d}:{clean}"


def entry_id(
    *,
    own_id: str | None,
    authority: str,
    published: dt.datetime,
    key: str,
    legacy_pattern: str | None,
    legacy_until: dt.date | None,
    fields: dict,
) -> str:
    """The id for one essay: its own, a legacy one, or a tag URI, in that order."""
    if own_id:
        return str(own_id).strip()
    if legacy_pattern and (legacy_until is None or published.date() <= legacy_until):
        return legacy_pattern.format(**fields)
    return tag_uri(authority, published.date(), key)
