"""Check every source's URL: dead and moved links, per essay (plain functions).

Requests go out concurrently, each with a timeout; redirects are followed;
a server that refuses HEAD is asked again with GET.
"""

from __future__ import annotations

import os
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .entries import Entry, from_mapping
from .errors import SourceError
from .loaders import load_folder
from .syntax import entry_id, hand_written_sources

RETRY_WITH_GET = {403, 405, 501}


@dataclass
class Result:
    url: str
    status: str  # "ok", "moved" or "dead"
    detail: str
    final_url: str = ""


def check_url(url: str, timeout: float) -> Result:
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(
            url, method=method, headers={"User-Agent": "margin-of-error-link-check"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                final = response.geturl()
                if final.rstrip("/") != url.rstrip("/"):
                    return Result(url, "moved", f"now at {final}", final)
                return Result(url, "ok", str(response.status))
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in RETRY_WITH_GET:
                continue
            return Result(url, "dead", f"HTTP {err.code}")
        except TimeoutError:
            return Result(url, "dead", f"no answer within {timeout} s")
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError | socket.timeout):
                return Result(url, "dead", f"no answer within {timeout} s")
            return Result(url, "dead", f"unreachable ({err.reason})")
    return Result(url, "dead", "no answer")


def check_all(urls: list[str], timeout: float = 10, workers: int = 8) -> dict[str, Result]:
    unique = sorted(set(urls))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(unique, pool.map(lambda u: check_url(u, timeout), unique), strict=True))


def sources_by_essay(content: str, bibliography: str, read_front_matter) -> dict[str, list[Entry]]:
    """{essay or site file: its sources}, read from the files as the build reads them."""
    site, problems = load_folder(bibliography, os.path.relpath(bibliography))
    found: dict[str, list[Entry]] = {}
    for entry in site.values():
        found.setdefault(entry.file, []).append(entry)
    for folder, _, names in os.walk(content):
        if os.path.abspath(folder).startswith(os.path.abspath(bibliography)):
            continue
        for name in sorted(names):
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            shown = os.path.relpath(path)
            try:
                metadata, body = read_front_matter(path)
            except ValueError:
                continue  # the build reports broken front matter
            entries = []
            for item in metadata.get("sources") or []:
                try:
                    entries.append(from_mapping(item, shown))
                except SourceError:
                    continue
            taken: set[str] = set()
            for category, title, url, _ in hand_written_sources(body.split("\n"))[1]:
                entries.append(
                    Entry(
                        id=entry_id(title, taken),
                        title=title,
                        url=url,
                        category=category,
                        file=shown,
                    )
                )
            if entries:
                found[shown] = entries
    return found


def report(found: dict[str, list[Entry]], results: dict[str, Result]) -> tuple[str, int]:
    """A Markdown report of dead and moved links per file, and how many are dead."""
    lines = ["# Source link report", ""]
    dead = 0
    for where in sorted(found):
        problems = []
        for entry in found[where]:
            result = results.get(entry.url)
            if result is None or result.status == "ok":
                continue
            if result.status == "dead":
                dead += 1
                advice = (
                    "its archived copy is recorded"
                    if entry.archived
                    else "add `archived` with the address of an archived copy "
                    "(for example from the Wayback Machine)"
                )
                problems.append(f"- **dead** `{entry.id}` {entry.url}: {result.detail}; {advice}")
            else:
                problems.append(
                    f"- **moved** `{entry.id}` {entry.url}: {result.detail}; update its `url`"
                )
        if problems:
            lines += [f"## {where}", "", *problems, ""]
    if len(lines) == 2:
        lines.append("Every source link answered.")
    return "\n".join(lines) + "\n", dead
