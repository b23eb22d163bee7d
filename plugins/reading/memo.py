""":func:`.transform.read_essay` results kept between builds.

An essay's reading aids are a function of its HTML, this plugin's code and
the sizes of the local images it shows. A kept result is used again while the
HTML and code are the same (the key) and every image it asked about has the
size it had (asked again; a changed or missing image reads the essay again).
Only results a build used are saved, so the cache does not grow; they are
saved on a shelf (see the front_matter plugin's ``storage``), so a build that
read one essay again writes one shard of them, not all.

Each result is kept encoded (see build_cache's ``codec``) and decoded only
when an essay asks for it: a build in a fresh process that makes its essays
from the kept copies (see the front_matter plugin) asks for none of them, and
loading and saving 1,000 results as objects took about 80 ms of its time.
Nor is a file of the shelf read before an essay asks for a result it would
hold: such a build, after one edit, read one of 32 files instead of 17 MB at
1,000 essays. A file no essay asked about is left as it is, so a result no
longer used stays there (unused, never wrong: it is found by the HTML it was
read from) until a build reads that file and saves it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from build_cache import codec
from build_cache.storage import Shelf, shard_of

from . import transform
from .transform import Reading, read_essay

FORMAT = 6  # bump when what is kept, or how, changes
codec.allow(Reading)


def _code_digest() -> bytes:
    with open(transform.__file__, "rb") as handle:
        return hashlib.sha256(handle.read()).digest()


class ReadingMemo:
    def __init__(self, path: str | None) -> None:
        self.path = path  # a folder
        self._code = _code_digest()
        self._kept: dict[bytes, bytes] = {}  # key: encoded (Reading, images asked about)
        self._used: set[bytes] = set()
        self._shelf = Shelf(path, FORMAT)
        self._read: set[int] = set()  # the shelf's files read (see _take)

    def begin(self) -> None:
        """A new build in this process: forget what the last one did not use."""
        if self._used and self._used != self._kept.keys():
            self._kept = {key: self._kept[key] for key in self._used if key in self._kept}
        self._used = set()

    def key(self, html: str) -> bytes:
        return hashlib.sha256(self._code + html.encode("utf-8", "surrogatepass")).digest()

    def used(self, key: bytes) -> None:
        """What ``key`` reads to is in use this build, though it was not asked for
        (an essay the process kept as it was read): keep it when saving."""
        self._used.add(key)

    def _take(self, key: bytes) -> bytes | None:
        """The kept result for ``key``, reading the shelf's file that holds it first."""
        shard = shard_of(key)
        if shard not in self._read:
            self._read.add(shard)
            for other, blob in self._shelf.load_shard(shard).items():
                self._kept.setdefault(other, blob)
        return self._kept.get(key)

    def read(
        self,
        html: str,
        image_size: Callable[[str], tuple[int, int] | None],
        key: bytes | None = None,
    ) -> Reading:
        key = key or self.key(html)
        blob = self._take(key)
        if blob is not None:
            try:
                reading, sizes = codec.loads(blob)
            except (codec.Unreadable, TypeError, ValueError):  # not what we keep: read again
                reading, sizes = None, []
            if isinstance(reading, Reading) and all(image_size(src) == size for src, size in sizes):
                self._used.add(key)
                return reading  # a new object each time: the caller may change it
        asked: list[tuple[str, tuple[int, int] | None]] = []

        def asking(src: str):
            size = image_size(src)
            asked.append((src, size))
            return size

        reading = read_essay(html, asking)
        try:
            self._kept[key] = codec.dumps((reading, asked))
        except codec.Unkeepable:  # not kept: read again next time
            return reading
        self._used.add(key)
        return reading  # what is kept is a copy, encoded

    def load(self) -> None:
        """Start from what is saved: nothing is read until an essay asks (:meth:`read`)."""
        self._kept, self._read = {}, set()

    def save(self) -> None:
        """Keep what this build used, in the shelf's files it read; of those, only
        the ones that changed are written."""
        kept = {key: self._kept[key] for key in self._used if key in self._kept}
        self._shelf.save(kept, only=self._read)
