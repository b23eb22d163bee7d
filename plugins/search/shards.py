"""The search index in shards, each kept while its pages are the same (plain
functions; :mod:`.plugin` calls them).

Pagefind reads every page on every run and has no incremental mode, and its
time and memory grow with the pages it is given (about 3.5 ms and 0.3 MB a
page here). So the searchable pages are split into shards of at most
``per_shard`` pages, each a Pagefind index of its own, and the search page
merges them in the browser (Pagefind's ``mergeIndex``). A page's shard is
chosen by a hash of its path, so an edit changes one shard and a new essay
rarely moves the others. Each shard is kept in the cache under the digest of
its pages' paths and bytes and Pagefind's version, with a seal naming the
size and time of each file it holds (and the digest of its scripts); a build
indexes only the shards whose digest it has not kept intact, and links the
rest.

A site small enough for one shard gets exactly one index, as Pagefind alone
would write it. Shards after the first hold only the index's data, not a
second copy of Pagefind's scripts: the first shard's code reads them all.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from build_cache import entries

MARK = b"data-pagefind-body"
MANIFEST = "shards.json"
SUBFOLDER = "shards"
SEAL = ".seal"  # beside a kept shard: what each of its files was when made (an entry)
# What a shard after the first needs: the files Pagefind's code fetches from
# a merged index (its entry, metadata, word index, fragments and filters).
_DATA = ("pagefind-entry.json", "index", "fragment", "filter")


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site, with "/"
    digest: bytes
    marked: bool


@dataclass(frozen=True)
class Shard:
    number: int
    pages: tuple[Page, ...]
    digest: str

    @property
    def folder(self) -> str:
        """Where the shard goes inside the index folder ("" for the first)."""
        return "" if self.number == 0 else f"{SUBFOLDER}/{self.number}"


def scan(site: str, index_folder: str, known: dict | None = None) -> list[Page]:
    """Every ``.html`` page under ``site`` outside ``index_folder``, sorted by path.

    ``known`` maps a page's path to what an earlier scan read from it, with
    the file's size, modification time and inode then; a page whose file
    still has all three is not read again (a rebuild puts kept pages back
    as they were, and writes every other page as a new file). The mapping
    is updated to this scan's pages.
    """
    return read(listing(site, index_folder), known)


def listing(site: str, index_folder: str) -> list[tuple[str, str, tuple[int, int, int]]]:
    """The first half of :func:`scan`: each page's path below the site, its path,
    and its file's size, time and inode (``os.scandir`` by hand: a fifth quicker
    than ``os.walk`` and a join a file, 17 ms against 22 ms for 7,000 files)."""
    found = []
    root = os.path.abspath(site)
    skip = os.path.join(root, index_folder)
    folders = [(root, "")]
    while folders:
        folder, below = folders.pop()
        try:
            entries = os.scandir(folder)
        except OSError:  # no such folder (no site yet), as os.walk would skip it
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if entry.is_dir(follow_symlinks=False):
                    if entry.path != skip:
                        folders.append((entry.path, f"{below}{name}/"))
                elif name.endswith(".html"):
                    status = entry.stat()
                    stamp = (status.st_size, status.st_mtime_ns, status.st_ino)
                    found.append((below + name, entry.path, stamp))
    return found


def read(listed: list[tuple[str, str, tuple[int, int, int]]], known: dict | None) -> list[Page]:
    """The second half of :func:`scan`: the pages ``listing`` found, reading those
    ``known`` does not hold with the same stamp."""
    memo = {} if known is None else known
    seen: dict = {}
    pages = []
    for relative, path, stamp in listed:
        earlier = memo.get(relative)
        if earlier is not None and earlier[0] == stamp:
            page = earlier[1]
        else:
            with open(path, "rb") as handle:
                data = handle.read()
            page = Page(relative, hashlib.sha256(data).digest(), MARK in data)
        seen[relative] = (stamp, page)
        pages.append(page)
    memo.clear()
    memo.update(seen)
    return sorted(pages, key=lambda page: page.path)


def searchable(pages: list[Page]) -> list[Page]:
    """The pages Pagefind would index: the marked ones, or all when none is marked."""
    marked = [page for page in pages if page.marked]
    return marked or pages


def split(pages: list[Page], per_shard: int, parts: Iterable[str]) -> list[Shard]:
    """``pages`` in ceil(len / per_shard) shards, each page's by a hash of its path."""
    count = max(1, math.ceil(len(pages) / per_shard))
    members: list[list[Page]] = [[] for _ in range(count)]
    for page in pages:
        slot = int.from_bytes(hashlib.sha256(page.path.encode("utf-8")).digest()[:8], "big")
        members[slot % count].append(page)
    head = "\0".join([*parts, str(count)]).encode("utf-8")
    shards = []
    for number, chosen in enumerate(members):
        digest = hashlib.sha256(head + b"\0" + str(number).encode())
        for page in chosen:
            digest.update(page.path.encode("utf-8", "surrogatepass") + b"\0" + page.digest)
        shards.append(Shard(number, tuple(chosen), digest.hexdigest()))
    return shards


def _link(source: str, target: str) -> None:
    """``target`` as a hard link to ``source`` (a copy where links cannot be made).

    Nothing writes into these files in place: a build unlinks the old output
    before it writes, so a link never lets one copy change the other.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# Paths a Pagefind glob can name as they are: word characters (any
# script), dots, dashes and slashes; anything else could be glob syntax.
_PLAIN_PATH = re.compile(r"[\w./-]+")
# One command-line argument may be at most 128 KiB on Linux.
_LONGEST_GLOB = 100_000


def glob(shard: Shard) -> str | None:
    """A Pagefind ``--glob`` naming exactly ``shard``'s pages, or None when a path
    could be read as glob syntax or the list is too long for one argument."""
    paths = [page.path for page in shard.pages]
    if not all(_PLAIN_PATH.fullmatch(path) for path in paths):
        return None
    text = "{" + ",".join(paths) + "}"
    return text if len(text.encode("utf-8")) <= _LONGEST_GLOB else None


def stage(site: str, shard: Shard, folder: str) -> None:
    """A folder holding only ``shard``'s pages, at their paths."""
    shutil.rmtree(folder, ignore_errors=True)
    made: set[str] = set()
    for page in shard.pages:
        parts = page.path.split("/")
        parent = os.path.join(folder, *parts[:-1])
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        _link(os.path.join(site, *parts), os.path.join(parent, parts[-1]))


def build(
    site: str,
    shards: list[Shard],
    kept: str,
    index: Callable[[str, str, str | None], str | None],
    workers: int = 2,
    sound: set[str] | None = None,
) -> tuple[list[Shard], list[str]]:
    """Index each shard not kept under ``kept``; returns (shards indexed, errors).

    ``sound`` holds the digests of shards this build found intact already (an
    earlier call's checks, which nothing since could undo: a build only adds
    shards and prunes them at its end); they are not read again, and the
    shards found intact here are added to it.

    ``index(pages_folder, output_folder, glob)`` runs Pagefind over the pages
    under ``pages_folder`` that ``glob`` names (all of them when it is None)
    and returns an error message or None. A shard's pages are named by a glob
    over the site when their paths allow (:func:`glob`), and otherwise linked
    into a folder of their own (:func:`stage`): making a folder for every
    page cost more than a second at 1,000 pages on a file system that checks
    each new inode against recently deleted ones. A shard is kept under
    ``kept/<digest>`` only once Pagefind has written it completely.
    """
    sound = set() if sound is None else sound
    todo = [s for s in shards if s.digest not in sound and not intact(kept, s.digest)]
    sound.update(s.digest for s in shards if s not in todo)

    def one(shard: Shard) -> str | None:
        pages = os.path.join(kept, f"{shard.digest}.pages")
        written = os.path.join(kept, f"{shard.digest}.tmp")
        shutil.rmtree(written, ignore_errors=True)
        try:
            named = glob(shard)
            if named is not None:
                error = index(site, written, named)
            else:
                stage(site, shard, pages)
                error = index(pages, written, None)
            if error is None:
                final = os.path.join(kept, shard.digest)
                if entries.write(final + SEAL, _seal(written)):
                    shutil.rmtree(final, ignore_errors=True)
                    os.replace(written, final)
            return error
        finally:
            shutil.rmtree(pages, ignore_errors=True)
            shutil.rmtree(written, ignore_errors=True)

    os.makedirs(kept, exist_ok=True)
    # Plain threads, not an executor: an index made in the background may
    # still be starting runs while the interpreter shuts down, when
    # concurrent.futures refuses new work.
    pending = list(enumerate(todo))
    answers: dict[int, str | BaseException | None] = {}
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if not pending:
                    return
                number, shard = pending.pop(0)
            try:
                answer: str | BaseException | None = one(shard)
            except BaseException as err:  # noqa: BLE001 - raised again in the caller
                answer = err
            with lock:
                answers[number] = answer

    threads = [threading.Thread(target=work) for _ in range(max(1, min(workers, len(todo))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = []
    for number in sorted(answers):
        answer = answers[number]
        if isinstance(answer, BaseException):
            raise answer
        if answer:
            errors.append(answer)
    return todo, errors


def _listing(folder: str) -> dict[str, os.stat_result]:
    found = {}
    for top, subfolders, names in os.walk(folder):
        subfolders.sort()
        for name in names:
            path = os.path.join(top, name)
            found[os.path.relpath(path, folder).replace(os.sep, "/")] = os.stat(path)
    return found


def _seal(folder: str) -> dict[str, list]:
    """Each file under ``folder`` (by its path there, with "/"): its size, its
    modification time and, for the files at the top (Pagefind's scripts, styles
    and WebAssembly, which run in a reader's browser), its bytes' SHA-256."""
    sealed = {}
    for name, stat in _listing(folder).items():
        sealed[name] = [stat.st_size, stat.st_mtime_ns, _sha256(folder, name)]
    return sealed


def _sha256(folder: str, name: str) -> bytes | None:
    if "/" in name:
        return None  # the index's data: many files, known by size and time
    with open(os.path.join(folder, name), "rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def intact(kept: str, digest: str) -> bool:
    """Whether the shard kept as ``digest`` holds exactly the files its seal names,
    each with the size and time it had when sealed (a file written since has
    another time), the scripts byte for byte. Its files are linked into the
    site as they are, so one changed or planted there would be published: such
    a shard is indexed again."""
    folder = os.path.join(kept, digest)
    if not os.path.isdir(folder):
        return False
    sealed = entries.read(folder + SEAL)  # an unreadable seal is counted there
    if sealed is None:
        if not os.path.exists(folder + SEAL):
            entries.ignored(folder, "no seal")
        return False
    try:
        found = _listing(folder)
        if isinstance(sealed, dict) and found.keys() == sealed.keys():
            for name, stat in found.items():
                size, mtime_ns, digest_of = sealed[name]
                if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
                    break
                if _sha256(folder, name) != digest_of:
                    break
            else:
                return True
    except (OSError, TypeError, ValueError):
        pass
    entries.ignored(folder, "its files are not the ones sealed")
    return False


def assemble(shards: list[Shard], kept: str, target: str) -> None:
    """The index folder: the first shard whole, the others' data beneath it,
    and the manifest naming them (relative to the index folder)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(os.path.join(kept, shards[0].digest), target, copy_function=_link)
    for shard in shards[1:]:
        source = os.path.join(kept, shard.digest)
        into = os.path.join(target, *shard.folder.split("/"))
        os.makedirs(into, exist_ok=True)
        for name in sorted(os.listdir(source)):
            if not (name in _DATA or name.endswith(".pf_meta")):
                continue
            if os.path.isdir(os.path.join(source, name)):
                shutil.copytree(
                    os.path.join(source, name), os.path.join(into, name), copy_function=_link
                )
            else:
                _link(os.path.join(source, name), os.path.join(into, name))
    with open(os.path.join(target, MANIFEST), "w", encoding="utf-8") as handle:
        json.dump({"shards": [f"{s.folder}/" for s in shards[1:]]}, handle)
        handle.write("\n")


def prune(kept: str, shards: list[Shard]) -> None:
    """Forget kept shards this build did not use (so the cache does not grow)."""
    wanted = {shard.digest for shard in shards} | {shard.digest + SEAL for shard in shards}
    try:
        names = os.listdir(kept)
    except OSError:
        return
    for name in names:
        if name not in wanted:
            path = os.path.join(kept, name)
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.remove(path)
