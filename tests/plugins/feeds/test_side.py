"""The feeds written in a side process: what the copy asked of its writer is
asked again of the build's own, which alone keeps the pages ledger."""

from __future__ import annotations

from types import SimpleNamespace

from feeds.plugin import FeedsGenerator, _Recording


class Writer:
    """Answers like the incremental plugin's writer, and notes what it was asked."""

    def __init__(self, keep=()):
        self.keep = set(keep)
        self.checked, self.reused, self.notes = [], [], []

    def reusable(self, path, key):
        self.checked.append(path)
        return path in self.keep

    def reuse(self, path, key):
        self.reused.append(path)
        return path in self.keep

    def written(self, path, key, contents=()):
        self.notes.append((path, key, [id(c) for c in contents]))


def generator(essays):
    made = FeedsGenerator.__new__(FeedsGenerator)  # only its context is used here
    made.context = {"articles": essays}
    return made


def test_the_copy_only_asks_and_the_build_keeps_and_notes_with_its_own_essays():
    copy_essay = SimpleNamespace(source_path="posts/a.md")
    build_essay = SimpleNamespace(source_path="posts/a.md")
    in_copy = Writer(keep={"feeds/all.atom.xml"})
    recording = _Recording(in_copy)
    assert recording.reuse("feeds/all.atom.xml", "k1")
    assert not recording.reuse("feeds/tags/ai.atom.xml", "k2")
    recording.written("feeds/tags/ai.atom.xml", "k2", [copy_essay])
    assert in_copy.reused == [] and in_copy.notes == []  # nothing moved or noted there

    in_build = Writer(keep={"feeds/all.atom.xml"})
    assert generator([build_essay])._replay(recording.calls, in_build)
    assert in_build.reused == ["feeds/all.atom.xml"]
    assert in_build.notes == [("feeds/tags/ai.atom.xml", "k2", [id(build_essay)])]


def test_a_file_the_build_can_no_longer_keep_means_writing_the_feeds_here():
    recording = _Recording(Writer(keep={"feeds/all.atom.xml"}))
    assert recording.reuse("feeds/all.atom.xml", "k1")
    assert not generator([])._replay(recording.calls, Writer(keep=()))


def test_an_essay_the_build_does_not_have_means_writing_the_feeds_here():
    recording = _Recording(Writer())
    recording.written("feeds/all.atom.xml", "k", [SimpleNamespace(source_path="gone.md")])
    assert not generator([])._replay(recording.calls, Writer())


def test_a_writer_that_keeps_nothing_is_asked_nothing():
    class Plain:  # Pelican's own writer: no reuse, no notes
        pass

    recording = _Recording(Plain())
    assert not recording.reuse("feeds/all.atom.xml", "k")
    recording.written("feeds/all.atom.xml", "k", [])
    assert recording.calls == []
    assert generator([])._replay(recording.calls, Plain())
