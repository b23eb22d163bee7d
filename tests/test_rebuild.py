"""A rebuild, with warm caches and into the same folder, writes exactly a clean build.

Edits touch what other pages show: an essay's text and one of its tags, a
bibliography entry cited by an essay, and a value in a data snapshot drawn
by a chart. Every page showing them must change, and nothing stale may stay.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITEURL = "https://example.github.io/repo"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def edit(content: Path) -> None:
    def replace(relative: str, old: str, new: str) -> None:
        path = content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    replace(
        "posts/congestion-pricing.md",
        'tags = ["Transport", "Cities", "Pricing"]',
        'tags = ["Transport", "Cities", "Road pricing"]',
    )
    replace(
        "posts/congestion-pricing.md",
        "A congestion charge is usually argued about",
        "A congestion charge is often argued about",
    )
    replace("bibliography/sources.yaml", "title: Congestion Charge\n", "title: London's Charge\n")
    replace("data/llm-intelligence-index/2026-01-20.csv", "GPT-5.1,OpenAI,70", "GPT-5.1,OpenAI,71")


def test_a_rebuild_after_edits_is_byte_for_byte_a_clean_build(tmp_path, make_site):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cache = {"CACHE_PATH": str(tmp_path / "cache")}
    first = make_site(content=content, settings=cache)
    assert first.returncode == 0, first.log
    output = first.output
    before = snapshot(output)
    # Unchanged: the second build (caches warm) writes the same bytes.
    again = make_site(content=content, settings=cache, output=output)
    assert again.returncode == 0, again.log
    assert snapshot(again.output) == before

    edit(content)
    rebuilt = make_site(content=content, settings=cache, output=output)
    clean = make_site(content=content)
    assert rebuilt.returncode == 0 and clean.returncode == 0, rebuilt.log + clean.log
    after, fresh = snapshot(rebuilt.output), snapshot(clean.output)
    assert sorted(set(after) ^ set(fresh)) == []  # nothing stale, nothing missing
    assert [name for name in fresh if after[name] != fresh[name]] == []

    # And the edits reached every page that shows them.
    essay = "posts/what-a-congestion-charge-actually-buys/index.html"
    assert "often argued about" in fresh[essay].decode()
    assert "tags/road-pricing/index.html" in fresh and "tags/pricing/index.html" not in fresh
    assert "London’s Charge" in fresh[essay].decode() or "London's Charge" in fresh[essay].decode()
    assert "London" in fresh["sources/index.html"].decode()
    charts = [name for name in fresh if name.endswith(".svg") and "charts" in name]
    assert any(">71<" in fresh[name].decode() for name in charts)
    changed = {name for name in fresh if before.get(name) != fresh[name]}
    assert {essay, "sources/index.html", "index.html", "feeds/all.atom.xml"} <= changed


def test_a_deploy_with_the_cache_restored_into_a_fresh_checkout_is_a_clean_build(
    tmp_path, make_site
):
    """What the Pages workflow does: the cache folder of the last deploy comes
    back (as actions/cache restores it: the same path, new files), the content
    is a fresh checkout (every file new, with new times) and the output is
    empty. The publish build must write what a build without a cache writes."""
    content, cache = tmp_path / "content", tmp_path / "cache"
    shutil.copytree(ROOT / "content", content)
    settings = {"CACHE_PATH": str(cache)}
    first = make_site(content=content, publish=True, siteurl=SITEURL, settings=settings)
    assert first.returncode == 0, first.log

    # The checkout and the cache, as the next run finds them.
    shutil.rmtree(content)
    shutil.copytree(ROOT / "content", content, copy_function=shutil.copy)
    shutil.copytree(cache, tmp_path / "restored")
    shutil.rmtree(cache)
    (tmp_path / "restored").rename(cache)
    edit(content)
    restored = make_site(
        content=content, publish=True, siteurl=SITEURL, settings=settings, verbose=True
    )
    clean = make_site(content=content, publish=True, siteurl=SITEURL)
    assert restored.returncode == 0 and clean.returncode == 0, restored.log + clean.log
    after, fresh = snapshot(restored.output), snapshot(clean.output)
    assert sorted(set(after) ^ set(fresh)) == []
    assert [name for name in fresh if after[name] != fresh[name]] == []
    # The cache was used: essays the edits did not touch were not rendered again.
    said = re.search(r"(\d+) of (\d+) essays to render", " ".join(restored.log.split()))
    assert said and 1 <= int(said[1]) < int(said[2]), restored.log
    assert "London" in fresh["sources/index.html"].decode()
