""":func:`.transform.read_essay` results kept between builds.

An essay's reading aids are a function of its HTML, this plugin's code and
the sizes of the local images it shows. A kept result is used again while the
HTML and code are the same (the key) and every image it asked about has the
size it had (asked again; a changed or missing image reads the essay again).
Only results a build used are saved, so the file does not grow.

Each result is kept pickled and unpickled only when an essay asks for it: a
build in a fresh process that makes its essays from the kept copies (see the
front_matter plugin) asks for none of them, and loading and saving 1,000
results as objects took about 80 ms of its time.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable

from front_matter.render_cache import OnDisk, read_saved, write_saved

from . import transform
from .transform import Reading, read_essay

FORMAT = 4  # bump when what is kept, or how, changes


def _code_digest() -> bytes:
    with open(transform.__file__, "rb") as handle:
        return hashlib.sha256(handle.read()).digest()


class ReadingMemo:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self._code = _code_digest()
        self._kept: dict[bytes, bytes] = {}  # key: pickled (Reading, images asked about)
        self._used: set[bytes] = set()
        self._on_disk = OnDisk(path)

    def begin(self) -> None:
        """A new build in this process: forget what the last one did not use."""
        if self._used and self._used != self._kept.keys():
            self._kept = {key: self._kept[key] for key in self._used if key in self._kept}
            self._on_disk.drop()
        self._used = set()

    def key(self, html: str) -> bytes:
        return hashlib.sha256(self._code + html.encode("utf-8", "surrogatepass")).digest()

    def used(self, key: bytes) -> None:
        """What ``key`` reads to is in use this build, though it was not asked for
        (an essay the process kept as it was read): keep it when saving."""
        if key in self._kept:
            self._used.add(key)

    def read(
        self,
        html: str,
        image_size: Callable[[str], tuple[int, int] | None],
        key: bytes | None = None,
    ) -> Reading:
        key = key or self.key(html)
        blob = self._kept.get(key)
        if blob is not None:
            try:
                reading, sizes = pickle.loads(blob)
            except Exception:  # noqa: BLE001 - a class it names has changed: read again
                reading, sizes = None, []
            if reading is not None and all(image_size(src) == size for src, size in sizes):
                self._used.add(key)
                return reading  # a new object each time: the caller may change it
        asked: list[tuple[str, tuple[int, int] | None]] = []

        def asking(src: str):
            size = image_size(src)
            asked.append((src, size))
            return size

        reading = read_essay(html, asking)
        self._kept[key] = pickle.dumps((reading, asked), protocol=pickle.HIGHEST_PROTOCOL)
        self._on_disk.drop()
        self._used.add(key)
        return reading  # what is kept is a copy, pickled

    def load(self) -> None:
        saved = read_saved(self.path, FORMAT) if self.path else None
        if saved is not None:
            self._kept = saved.get("kept", {})
            self._on_disk.mark()

    def save(self) -> None:
        if not self.path:
            return
        if self._used == self._kept.keys() and self._on_disk.holds():
            return  # the file already holds this: nothing read again, nothing dropped
        kept = {key: self._kept[key] for key in self._used if key in self._kept}
        path = self.path

        def written() -> None:
            if kept.keys() == self._kept.keys():
                self._on_disk.mark()

        write_saved(path, FORMAT, {"kept": kept}, then=written)
