"""Feed-ready HTML kept between builds (plain functions; no Pelican here).

Turning an essay's HTML into what a feed carries (:func:`.model.for_feeds`:
absolute links, scripts and charts swapped for images, and the summary cut
to length) parses and writes the whole essay with lxml: about 2 ms an essay,
for every essay shown in a feed that has to be written again. The result
depends only on its inputs and on this plugin's code, so it is kept under a
digest of both; only results a build used are saved, so the shelf does not
grow, and only the shelf's files that changed are written again (one edit
changes a few entries, not the 1.5 MB of a thousand essays).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable

from build_cache.storage import Shelf

from . import model

FORMAT = 2  # 2: (content, summary, summary as plain text)


def _code() -> bytes:
    digest = hashlib.sha256()
    for module in (model, sys.modules[__name__]):
        with open(module.__file__, "rb") as handle:
            digest.update(handle.read())
    return digest.digest()


class FeedMemo:
    def __init__(self, path: str | None) -> None:
        self.path = path  # a folder: the shelf's
        self._shelf = Shelf(path, FORMAT) if path else None
        self._code = _code()
        self._kept: dict[bytes, tuple[str, ...]] = {}
        self._used: set[bytes] = set()
        self._made: dict[bytes, tuple[str, ...]] = {}  # this build's misses
        self.hits = self.misses = 0

    def begin(self) -> None:
        """A new build in this process: forget what the last one did not use."""
        if self._used:
            self._kept = {key: self._kept[key] for key in self._used if key in self._kept}
        self._used = set()
        self._made = {}
        self.hits = self.misses = 0

    def get(self, parts: tuple[str, ...], make: Callable[[], tuple[str, ...]]) -> tuple[str, ...]:
        """``make()``'s answer for these inputs, made once and then kept."""
        digest = hashlib.sha256(self._code)
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        key = digest.digest()
        self._used.add(key)
        kept = self._kept.get(key)
        if kept is not None:
            self.hits += 1
            return kept
        self.misses += 1
        made = self._kept[key] = self._made[key] = make()
        return made

    def taken(self) -> tuple[set[bytes], dict[bytes, tuple[str, ...]], int]:
        """This build's use so far (keys used, results made, hits): what a side
        process that wrote the feeds hands back to the build, for :meth:`absorb`."""
        return self._used, self._made, self.hits

    def absorb(self, taken: tuple[set[bytes], dict[bytes, tuple[str, ...]], int]) -> None:
        used, made, hits = taken
        self._kept.update(made)
        self._made.update(made)
        self._used |= used
        self.misses += len(made)
        self.hits += hits

    def load(self) -> None:
        self._kept = self._shelf.load() if self._shelf else {}

    def save(self) -> None:
        if not self._shelf or not self.misses and len(self._used) == len(self._kept):
            return  # nothing new, nothing dropped: the shelf already says this
        self._shelf.save({key: self._kept[key] for key in self._used if key in self._kept})
