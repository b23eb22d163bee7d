"""The search index kept between builds: used only while every page is the same."""

from __future__ import annotations

from search.kept import keep, pages_digest, restore


def site(tmp_path):
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / "posts" / "a.html").write_text("<p>a</p>")
    (root / "index.html").write_text("<p>home</p>")
    (root / "pagefind").mkdir()
    (root / "pagefind" / "pagefind.js").write_text("index")
    return root


def test_the_digest_follows_every_page_but_not_the_index_or_other_files(tmp_path):
    root = site(tmp_path)
    first = pages_digest(str(root), "pagefind", ["1.5"])
    (root / "pagefind" / "pagefind.js").write_text("another index")
    (root / "feed.xml").write_text("<feed/>")
    assert pages_digest(str(root), "pagefind", ["1.5"]) == first
    assert pages_digest(str(root), "pagefind", ["1.6"]) != first
    (root / "posts" / "a.html").write_text("<p>b</p>")
    assert pages_digest(str(root), "pagefind", ["1.5"]) != first
    (root / "posts" / "a.html").rename(root / "posts" / "c.html")
    assert pages_digest(str(root), "pagefind", ["1.5"]) != first


def test_a_kept_index_is_restored_only_for_its_own_pages(tmp_path):
    root = site(tmp_path)
    kept = tmp_path / "kept"
    keep(str(root / "pagefind"), "abc", str(kept))
    (root / "pagefind" / "pagefind.js").unlink()
    assert not restore(str(kept), "other", str(root / "pagefind"))
    assert restore(str(kept), "abc", str(root / "pagefind"))
    assert (root / "pagefind" / "pagefind.js").read_text() == "index"
    assert not restore(str(tmp_path / "nothing"), "abc", str(root / "pagefind"))


def test_a_second_build_keeps_the_index_and_an_edit_makes_a_new_one(tmp_path, make_site):
    content = tmp_path / "content" / "posts"
    content.mkdir(parents=True)
    essay = content / "a.md"
    essay.write_text('+++\ntitle = "A"\ndate = 2025-12-01\n+++\nZebras graze.\n', "utf-8")
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"
    kept = "no page changed; the last build's index was kept"
    first = make_site(content=content.parent, settings=settings, output=output, verbose=True)
    index = {p.name: p.read_bytes() for p in (output / "pagefind").rglob("*") if p.is_file()}
    assert first.returncode == 0 and kept not in first.log and index
    second = make_site(content=content.parent, settings=settings, output=output, verbose=True)
    assert kept in second.log
    again = {p.name: p.read_bytes() for p in (output / "pagefind").rglob("*") if p.is_file()}
    assert again == index
    essay.write_text(essay.read_text("utf-8").replace("Zebras", "Okapis"), "utf-8")
    third = make_site(content=content.parent, settings=settings, output=output, verbose=True)
    assert kept not in third.log
    changed = {p.name: p.read_bytes() for p in (output / "pagefind").rglob("*") if p.is_file()}
    assert changed != index
