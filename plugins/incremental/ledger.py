"""Files an earlier build wrote, and what each was made from.

A page is a function of the configuration, of the site's structure (every
essay's metadata and address, every other file in the content folder) and of
the essays whose bodies it showed. The ledger keeps, for each file a build
wrote, a *key* (the configuration, the structure, the template and the file's
name), the essays it depended on with a digest of each, and the file's size
and modification time when it was written. The next build puts the file back
instead of rendering it when the key and every essay's digest are the same
and the file is still the one that build wrote.

Pelican empties the output folder before each build; :meth:`Ledger.set_aside`
first moves the old files into a folder beside the cache, and a kept file is
moved back (a rename: no bytes copied). Making folders is most of that cost, so
the highest folder above a kept file that holds, all the way down, only files
the last build wrote is moved back whole (a tag's pages and its /page/N/
folders, or every essay's folder, in one rename); its other files are then *on
probation* until the build either keeps them, writes them again, or (at the
end) deletes them, unclaimed, with any folder that leaves empty. Such folders
are moved back as the build starts writing (:meth:`Ledger.bring_back`), before
a side process writing the feeds makes their folder in the output and leaves
the rest of it to come back a file at a time; a kept file's folder is moved
back when it is asked for otherwise. A folder that a static file is copied
into this build, and every folder above it, is never moved whole.
What is left aside is deleted when the build ends (in a thread just after it
when the caches are saved in the background; the next build waits for that),
so nothing stale survives.

Nothing here knows Pelican or Jinja; :mod:`.plugin` connects it. Saving uses the
front_matter plugin's helpers.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from build_cache import codec
from build_cache.storage import (
    after_the_build,
    collector_paused,
    identity,
    read_saved,
    write_saved,
)

logger = logging.getLogger(__name__)

FORMAT = 3  # bump when what a record holds, or how they are saved, changes
KEEP_CONFIGURATIONS = 3  # e.g. the local build, the publish build and one more
# What this process last saved, and the file's identity just after: the next
# build in the process (livereload) takes it from memory while the file is that one.
_saved_here: dict[str, tuple[tuple[int, int, int], dict, dict]] = {}


@dataclass(frozen=True)
class Record:
    key: str
    deps: tuple[tuple[str, str], ...]  # (essay's source path, its digest)
    size: int = -1
    mtime_ns: int = -1


def _flat(record: Record) -> list:
    """A record as one list, ``[key, size, time, path, digest, path, digest...]``:
    a tag page's dozens of (path, digest) pairs would each be an array to decode."""
    flat = [record.key, record.size, record.mtime_ns]
    for source, made in record.deps:
        flat += (source, made)
    return flat


def _unflat(flat: list) -> Record:
    key, size, mtime_ns = flat[:3]
    return Record(key, tuple(zip(flat[3::2], flat[4::2], strict=True)), size, mtime_ns)


class Ledger:
    """The records of one configuration writing into one output folder."""

    def __init__(self, path: str | None, configuration: str, output: str) -> None:
        self.path = path
        self.configuration = configuration
        self.output = os.path.abspath(output)
        self.previous: dict[str, Record] = {}
        self.current: dict[str, Record] = {}
        self.aside: str | None = None
        self._others: dict[str, dict[str, Record]] = {}
        self.kept = self.made = 0
        self.static_folders: set[str] = set()  # folders a static file is copied into
        self._folders: set[str] = set()  # folders in place in the output this build
        self._probation: set[str] = set()  # back with their folder, not yet claimed
        self._trees: dict[str, list[str] | None] = {}  # see _written_tree
        self._below: dict[str, list[str]] = {}  # each folder's folders, all the way down
        self._static_seen: set[str] | None = None
        self._static_tree: set[str] = set()  # static folders and the folders above them

    # One build ---------------------------------------------------------------
    def set_aside(self, folder: str, keep: Iterable[str] = ()) -> None:
        """Move the output folder's entries (but ``keep``) into ``folder``.

        ``folder`` must be on the output's file system; if a move fails the
        rest stays where it is (the build deletes it, and renders those pages).
        """
        folder = os.path.abspath(folder)
        if folder == self.output or folder.startswith(self.output + os.sep):
            return
        shutil.rmtree(folder, ignore_errors=True)  # what a failed build left
        self._trees, self._below = {}, {}
        if not os.path.isdir(self.output):
            return
        kept = set(keep)
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as err:  # a cache that cannot be written: render every page
            logger.debug("incremental: nowhere to set the output aside: %s", err)
            return
        self.aside = folder
        for name in os.listdir(self.output):
            if name in kept:
                continue
            try:
                os.rename(os.path.join(self.output, name), os.path.join(folder, name))
            except OSError as err:  # another file system, say: render those pages
                logger.debug("incremental: could not set %s aside: %s", name, err)
                return

    def _kept_file(
        self, name: str, key: str, digest: Callable[[str], str | None]
    ) -> tuple[Record, str] | None:
        """The last build's record of ``name`` and where its file is now, if the
        file can be kept: nothing it was made from changed, and it is the file
        that build wrote.

        ``digest(source_path)`` gives an essay's digest in this build (None: it is gone).
        """
        record = self.previous.get(name)
        if record is None or record.key != key:
            return None
        if any(digest(source) != made for source, made in record.deps):
            return None
        back = name in self._probation
        folder = self.aside if self.aside and not back else self.output
        found = os.path.join(folder, name)
        try:
            stat = os.stat(found)
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (record.size, record.mtime_ns):
            return None  # changed by hand or by another build since
        return record, found

    def reusable(self, name: str, key: str, digest: Callable[[str], str | None]) -> bool:
        """Whether :meth:`reuse` would put ``name`` back; nothing is moved or noted."""
        return self._kept_file(name, key, digest) is not None

    def reuse(self, name: str, key: str, digest: Callable[[str], str | None]) -> bool:
        """Put ``name`` back as the last build wrote it, if nothing it was made from changed."""
        kept = self._kept_file(name, key, digest)
        if kept is None:
            return False
        record, found = kept
        target = os.path.join(self.output, name)
        if found != target and not self._folder_back(name):
            try:
                self._make_folder(os.path.dirname(name))
                os.rename(found, target)
            except OSError:
                return False
        self._probation.discard(name)
        self.current[name] = record
        self.kept += 1
        return True

    def _make_folder(self, folder: str) -> None:
        """``folder`` (under the output) exists; each is made once a build."""
        if folder in self._folders:
            return
        os.makedirs(os.path.join(self.output, folder), exist_ok=True)
        while True:
            self._folders.add(folder)
            if not folder:
                return
            folder = os.path.dirname(folder)

    def _folder_back(self, name: str) -> bool:
        """Move back whole the highest folder above ``name`` that holds, all the way
        down, only files the last build wrote (:meth:`_written_tree`)."""
        chain = []
        folder = os.path.dirname(name)
        while folder and folder not in self._folders:
            chain.append(folder)
            folder = os.path.dirname(folder)
        for folder in reversed(chain):  # the highest first: one rename for a whole tree
            if self._written_tree(folder) is not None and self._move_back(folder):
                return True
        return False

    def bring_back(self) -> None:
        """Move back now, before anything is written, every folder set aside that
        holds only files the last build wrote, as :meth:`reuse` would on asking
        for one of its files. A folder that something writes into first cannot
        come back whole any more (the feeds are written in a side process while
        the pages are: their folder of tag feeds came back a file at a time)."""
        if not self.aside:
            return
        folders = [""]
        while folders:
            folder = folders.pop()
            try:
                with os.scandir(os.path.join(self.aside, folder)) as entries:
                    found = [e.name for e in entries if e.is_dir(follow_symlinks=False)]
            except OSError:
                continue
            for entry_name in sorted(found):
                inner = f"{folder}/{entry_name}" if folder else entry_name
                if self._written_tree(inner) is None:
                    folders.append(inner)  # its own folders may come back whole
                else:
                    self._move_back(inner)

    def _move_back(self, folder: str) -> bool:
        """Move ``folder`` back whole (its files on probation) if nothing is in its way."""
        target = os.path.join(self.output, folder)
        try:
            self._make_folder(os.path.dirname(folder))
            os.rename(os.path.join(self.aside, folder), target)
        except OSError:  # written into already this build, say
            if os.path.isdir(target):
                self._make_folder(folder)
            return False
        self._folders.add(folder)
        self._folders.update(self._below[folder])
        self._probation.update(self._trees[folder] or ())
        return True

    def _written_tree(self, folder: str) -> list[str] | None:
        """The files under ``folder`` as set aside, if each is a file the last build
        wrote and no static file is copied under it this build; else None.
        Each folder is read once a build."""
        if folder in self._trees:
            return self._trees[folder]
        if self._static_seen is not self.static_folders:
            self._static_seen = self.static_folders
            self._static_tree = set()
            for static in self.static_folders:
                while static and static not in self._static_tree:
                    self._static_tree.add(static)
                    static = os.path.dirname(static)
        files: list[str] | None = []
        below: list[str] = []
        if folder in self._static_tree:
            files = None
        else:
            try:
                with os.scandir(os.path.join(self.aside, folder)) as entries:
                    found = [
                        (
                            entry.name,
                            entry.is_dir(follow_symlinks=False),
                            entry.is_file(follow_symlinks=False),
                        )
                        for entry in entries
                    ]
            except OSError:
                found, files = [], None
            for entry_name, is_folder, is_file in found:
                other = f"{folder}/{entry_name}"
                if is_folder:
                    inner = self._written_tree(other)
                    if inner is None:
                        files = None
                        break
                    files += inner
                    below += (other, *self._below[other])
                elif is_file and other in self.previous:
                    files.append(other)
                else:
                    files = None
                    break
        self._trees[folder] = files
        self._below[folder] = below
        return files

    def note(self, name: str, key: str, deps: Iterable[tuple[str, str]]) -> None:
        """``name`` was written this build from ``deps`` (its size and time are read at the end)."""
        self.current[name] = Record(key, tuple(sorted(set(deps))))
        self._probation.discard(name)
        self.made += 1

    def forget(self, name: str) -> None:
        """``name`` must be rendered again next time (its render complained, say)."""
        self.current.pop(name, None)
        self._probation.discard(name)

    def _drop_unclaimed(self) -> None:
        """Delete what came back with its folder and was neither kept nor written again."""
        for name in self._probation:
            path = os.path.join(self.output, name)
            record = self.previous[name]
            try:
                stat = os.stat(path)
                if (stat.st_size, stat.st_mtime_ns) == (record.size, record.mtime_ns):
                    os.remove(path)  # as the last build left it: nothing wrote it again
            except OSError:
                continue
            folder = os.path.dirname(name)
            while folder:  # a folder it leaves empty goes too, as if never made
                try:
                    os.rmdir(os.path.join(self.output, folder))
                except OSError:  # not empty (or gone already)
                    break
                folder = os.path.dirname(folder)
        self._probation.clear()

    def finish(self) -> None:
        """Read the written files' sizes and times, drop what was left aside, save."""
        self._drop_unclaimed()
        for name, record in list(self.current.items()):
            if record.size >= 0:
                continue  # kept: moved back as the last build wrote it
            try:
                stat = os.stat(os.path.join(self.output, name))
            except OSError:
                del self.current[name]
                continue
            self.current[name] = Record(record.key, record.deps, stat.st_size, stat.st_mtime_ns)
        if self.aside:
            # In a thread when saves are (the preview): the next build waits for it.
            left, self.aside = self.aside, None
            after_the_build(lambda: shutil.rmtree(left, ignore_errors=True), f"delete {left}")
        self.save()

    # On disk -----------------------------------------------------------------
    def _label(self) -> str:
        return f"{self.configuration}\0{self.output}"

    def load(self) -> None:
        """The records of this configuration; the others stay encoded until saved again."""
        if not self.path:
            return
        here = _saved_here.get(self.path)
        if here is not None and here[0] == identity(self.path):
            saved, records = here[1], here[2]
        else:
            saved, records = read_saved(self.path, FORMAT), None
        if saved is None:
            return
        try:
            with collector_paused():
                self._take(saved, records)
        except Exception:  # noqa: BLE001 - a damaged file: render everything, as with none
            logger.debug("incremental: the ledger %s cannot be read", self.path, exc_info=True)
            self.previous, self._others = {}, {}

    def _take(self, saved: dict, records: dict[str, Record] | None) -> None:
        label = self._label()
        others: dict[str, bytes] = dict(saved.get("configurations", {}))
        latest = saved.get("latest")
        if latest == label:
            if records is None:
                records = {name: _unflat(flat) for name, flat in saved["records"].items()}
            self.previous = dict(records)
        else:
            if latest is not None:  # the last build was another configuration's
                others[latest] = codec.dumps(saved["records"])
            blob = others.pop(label, None)
            if blob is not None:
                fields = codec.loads(blob)
                self.previous = {name: _unflat(flat) for name, flat in fields.items()}
        others.pop(label, None)
        self._others = others

    def save(self) -> None:
        """This configuration's records as flat lists (quick to load), the others as they were."""
        if not self.path:
            return
        others = dict(list(self._others.items())[-(KEEP_CONFIGURATIONS - 1) :])
        current = dict(self.current)
        fields = {name: _flat(r) for name, r in current.items()}
        data = {"configurations": others, "latest": self._label(), "records": fields}
        path = self.path

        def remember() -> None:
            found = identity(path)
            if found is not None:
                _saved_here[path] = (found, data, current)

        _saved_here.pop(path, None)
        write_saved(path, FORMAT, data, then=remember)
