"""Fault injection: a damaged, planted or read-only cache never changes the site.

The sample site is built once with a fresh cache; then, for each way a cache
can go wrong, the cache is put back as that build left it, damaged, and the
site built again into the same output. Every such build must exit 0 and write
exactly the bytes of the clean build, and nothing planted may run.
"""

from __future__ import annotations

import pickle
import random
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, read_only, run_pelican


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


class Planted:
    """A pickle that writes a file when it is loaded."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self):
        return (Path.write_text, (self.target, "code ran"))


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The sample site's clean build (its folder, output bytes and cache files),
    with a copy of its output and cache to put back before each case."""
    folder = tmp_path_factory.mktemp("clean")
    shutil.copytree(ROOT / "content", folder / "content")
    build = build_here(folder)
    assert build.returncode == 0, build.log
    for name in ("output", "cache"):
        shutil.copytree(folder / name, folder / f"pristine-{name}", symlinks=True)
    cache = folder / "cache"
    files = sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file())
    # Every store the build keeps is here to be damaged.
    assert {
        "rendered-essays",
        "kept-essays",
        "reading-aids",
        "search-index",
        "essay-keys.entry",
        "feed-html",
        "written-pages.entry",
        "search-pages.entry",
        "bibliography-references.entry",
        "essay-citations.entry",
    } <= {name.split("/")[0] for name in files}
    return folder, snapshot(folder / "output"), files


def build_here(folder: Path):
    """Build ``folder``/content into ``folder``/output with ``folder``/cache: the
    same paths every time, as the site's addresses and chart names depend on them."""
    return run_pelican(
        folder / "content",
        folder / "output",
        settings={"CACHE_PATH": str(folder / "cache")},
        verbose=True,  # a flip in an entry's code digest reads as another version: a note
    )


def rebuild_after(clean, damage):
    """Put back the clean build's output and cache, ``damage(cache)``, build again."""
    folder, _, _ = clean
    for name in ("output", "cache"):
        shutil.rmtree(folder / name, ignore_errors=True)
        shutil.copytree(folder / f"pristine-{name}", folder / name, symlinks=True)
    damage(folder / "cache")
    return build_here(folder)


def one_of_each(files: list[str]) -> list[str]:
    """A file of each store (each shelf's first shard, each file kind of the
    search index): each damaged alone shows that store checks what it reads."""
    chosen: dict[str, str] = {}
    for name in files:
        parts = name.split("/")
        kind = parts[0] if parts[0] != "search-index" else parts[-1].rsplit(".", 1)[-1]
        chosen.setdefault(kind, name)
    return sorted(chosen.values())


def flip_one_bit(path: Path, chance: random.Random) -> None:
    data = bytearray(path.read_bytes())
    data[chance.randrange(len(data))] ^= 1 << chance.randrange(8)
    path.write_bytes(bytes(data))


def differences(expected: dict[str, bytes], found: dict[str, bytes]) -> list[str]:
    return sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))


@pytest.mark.parametrize("how", ["flip", "pickle"])
def test_one_cache_file_of_each_store_with_a_bit_flipped_or_a_pickle_planted(clean, how):
    """One file alone: a flipped bit (a wrong page, were it used), or a pickle
    that writes a file if anything unpickles it."""
    folder, expected, files = clean
    planted = folder / "planted"
    chance = random.Random(31)
    failures = []
    for name in one_of_each(files):

        def damage(cache, name=name):
            if how == "flip":
                flip_one_bit(cache / name, chance)
            else:
                (cache / name).write_bytes(pickle.dumps(Planted(planted)))

        build = rebuild_after(clean, damage)
        if build.returncode != 0:
            failures.append(f"{name}: exit {build.returncode}\n{build.log[-2000:]}")
        elif changed := differences(expected, snapshot(folder / "output")):
            failures.append(f"{name}: output differs in {changed[:5]}")
        elif "1 cache entry ignored" not in " ".join(build.log.split()):
            failures.append(f"{name}: not reported as ignored\n{build.log[-1500:]}")
        assert not planted.exists(), f"unpickled: {name}"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("how", ["truncate", "empty", "random bytes", "flip", "pickle"])
def test_every_cache_file_damaged_at_once(clean, how):
    folder, expected, _ = clean
    planted = folder / "planted"
    chance = random.Random(5)

    def damage(cache):
        for path in cache.rglob("*"):
            if not path.is_file():
                continue
            data = path.read_bytes()
            if how == "truncate":
                path.write_bytes(data[: len(data) // 2])
            elif how == "empty":
                path.write_bytes(b"")
            elif how == "flip":
                flip_one_bit(path, chance)
            elif how == "pickle":
                path.write_bytes(pickle.dumps(Planted(planted)))
            else:
                path.write_bytes(chance.randbytes(len(data)))

    build = rebuild_after(clean, damage)
    assert build.returncode == 0, build.log
    assert differences(expected, snapshot(folder / "output")) == []
    assert not planted.exists()
    said = " ".join(build.log.split())
    assert "cache entries ignored" in said and "damaged or unreadable" in said


def test_a_read_only_cache_builds_the_same_site_with_one_warning(clean, tmp_path):
    folder, expected, _ = clean
    essay = folder / "content" / "posts" / "grid-batteries.md"
    text = essay.read_text("utf-8")
    # An edit, so the build has something new it cannot keep.
    essay.write_text(text + "\nOne more line.\n", "utf-8")
    try:
        fresh = run_pelican(
            folder / "content", tmp_path / "fresh", settings={"CACHE_PATH": str(tmp_path / "c")}
        )
        rebuild_after(clean, lambda cache: None)  # the warm cache, written as it builds
        rebuild_after(clean, lambda cache: None)
        with read_only(folder / "cache"):
            build = build_here(folder)
    finally:
        essay.write_text(text, "utf-8")
    assert fresh.returncode == 0 and build.returncode == 0, build.log
    said = " ".join(build.log.split())
    assert said.count("the cache cannot be written") == 1, build.log
    found = snapshot(folder / "output")
    assert differences(snapshot(tmp_path / "fresh"), found) == []
    assert differences(expected, found)  # the edit is there
