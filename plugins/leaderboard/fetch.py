"""Fetch a new snapshot for a dataset: checked, dated, and never over an old one.

:func:`refresh` is given the dataset, today's date and a ``fetch`` function
(so tests and the task can pass their own), and either writes
``YYYY-MM-DD.csv`` with its ``YYYY-MM-DD.meta.yaml``, reports the data
unchanged, or raises :class:`RefreshError` having written nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from .dataset import Dataset, read_rows
from .errors import ChartError


class RefreshError(RuntimeError):
    """The fetch or its data failed; every existing snapshot is untouched."""


@dataclass
class Response:
    body: bytes
    headers: dict[str, str]


Fetcher = Callable[[str, dict[str, str], float, int], Response]


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def check_fetch_url(url: str) -> tuple[str, str]:
    """(scheme, host) of an address the refresh may fetch: https, or http to this machine.

    Anything else (``file:``, ``ftp:``, plain http to another host) is a
    RefreshError, before any connection: a dataset.yaml must not be able to
    read the build machine's files, or send a key in the clear.
    """
    parts = urllib.parse.urlsplit(str(url).strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme == "https" and host:
        return scheme, host
    if scheme == "http" and (host in LOOPBACK_HOSTS or host.startswith("127.")):
        return scheme, host
    raise RefreshError(
        f"fetch.url {url!r} is not an https address; only https is fetched "
        "(plain http only from this machine, for tests)"
    )


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same scheme and host, or a host the dataset allows;
    the API key goes only to the host the dataset names."""

    def __init__(self, origin: tuple[str, str], allowed: tuple[str, ...], secret: set[str]):
        super().__init__()
        self.origin, self.allowed, self.secret = origin, allowed, secret

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme, host = check_fetch_url(newurl)
        if scheme != self.origin[0] or (host != self.origin[1] and host not in self.allowed):
            raise RefreshError(
                f"{req.full_url} redirects to {newurl}, another "
                f"{'scheme' if scheme != self.origin[0] else 'host'}; add {host!r} to "
                "fetch.allow_redirect_hosts in dataset.yaml if that is expected"
            )
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and host != self.origin[1]:
            for name in list(new.headers):
                if name.lower() in self.secret:
                    del new.headers[name]
        return new


def http_fetch(
    url: str,
    headers: dict[str, str],
    timeout: float,
    max_bytes: int,
    allow_redirect_hosts: tuple[str, ...] = (),
) -> Response:
    """GET ``url`` with a timeout, refusing a body larger than ``max_bytes``.

    Only https (or http on this machine); a redirect only to the same host,
    or one in ``allow_redirect_hosts``, which is never sent ``headers``
    (they carry the API key).
    """
    origin = check_fetch_url(url)
    secret = {name.lower() for name in headers}
    allowed = tuple(h.lower() for h in allow_redirect_hosts)
    opener = urllib.request.build_opener(_Redirects(origin, allowed, secret))
    request = urllib.request.Request(url, headers={"User-Agent": "margin-of-error-data", **headers})
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise RefreshError(f"{url} sent more than {max_bytes} bytes; refusing it")
            return Response(body, {k.lower(): v for k, v in response.headers.items()})
    except urllib.error.HTTPError as err:
        raise RefreshError(f"{url} answered HTTP {err.code} {err.reason}") from None
    except TimeoutError:
        raise RefreshError(f"{url} did not answer within {timeout} seconds") from None
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise RefreshError(f"{url} did not answer within {timeout} seconds") from None
        raise RefreshError(f"{url} could not be reached: {reason}") from None


def _dig(record: Any, path: str) -> Any:
    for part in path.split(".") if path else []:
        if isinstance(record, dict):
            record = record.get(part)
        elif isinstance(record, list) and part.isdigit() and int(part) < len(record):
            record = record[int(part)]
        else:
            return None
    return record


def records_to_csv(body: bytes, fetch: dict[str, Any], dataset: Dataset) -> tuple[str, int]:
    """A JSON response's records as CSV text, and how many lacked a value."""
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise RefreshError(f"the response is not JSON: {err}") from None
    records = _dig(document, str(fetch.get("records", "")))
    if not isinstance(records, list):
        raise RefreshError(
            f"the response has no list of records at {fetch.get('records', '(top level)')!r}"
        )
    fields = fetch.get("fields") or {}
    if not isinstance(fields, dict) or dataset.label not in fields or dataset.value not in fields:
        raise RefreshError(
            f"fetch.fields must map at least {dataset.label!r} and {dataset.value!r} "
            "to paths in each record"
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(fields))
    skipped = 0
    for record in records:
        row = [_dig(record, str(path)) for path in fields.values()]
        value = row[list(fields).index(dataset.value)]
        if value is None or value == "":
            skipped += 1  # a model the source has not scored yet
            continue
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue(), skipped


def _comparable(rows: list[dict[str, Any]], dataset: Dataset) -> list[tuple]:
    joined = set(dataset.joins)
    return sorted(
        tuple(sorted((k, str(v)) for k, v in row.items() if k not in joined)) for row in rows
    )


@dataclass
class Outcome:
    dataset: str
    status: str  # "written" or "unchanged"
    path: str | None
    rows: int
    skipped: int = 0


def refresh(
    dataset: Dataset,
    *,
    today: dt.date,
    fetch: Fetcher = http_fetch,
    timeout: float = 20,
    max_bytes: int = 5_000_000,
    environ: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Fetch, check and (when the data changed) write a new snapshot."""
    spec = dataset.fetch
    if not isinstance(spec, dict) or not spec.get("url"):
        raise RefreshError(f"dataset {dataset.name!r} has no fetch.url in dataset.yaml")
    kind = spec.get("format", "csv")
    if kind not in ("csv", "json"):
        raise RefreshError(f"fetch.format is {kind!r}; use csv or json")
    headers = {}
    if spec.get("api_key_env"):
        key = (environ if environ is not None else os.environ).get(spec["api_key_env"])
        if not key:
            raise RefreshError(
                f"the environment variable {spec['api_key_env']} (the API key) is not set"
            )
        headers[spec.get("api_key_header", "x-api-key")] = key
    check_fetch_url(spec["url"])
    allowed = spec.get("allow_redirect_hosts") or []
    if not isinstance(allowed, list) or not all(isinstance(h, str) for h in allowed):
        raise RefreshError("fetch.allow_redirect_hosts must be a list of host names")
    if fetch is http_fetch:
        response = http_fetch(spec["url"], headers, timeout, max_bytes, tuple(allowed))
    else:
        response = fetch(spec["url"], headers, timeout, max_bytes)
    skipped = 0
    if kind == "json":
        text, skipped = records_to_csv(response.body, spec, dataset)
    else:
        try:
            text = response.body.decode("utf-8")
        except UnicodeDecodeError as err:
            raise RefreshError(f"the response is not UTF-8 text: {err}") from None
    try:
        rows = read_rows(text, dataset, f"the response from {spec['url']}")
    except ChartError as err:
        raise RefreshError(str(err)) from None

    newest = dataset.newest
    if newest is not None:
        with open(newest.path, encoding="utf-8") as handle:
            previous = read_rows(handle.read(), dataset, newest.path)
        if _comparable(previous, dataset) == _comparable(rows, dataset):
            return Outcome(dataset.name, "unchanged", newest.path, len(rows), skipped)
    target = os.path.join(dataset.folder, f"{today.isoformat()}.csv")
    if os.path.exists(target):
        raise RefreshError(
            f"{target} exists and snapshots are never overwritten; the new data differs "
            "from it, so fetch again tomorrow or rename that file"
        )
    meta = {
        "fetched_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "url": spec["url"],
        "rows": len(rows),
        "skipped_without_value": skipped,
    }
    for header in ("etag", "last-modified", "x-api-version", "x-data-version"):
        if header in response.headers:
            meta[f"source_{header.replace('-', '_')}"] = response.headers[header]
    # Write the data, then its description; "x" mode never replaces a file.
    try:
        with open(target, "x", encoding="utf-8", newline="") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
        with open(target[: -len(".csv")] + ".meta.yaml", "x", encoding="utf-8") as handle:
            yaml.safe_dump(meta, handle, sort_keys=False, allow_unicode=True)
    except FileExistsError as err:
        raise RefreshError(f"{err.filename} appeared meanwhile; not overwritten") from None
    return Outcome(dataset.name, "written", target, len(rows), skipped)
