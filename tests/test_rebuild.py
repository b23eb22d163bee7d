"""A rebuild, with warm caches and into the same folder, writes exactly a clean build.

Edits touch what other pages show: an essay's text and one of its tags, a
bibliography entry cited by an essay, and a value in a data snapshot drawn
by a chart. Every page showing them must change, and nothing stale may stay.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
