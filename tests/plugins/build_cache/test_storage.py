"""Cache files on their own: atomic and background saves, loads with the
collector paused, and shelves that rewrite only the shards that changed."""

from __future__ import annotations

import gc
import os
import pickle

import pytest
from build_cache import storage
from build_cache.storage import Shelf, generation, shard_of


@pytest.fixture
def background():
    storage.save_in_background(True)
    yield
    storage.wait_for_saves()
    storage.save_in_background(False)


def test_a_background_save_returns_at_once_and_the_wait_finds_it_written(
    tmp_path, monkeypatch, background
):
    import threading

    gate = threading.Event()
    real = storage._write_saved

    def held(*args):
        assert gate.wait(10)
        real(*args)

    monkeypatch.setattr(storage, "_write_saved", held)
    done = []
    path = tmp_path / "saved.entry"
    storage.write_saved(str(path), 3, {"kept": {"a": 1}}, then=lambda: done.append(1))
    assert not path.exists() and not done
    gate.set()
    storage.wait_for_saves()
    assert storage.read_saved(str(path), 3) == {"kept": {"a": 1}, "format": 3}
    assert done == [1]


def test_a_background_save_that_fails_is_a_warning(tmp_path, background, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    storage.write_saved(str(blocked / "saved.entry"), 1, {})
    storage.wait_for_saves()
    assert "cannot be written" in caplog.text and "saved.entry" in caplog.text


def _collections_while(load) -> list[int]:
    """The generation of each garbage collection that ran while ``load()`` did."""
    ran = []

    def count(phase, info):
        if phase == "start":
            ran.append(info["generation"])

    gc.callbacks.append(count)
    try:
        load()
    finally:
        gc.callbacks.remove(count)
    return ran


def test_no_collection_runs_while_the_collector_is_paused(tmp_path):
    blob = pickle.dumps([(n, [n]) for n in range(100_000)])
    assert gc.isenabled()
    assert _collections_while(lambda: pickle.loads(blob))  # loading alone sets some off

    def paused():
        with storage.collector_paused():
            pickle.loads(blob)

    assert _collections_while(paused) == []
    assert gc.isenabled()
    gc.disable()
    try:
        paused()
        assert not gc.isenabled()  # a collector paused by the caller stays paused
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), storage.collector_paused():
        raise RuntimeError
    assert gc.isenabled()


def test_caches_are_loaded_with_the_collector_paused(tmp_path, monkeypatch):
    path = str(tmp_path / "saved.entry")
    storage._write_saved(path, 1, {"rows": [1, 2]}, None)
    seen = []
    real = storage.entries.read

    def load(path):
        seen.append(gc.isenabled())
        return real(path)

    monkeypatch.setattr(storage.entries, "read", load)
    assert storage.read_saved(path, 1)["rows"] == [1, 2]
    assert seen == [False] and gc.isenabled()


def _shards(folder) -> dict[str, tuple]:
    return {p.name: storage.identity(str(p)) for p in sorted(folder.iterdir())}


def _records(count: int) -> dict[str, bytes]:
    return {f"posts/essay-{n}.md": f"record {n}".encode() for n in range(count)}


def test_a_shelf_gives_back_what_it_saved_in_a_new_process(tmp_path):
    records = {**_records(50), b"a bytes key": ("a", "tuple", 1)}
    Shelf(str(tmp_path / "shelf"), 1).save(records)
    assert Shelf(str(tmp_path / "shelf"), 1).load() == records
    assert Shelf(str(tmp_path / "shelf"), 2).load() == {}  # another version reads nothing
    assert Shelf(str(tmp_path / "nowhere"), 1).load() == {}
    assert Shelf(None, 1).save(records) == 0


def test_records_are_spread_over_the_shards_by_a_hash_of_their_key(tmp_path):
    Shelf(str(tmp_path / "shelf"), 1).save(_records(200))
    names = sorted(p.name for p in (tmp_path / "shelf").iterdir())
    assert names == [f"{n:02d}.entry" for n in range(storage.SHARDS)]
    assert shard_of("posts/a.md") == shard_of(b"posts/a.md")  # the same in every process
    assert len({shard_of(key) for key in _records(200)}) == storage.SHARDS


def test_a_save_writes_only_the_shards_whose_records_changed(tmp_path):
    folder = tmp_path / "shelf"
    Shelf(str(folder), 1).save(_records(200))
    shelf = Shelf(str(folder), 1)
    records = shelf.load()
    before = _shards(folder)
    assert shelf.save(records) == 0 and _shards(folder) == before  # nothing changed

    edited = "posts/essay-7.md"
    records[edited] = b"record 7, edited"  # equal keys, a new record
    assert shelf.save(records) == 1
    after = _shards(folder)
    changed = {name for name in before if after[name] != before[name]}
    assert changed == {f"{shard_of(edited):02d}.entry"}
    assert Shelf(str(folder), 1).load() == records

    gone = "posts/essay-8.md"
    del records[gone]
    assert shelf.save(records) == 1
    assert gone not in Shelf(str(folder), 1).load()


def test_a_shard_another_process_wrote_or_deleted_is_written_again(tmp_path):
    folder = tmp_path / "shelf"
    shelf = Shelf(str(folder), 1)
    records = _records(100)
    shelf.save(records)
    (folder / "03.entry").unlink()
    Shelf(str(folder), 1).save({"only": b"this"})  # another process, other records
    assert shelf.save(records) == storage.SHARDS
    assert Shelf(str(folder), 1).load() == records


def test_a_shard_left_with_no_records_is_removed(tmp_path):
    folder = tmp_path / "shelf"
    shelf = Shelf(str(folder), 1)
    shelf.save({"a": b"1", "b": b"2"})
    shelf.save({"a": b"1"})
    assert [p.name for p in folder.iterdir()] == [f"{shard_of('a'):02d}.entry"]


def test_a_broken_shard_loses_only_its_own_records(tmp_path):
    folder = tmp_path / "shelf"
    records = _records(100)
    Shelf(str(folder), 1).save(records)
    broken = shard_of("posts/essay-5.md")
    (folder / f"{broken:02d}.entry").write_bytes(b"not an entry")
    loaded = Shelf(str(folder), 1).load()
    assert loaded == {k: v for k, v in records.items() if shard_of(k) != broken}


def test_a_shelf_saved_in_the_background_is_written_by_the_wait(tmp_path, background):
    folder = tmp_path / "shelf"
    shelf = Shelf(str(folder), 1)
    records = _records(10)
    assert shelf.save(records) > 0
    storage.wait_for_saves()
    assert Shelf(str(folder), 1).load() == records
    assert shelf.save(records) == 0  # what the thread wrote is known as written


def test_generations_keep_the_folders_used_last(tmp_path):
    for number in range(5):
        generation(str(tmp_path), f"config {number}", 3)
        os.utime(tmp_path / f"config {number}", ns=(number, number))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config 2", "config 3", "config 4"]
    generation(str(tmp_path), "config 2", 3)  # used again: now the latest
    generation(str(tmp_path), "config 5", 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config 2", "config 4", "config 5"]
