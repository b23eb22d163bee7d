"""The render cache on its own: keys, journals, and what is kept on disk."""

from __future__ import annotations

import os
import re
import types

import pytest
from build_cache import codec, render_cache, storage
from build_cache.render_cache import Journal, RenderCache, fingerprint, stable
from build_cache.storage import Shelf

# Journal functions are kept by name, and only those named to the codec; the
# tests use a small module of their own.
world = types.ModuleType("render_cache_test_world")
world.answers = {}
world.calls = []


def _lookup(name):
    world.calls.append(("lookup", name))
    return world.answers.get(name)


def _effect(name):
    world.calls.append(("effect", name))


def _explode():
    raise RuntimeError("gone")


for function in (_lookup, _effect, _explode):
    function.__module__ = world.__name__
    setattr(world, function.__name__, function)
codec.allow(world._lookup, world._effect, world._explode)


@pytest.fixture(autouse=True)
def fresh_world():
    world.answers.clear()
    world.calls.clear()
    yield


def kept(cache: RenderCache, html="<p>body</p>", entries=()):
    journal = Journal()
    for entry in entries:
        journal.record(*entry)
    key = cache.key("posts/a.md", "+++\ntitle = 'A'\n+++\nbody")
    cache.store(key, html, journal)
    return key


def test_a_body_is_reused_while_its_lookups_give_the_same_answers(tmp_path):
    cache = RenderCache(str(tmp_path / "rendered"), "config")
    world.answers["source"] = {"title": "Report"}
    key = kept(cache, entries=[(world._lookup, ("source",), {"title": "Report"})])
    assert cache.lookup(key) == "<p>body</p>"
    world.answers["source"] = {"title": "Report, revised"}
    assert cache.lookup(key) is None


def test_effects_are_repeated_on_reuse_and_skipped_when_only_checking(tmp_path):
    cache = RenderCache(None, "config")
    key = kept(
        cache,
        entries=[(world._lookup, ("x",), None), (world._effect, ("chart",), None, True)],
    )
    assert cache.lookup(key, effects=False) == "<p>body</p>"
    assert world.calls == [("lookup", "x")]
    world.calls.clear()
    # The read that follows the check in the same build repeats only the effect.
    assert cache.lookup(key) == "<p>body</p>"
    assert world.calls == [("effect", "chart")]
    world.calls.clear()
    # Without a check first (or in the next build), every entry is asked again.
    assert cache.lookup(key) == "<p>body</p>"
    assert world.calls == [("lookup", "x"), ("effect", "chart")]
    cache.lookup(key, effects=False)
    cache.begin()
    world.calls.clear()
    assert cache.lookup(key) == "<p>body</p>"
    assert world.calls == [("lookup", "x"), ("effect", "chart")]


def test_a_lookup_that_fails_means_render_again(tmp_path):
    cache = RenderCache(None, "config")
    key = kept(cache, entries=[(world._explode, (), None)])
    assert cache.lookup(key) is None


def test_the_key_holds_the_text_the_path_and_the_configuration():
    one = RenderCache(None, "config")
    keys = {
        one.key("posts/a.md", "text"),
        one.key("posts/a.md", "text!"),
        one.key("posts/b.md", "text"),
        RenderCache(None, "other config").key("posts/a.md", "text"),
    }
    assert len(keys) == 4
    assert one.key("posts/a.md", "text") == one.key("posts/a.md", "text")


def test_kept_bodies_survive_a_new_process_only_under_the_same_configuration(tmp_path):
    path = str(tmp_path / "cache" / "rendered")
    first = RenderCache(path, "config")
    key = kept(first)
    first.save()

    again = RenderCache(path, "config")
    again.load()
    assert again.lookup(key) == "<p>body</p>"
    other = RenderCache(path, "publish config")
    other.load()
    assert other.lookup(key) is None


def test_only_what_a_build_used_is_saved_and_few_configurations_are_kept(tmp_path):
    path = tmp_path / "rendered"
    cache = RenderCache(str(path), "config 0")
    cache.load()
    used = kept(cache)
    cache.merge({"from an essay since deleted": b"junk"})
    cache.save()
    assert list(Shelf(str(path / "config 0"), render_cache.FORMAT).load()) == [used]

    for number in range(1, 5):
        os.utime(path / f"config {number - 1}", ns=(number, number))  # used in that order
        cache = RenderCache(str(path), f"config {number}")
        cache.load()
        kept(cache)
        cache.save()
    assert sorted(p.name for p in path.iterdir()) == [
        f"config {n}" for n in range(5 - render_cache.KEEP_CONFIGURATIONS, 5)
    ]


def test_a_record_whose_code_is_gone_is_rendered_again(tmp_path):
    path = str(tmp_path / "rendered")
    cache = RenderCache(path, "config")
    key = kept(cache, entries=[(world._lookup, ("x",), None)])
    cache.save()
    name = codec._names[world._lookup]
    del codec._allowed[name]  # renamed or removed since: its name means nothing now
    try:
        again = RenderCache(path, "config")
        again.load()
        assert again.has(key)
        assert again.lookup(key) is None
    finally:
        codec._allowed[name] = world._lookup


def test_an_answer_that_cannot_be_kept_keeps_nothing(tmp_path):
    cache = RenderCache(None, "config")
    key = kept(cache, entries=[(lambda: 1, (), 1)])
    assert not cache.has(key)


def test_a_broken_cache_file_is_ignored(tmp_path):
    path = tmp_path / "rendered"
    first = RenderCache(str(path), "config")
    key = kept(first)
    first.save()
    for shard in (path / "config").iterdir():
        shard.write_bytes(b"not an entry")
    cache = RenderCache(str(path), "config")
    cache.load()
    assert cache.lookup(key) is None


def test_a_new_build_in_the_same_process_forgets_what_the_last_one_did_not_use():
    cache = RenderCache(None, "config")
    old = kept(cache, html="<p>old</p>")
    cache.begin()
    new = cache.key("posts/a.md", "edited")
    cache.store(new, "<p>new</p>", Journal())
    cache.begin()  # the build that rendered `new` did not use `old`
    assert cache.has(new) and not cache.has(old)


def test_fingerprints_ignore_dictionary_order_and_object_addresses():
    class Extension:
        pass

    a = {"MARKDOWN": {"extensions": [Extension()], "output_format": "html5"}, "X": {1, 2}}
    b = {"X": {2, 1}, "MARKDOWN": {"output_format": "html5", "extensions": [Extension()]}}
    assert fingerprint(a, (), ["code"]) == fingerprint(b, (), ["code"])
    assert fingerprint(a, (), ["code"]) != fingerprint(a, (), ["other code"])
    assert fingerprint({**a, "OUTPUT_PATH": "x"}, ["OUTPUT_PATH"], []) == fingerprint(a, [], [])
    assert stable(re.compile("a+", re.I)) == ["re", "a+", re.I | re.U]


def test_a_journal_is_decoded_once_in_a_process_and_a_new_store_replaces_it(tmp_path, monkeypatch):
    cache = RenderCache(str(tmp_path / "rendered"), "config")
    key = kept(cache)
    cache.save()
    later = RenderCache(str(tmp_path / "rendered"), "config")
    later.load()
    loads = []
    real = codec.loads
    monkeypatch.setattr(render_cache.codec, "loads", lambda blob: loads.append(1) or real(blob))
    assert later.lookup(key) == "<p>body</p>"
    later.begin()  # the next build in the process (livereload)
    assert later.lookup(key, effects=False, html=False) == ""  # holds: checked from memory
    assert later.lookup(key, html=False) == ""  # the essay was kept whole: no body needed
    assert len(loads) == 1
    later.begin()
    assert later.lookup(key) == "<p>body</p>"  # the body stays encoded until it is asked for
    assert len(loads) == 2
    later.store(key, "<p>rendered again</p>", Journal())
    assert later.lookup(key) == "<p>rendered again</p>"
    later.merge({key: render_cache.encode_kept("<p>from a worker</p>", [])})
    assert later.lookup(key) == "<p>from a worker</p>"  # a body kept as text still reads


def test_a_body_is_kept_as_bytes_and_given_back_as_the_same_text(tmp_path):
    cache = RenderCache(str(tmp_path / "rendered"), "config")
    html = "<p>Naïve “quotes”, 東京 and \ud800 alone</p>"
    key = kept(cache, html=html)
    assert isinstance(render_cache.decode_kept(cache._kept[key]).html, bytes)
    cache.save()
    later = RenderCache(str(tmp_path / "rendered"), "config")
    later.load()
    later.begin()
    assert later.lookup(key) == html


def test_a_background_setting_that_is_not_true_or_false_is_refused():
    from front_matter.settings import SettingsError, resolve

    with pytest.raises(SettingsError, match="CACHE_SAVE_BACKGROUND.*'yes'"):
        resolve({"CACHE_SAVE_BACKGROUND": "yes"})


def test_journals_kept_in_memory_share_equal_answers(tmp_path):
    cache = RenderCache(str(tmp_path / "rendered"), "config")
    world.answers["source"] = {"title": "Report", "authors": ["A. Author"]}
    keys = []
    for name in ("a", "b"):
        journal = Journal()
        journal.record(world._lookup, ("source",), {"title": "Report", "authors": ["A. Author"]})
        key = cache.key(f"posts/{name}.md", name)
        cache.store(key, f"<p>{name}</p>", journal)
        keys.append(key)
    cache.save()
    later = RenderCache(str(tmp_path / "rendered"), "config")
    later.load()
    assert [later.lookup(key) for key in keys] == ["<p>a</p>", "<p>b</p>"]
    first, second = (later._decoded[key][0][2] for key in keys)
    assert first == second and first is second  # one copy of the source's entry


def test_a_build_that_rendered_and_dropped_nothing_leaves_the_files_alone(tmp_path):
    path = tmp_path / "rendered"
    first = RenderCache(str(path), "config")
    key = kept(first)
    first.save()
    (shard,) = (path / "config").iterdir()
    stamp = storage.identity(str(shard))

    unchanged = RenderCache(str(path), "config")
    unchanged.load()
    assert unchanged.lookup(key) == "<p>body</p>"
    unchanged.save()
    assert storage.identity(str(shard)) == stamp  # not written again

    # The file is not the one this process read (another process replaced it,
    # or it was deleted): this build's bodies are saved again.
    shard.unlink()
    unchanged.save()
    assert saved_keys(path, "config") == {key}

    # A body rendered in this build is saved.
    grown = RenderCache(str(path), "config")
    grown.load()
    grown.lookup(key)
    second = grown.key("posts/b.md", "text")
    grown.store(second, "<p>b</p>", Journal())
    grown.save()
    assert saved_keys(path, "config") == {key, second}


def saved_keys(path, configuration) -> set[str]:
    return set(Shelf(str(path / configuration), render_cache.FORMAT).load())


def test_an_essay_files_key_is_made_again_only_when_the_file_or_fingerprint_changes(
    tmp_path, monkeypatch
):
    import os

    from front_matter import plugin

    essay = tmp_path / "a.md"
    essay.write_text("+++\ntitle = 'A'\n+++\nBody.\n")
    cache = RenderCache(None, "fingerprint")
    first = plugin._file_key(str(essay), cache)
    assert first == cache.key(str(essay), essay.read_text())
    opened = []
    real_open = open
    monkeypatch.setattr(
        plugin, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k), raising=False
    )
    assert plugin._file_key(str(essay), cache) == first and not opened
    other = RenderCache(None, "another fingerprint")
    assert plugin._file_key(str(essay), other) == other.key(str(essay), essay.read_text())
    assert opened
    opened.clear()
    essay.write_text("+++\ntitle = 'A'\n+++\nBody, edited.\n")
    os.utime(essay, ns=(1, 1))  # even with an old time: the size changed
    assert plugin._file_key(str(essay), cache) == cache.key(str(essay), essay.read_text())
    assert opened
    assert plugin._file_key(str(tmp_path / "gone.md"), cache) is None


def test_essay_file_keys_are_saved_for_the_next_process(tmp_path, monkeypatch):
    import os

    from front_matter import plugin

    monkeypatch.setattr(plugin, "_file_keys", {})
    monkeypatch.setattr(plugin, "_keys_file", {"path": None, "changed": False})
    essay = tmp_path / "a.md"
    essay.write_text("+++\ntitle = 'A'\n+++\nBody.\n")
    cache = RenderCache(None, "fingerprint")
    folder = str(tmp_path / "cache")
    plugin._load_file_keys(folder)
    key = plugin._file_key(str(essay), cache)
    plugin._save_file_keys()
    storage.wait_for_saves()

    # The next process: nothing in memory, the saved keys loaded.
    monkeypatch.setattr(plugin, "_file_keys", {})
    monkeypatch.setattr(plugin, "_keys_file", {"path": None, "changed": False})
    plugin._load_file_keys(folder)
    opened = []
    real_open = open
    monkeypatch.setattr(
        plugin, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k), raising=False
    )
    assert plugin._file_key(str(essay), cache) == key and not opened
    assert not plugin._keys_file["changed"]  # nothing new: nothing to save
    essay.write_text("+++\ntitle = 'A'\n+++\nBody!\n")  # same size, a new time
    os.utime(essay, ns=(10**18, 10**18))
    assert plugin._file_key(str(essay), cache) == cache.key(str(essay), essay.read_text()) != key
    assert opened
