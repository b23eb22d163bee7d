"""Links known to be broken before a site moved here; knows nothing of Pelican.

A site imported from Hugo may arrive with links that were already broken
there. The import lists them in a file (``known-broken-links.txt`` by
default), one per line: the content file that links, then the path inside
the site it leads to. The publish build reports those as warnings and fails
on any other broken link, so the first publish is not blocked by old damage
and no new damage slips through.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field

HEADER = """\
# Links that were already broken when this site was imported.
# Each line: the content file that links, then the path inside the site it
# leads to. The publish build lists these as warnings; any other broken link
# fails it. Remove a line once its link is fixed.
"""


@dataclass
class KnownBroken:
    shown: str = ""
    entries: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def read(cls, project: str, name: str | None) -> KnownBroken:
        """The list in ``name`` (relative to the project folder); empty when absent."""
        if not name:
            return cls()
        path = os.path.join(project, name)
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (FileNotFoundError, IsADirectoryError):
            return cls(name)
        return cls(name, parse(text))

    def covers(self, source: str | None, target: str | None) -> bool:
        """Whether a broken link to ``target`` from ``source`` is on the list. A
        list page (no source of its own) shows essays' links: any listed target."""
        if target is None:
            return False
        if source is None:
            return any(t == target for _, t in self.entries)
        return (source, target) in self.entries


def parse(text: str) -> set[tuple[str, str]]:
    entries = set()
    for line in text.splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 2:
            entries.add((parts[0], parts[1]))
    return entries


def render(entries: set[tuple[str, str]]) -> str:
    return HEADER + "".join(f"{source}  {target}\n" for source, target in sorted(entries))


def line_in(source_path: str, url: str, target: str | None) -> int | None:
    """The line of the content file where a broken link is likely written: the
    first with its URL, else its path inside the site, else its file name."""
    try:
        with open(source_path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    target = target or ""
    for needle in (url, target, posixpath.basename(target.rstrip("/"))):
        if not needle:
            continue
        for number, line in enumerate(lines, 1):
            if needle in line:
                return number
    return None
