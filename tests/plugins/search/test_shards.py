"""The search index in shards: split by path, each kept while its pages are the same."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from search import shards
from search.plugin import _pagefind
from search.settings import resolve


def page(path: str, text: str = "", marked: bool = True) -> shards.Page:
    return shards.Page(path, text.encode(), marked)


def test_pages_are_split_evenly_enough_and_a_page_keeps_its_shard():
    pages = [page(f"posts/essay-{n:04d}/index.html") for n in range(999)]
    split = shards.split(pages, 250, ["1.5"])
    assert len(split) == 4
    assert sorted(p.path for s in split for p in s.pages) == sorted(p.path for p in pages)
    assert all(180 < len(s.pages) < 320 for s in split)
    # One more essay (1,000 pages: still four shards): every other page stays where it was.
    grown = shards.split([*pages, page("posts/new/index.html")], 250, ["1.5"])
    where = {p.path: s.number for s in split for p in s.pages}
    assert all(where[p.path] == s.number for s in grown for p in s.pages if p.path in where)
    # A site that fits in one shard gets one index.
    assert len(shards.split(pages[:10], 250, ["1.5"])) == 1


def test_an_edit_changes_the_digest_of_its_own_shard_only():
    pages = [page(f"p{n}/index.html", f"text {n}") for n in range(9)]
    before = shards.split(pages, 3, ["1.5"])
    edited = [page(p.path, "edited") if p.path == "p4/index.html" else p for p in pages]
    after = shards.split(edited, 3, ["1.5"])
    changed = [a.number for a, b in zip(before, after, strict=True) if a.digest != b.digest]
    assert changed == [next(s.number for s in before if pages[4] in s.pages)]
    # A new Pagefind version makes every shard again.
    other = shards.split(pages, 3, ["1.6"])
    assert all(a.digest != b.digest for a, b in zip(before, other, strict=True))


def test_only_marked_pages_are_searchable_unless_no_page_is_marked(tmp_path):
    (tmp_path / "posts" / "a").mkdir(parents=True)
    (tmp_path / "posts" / "a" / "index.html").write_text("<article data-pagefind-body>A</article>")
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "x.html").write_text("<p data-pagefind-body>old index</p>")
    found = shards.scan(str(tmp_path), "pagefind")
    assert [p.path for p in found] == ["index.html", "posts/a/index.html"]
    assert [p.path for p in shards.searchable(found)] == ["posts/a/index.html"]
    unmarked = [p for p in found if not p.marked]
    assert shards.searchable(unmarked) == unmarked


def test_the_listing_names_pages_as_a_walk_would_and_skips_the_index(tmp_path):
    import os

    for name in ("index.html", "b/c/d.html", "b/e.html", "b/notes.txt", "pagefind/x.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<p>page</p>")
    (tmp_path / "linked").symlink_to(tmp_path / "b")  # a link to a folder is not followed
    walked = sorted(
        os.path.relpath(os.path.join(folder, name), tmp_path)
        for folder, subfolders, names in os.walk(tmp_path)
        if not folder.startswith(str(tmp_path / "pagefind"))
        for name in names
        if name.endswith(".html")
    )
    listed = shards.listing(str(tmp_path), "pagefind")
    assert sorted(relative for relative, _, _ in listed) == walked
    assert all(path == str(tmp_path / relative) for relative, path, _ in listed)
    assert shards.listing(str(tmp_path / "no site yet"), "pagefind") == []


def test_a_scan_reads_again_only_pages_whose_file_changed(tmp_path, monkeypatch):
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f"<main data-pagefind-body>{name}</main>")
    known: dict = {}
    first = shards.scan(str(tmp_path), "pagefind", known)
    assert set(known) == {"a/index.html", "b/index.html", "c/index.html"}

    opened = []
    real_open = open

    def watching(path, *args, **kwargs):
        opened.append(os.path.relpath(path, tmp_path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watching)
    assert shards.scan(str(tmp_path), "pagefind", known) == first
    assert opened == []
    # A page written anew by a later build (a new file, a later time) is read
    # again, even at the same size; a deleted page leaves the memo.
    written = tmp_path / "b" / "index.html"
    before = written.stat().st_mtime_ns
    written.unlink()
    written.write_text("<main data-pagefind-body>B</main>")
    os.utime(written, ns=(before + 10**9, before + 10**9))
    (tmp_path / "c" / "index.html").unlink()
    again = shards.scan(str(tmp_path), "pagefind", known)
    assert opened == [os.path.join("b", "index.html")]
    assert [p.path for p in again] == ["a/index.html", "b/index.html"]
    assert again[1].digest != first[1].digest and again[0] == first[0]
    assert set(known) == {"a/index.html", "b/index.html"}


def test_shards_are_indexed_once_assembled_with_a_manifest_and_pruned(tmp_path):
    site = tmp_path / "site"
    for n in range(4):
        folder = site / "posts" / f"e{n}"
        folder.mkdir(parents=True)
        folder.joinpath("index.html").write_text(
            f"<html lang='en'><body><article data-pagefind-body><h1>Essay {n}</h1>"
            f"<p>Word{n} appears here.</p></article></body></html>"
        )
    kept, target = tmp_path / "kept", site / "pagefind"
    split = shards.split(shards.scan(str(site), "pagefind"), 2, ["test"])
    assert len(split) == 2
    indexed, errors = shards.build(str(site), split, str(kept), _pagefind)
    assert errors == [] and indexed == split
    shards.assemble(split, str(kept), str(target))
    assert json.loads((target / "shards.json").read_text()) == {"shards": ["shards/1/"]}
    assert (target / "pagefind.js").is_file()
    assert (target / "shards" / "1" / "pagefind-entry.json").is_file()
    assert not (target / "shards" / "1" / "pagefind.js").exists()  # the first shard's serves
    fragments = [*target.glob("fragment/*"), *target.glob("shards/1/fragment/*")]
    assert len(fragments) == 4
    # Nothing changed: nothing indexed. A shard this build did not use is pruned.
    (kept / "0ld").mkdir()
    assert shards.build(str(site), split, str(kept), _pagefind) == ([], [])
    shards.prune(str(kept), split)
    sealed = [name for s in split for name in (s.digest, s.digest + shards.SEAL)]
    assert sorted(p.name for p in kept.iterdir()) == sorted(sealed)


def test_a_kept_shard_whose_files_changed_is_indexed_again_before_it_is_published(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        "<html lang='en'><body><article data-pagefind-body><p>alpha</p></article></body></html>"
    )
    kept, target = tmp_path / "kept", site / "pagefind"
    split = shards.split(shards.scan(str(site), "pagefind"), 10, ["test"])
    assert shards.build(str(site), split, str(kept), _pagefind) == (split, [])
    script = kept / split[0].digest / "pagefind.js"
    clean = script.read_bytes()
    for change in (
        lambda: script.write_bytes(clean + b"\nfetch('https://elsewhere.example/');"),
        lambda: (kept / split[0].digest / "planted.js").write_text("alert(1)"),
        lambda: (kept / (split[0].digest + shards.SEAL)).write_bytes(b"forged"),
        lambda: (kept / (split[0].digest + shards.SEAL)).unlink(),
    ):
        change()
        assert shards.build(str(site), split, str(kept), _pagefind) == (split, [])  # again
        shards.assemble(split, str(kept), str(target))
        assert (target / "pagefind.js").read_bytes() == clean
        assert not (target / "planted.js").exists()
    assert shards.build(str(site), split, str(kept), _pagefind)[0] == []  # intact now


def test_shards_found_intact_once_in_a_build_are_not_read_again(tmp_path, monkeypatch):
    site = tmp_path / "site"
    for n in range(4):  # as above: two shards of two pages
        folder = site / "posts" / f"e{n}"
        folder.mkdir(parents=True)
        folder.joinpath("index.html").write_text(
            f"<html lang='en'><body><article data-pagefind-body><p>Word{n}</p></article>"
            "</body></html>"
        )
    kept = tmp_path / "kept"
    split = shards.split(shards.scan(str(site), "pagefind"), 2, ["test"])
    assert len(split) == 2 and all(s.pages for s in split)
    assert shards.build(str(site), split, str(kept), _pagefind)[1] == []
    checked = []
    real = shards.intact
    monkeypatch.setattr(shards, "intact", lambda *args: checked.append(args[1]) or real(*args))
    sound: set[str] = set()
    # The early run checks each shard; the build's last run trusts what it found.
    assert shards.build(str(site), split, str(kept), _pagefind, sound=sound) == ([], [])
    assert sorted(checked) == sorted(s.digest for s in split) == sorted(sound)
    checked.clear()
    assert shards.build(str(site), split, str(kept), _pagefind, sound=sound) == ([], [])
    assert checked == []
    # A shard this build did not find intact is checked (and indexed again).
    (kept / (split[0].digest + shards.SEAL)).unlink()
    assert shards.build(str(site), split, str(kept), _pagefind) == ([split[0]], [])


def test_a_failed_run_is_reported_and_nothing_half_written_is_kept(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<p data-pagefind-body>a</p>")
    (site / "b.html").write_text("<p>not searchable</p>")
    split = shards.split(shards.searchable(shards.scan(str(site), "pagefind")), 10, ["test"])
    given = []

    def failing(pages: str, output: str, glob: str | None) -> str:
        given.append(glob)
        os.makedirs(output)
        return "disk full"

    indexed, errors = shards.build(str(site), split, str(tmp_path / "kept"), failing)
    assert errors == ["disk full"] and indexed == split
    assert given == ["{a/index.html}"]  # only the shard's own pages
    assert list((tmp_path / "kept").iterdir()) == []


def test_a_glob_names_only_plain_paths_and_fits_in_one_argument():
    plain = shards.Shard(0, (page("posts/é-2_x.y/index.html"), page("index.html")), "d")
    assert shards.glob(plain) == "{posts/é-2_x.y/index.html,index.html}"
    for odd in ("notes/[draft]/index.html", "a,b/index.html", "what?/index.html",
                "{x}/index.html", "stars*/index.html", "two words/index.html"):  # fmt: skip
        assert shards.glob(shards.Shard(0, (page(odd),), "d")) is None, odd
    many = tuple(page(f"posts/{'x' * 90}-{n:04d}/index.html") for n in range(1500))
    assert shards.glob(shards.Shard(0, many, "d")) is None


def _essays(site: Path, names: list[str]) -> None:
    for n, name in enumerate(names):
        folder = site.joinpath(*name.split("/"))
        folder.mkdir(parents=True)
        folder.joinpath("index.html").write_text(
            f"<html lang='en'><body><article data-pagefind-body><h1>Essay {n}</h1>"
            f"<p>Word{n} appears in {name}.</p></article></body></html>"
        )


def test_pages_named_by_a_glob_index_as_pages_linked_into_a_folder(tmp_path):
    """The two ways of giving Pagefind a shard's pages make the same index, and a
    page whose path is glob syntax is still found (through the folder)."""
    site = tmp_path / "site"
    _essays(site, ["posts/one", "posts/été-2", "notes/[draft]", "posts/three"])
    (site / "about.html").write_text("<p data-pagefind-body>Not in the shard.</p>")
    pages = shards.searchable(shards.scan(str(site), "pagefind"))
    plain = shards.split(
        [p for p in pages if "[" not in p.path and "about" not in p.path], 10, ["t"]
    )
    odd = shards.split([p for p in pages if "[" in p.path], 10, ["t"])
    calls = []

    def recording(folder: str, output: str, glob: str | None) -> str | None:
        calls.append((folder == str(site), glob))
        return _pagefind(folder, output, glob)

    assert shards.build(str(site), plain, str(tmp_path / "by-glob"), recording)[1] == []
    assert shards.build(str(site), odd, str(tmp_path / "odd"), recording)[1] == []
    assert calls == [
        (True, "{posts/one/index.html,posts/three/index.html,posts/été-2/index.html}"),
        (False, None),
    ]
    staged = shards.Shard(plain[0].number, plain[0].pages, "staged")
    original = shards.glob
    try:
        shards.glob = lambda shard: None
        assert shards.build(str(site), [staged], str(tmp_path / "by-folder"), _pagefind)[1] == []
    finally:
        shards.glob = original

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file()}  # fmt: skip

    by_glob = files(tmp_path / "by-glob" / plain[0].digest)
    assert by_glob == files(tmp_path / "by-folder" / "staged")
    assert len([name for name in by_glob if name.startswith("fragment/")]) == 3
    odd_index = files(tmp_path / "odd" / odd[0].digest)
    assert len([name for name in odd_index if name.startswith("fragment/")]) == 1


@pytest.mark.parametrize("value", [0, -1, 2.5, "500", True])
def test_a_bad_shard_size_is_refused_with_its_name(value):
    with pytest.raises(ValueError, match="PAGEFIND_SHARD_PAGES"):
        resolve({"PAGEFIND_SHARD_PAGES": value})


def test_a_bad_shard_size_stops_the_build_before_it_writes(tmp_path, make_site):
    build = make_site(
        {"posts/a.md": "+++\ntitle = 'A'\ndate = 2025-12-01\n+++\nA.\n"},
        settings={"PAGEFIND_SHARD_PAGES": 0},
    )
    assert build.returncode != 0
    assert "PAGEFIND_SHARD_PAGES must be a whole number" in " ".join(build.log.split())
    assert not build.path("/posts/").exists() and not list(build.output.rglob("*.html"))


ESSAY = '+++\ntitle = "{title}"\ndate = 2025-12-0{day}\n+++\n{body}\n'
WORDS = ["zebras", "okapis", "tapirs", "pangolins", "quokkas", "axolotls"]


def write_essays(content: Path) -> None:
    (content / "posts").mkdir(parents=True, exist_ok=True)
    for n, word in enumerate(WORDS):
        text = ESSAY.format(title=f"On {word}", day=n + 1, body=f"Here {word} graze at dusk.")
        (content / "posts" / f"{word}.md").write_text(text, "utf-8")


def index_files(output: Path) -> dict[str, bytes]:
    folder = output / "pagefind"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_an_edit_indexes_one_shard_and_the_index_is_a_clean_builds(tmp_path, make_site):
    content = tmp_path / "content"
    write_essays(content)
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "PAGEFIND_SHARD_PAGES": 2}
    output = tmp_path / "output"
    first = make_site(content=content, settings=settings, output=output, verbose=True)
    assert first.returncode == 0, first.log
    assert "search: 6 pages in 3 shards; 3 indexed (3 early), 0 kept" in first.log
    manifest = json.loads((output / "pagefind" / "shards.json").read_text())
    assert manifest == {"shards": ["shards/1/", "shards/2/"]}
    second = make_site(content=content, settings=settings, output=output, verbose=True)
    assert "6 pages in 3 shards; 0 indexed (0 early), 3 kept" in second.log
    essay = content / "posts" / "tapirs.md"
    essay.write_text(essay.read_text("utf-8").replace("graze", "sleep"), "utf-8")
    third = make_site(content=content, settings=settings, output=output, verbose=True)
    assert "6 pages in 3 shards; 1 indexed (1 early), 2 kept" in third.log
    clean = make_site(content=content, settings={"PAGEFIND_SHARD_PAGES": 2})
    assert index_files(output) == index_files(clean.output)
