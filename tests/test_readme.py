"""The README is short, links every page of the documentation, and its example
essay builds as it says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_short_and_links_every_documentation_page():
    assert len(README.splitlines()) <= 300
    linked = set(re.findall(r"\]\(((?:docs|bench)/[^)#]+)\)", README))
    pages = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")}
    assert pages <= linked, pages - linked
    assert {"bench/README.md", "bench/HISTORY.md"} <= linked
    for target in linked:
        assert (ROOT / target).is_file(), target


def test_every_link_and_picture_in_the_documentation_is_there():
    for page in (ROOT / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        # Relative links only: a path from the site's root is an example of an essay's.
        for target in re.findall(r"\]\(([^)#:\s/][^)#:\s]*\.(?:md|png|jpg|svg))\)", text):
            assert (page.parent / target).exists(), f"{page.name}: {target}"
    # The theme page shows every screenshot `invoke screenshots` takes.
    from tasks import SCREENSHOT_PAGES

    theme = (ROOT / "docs" / "theme.md").read_text(encoding="utf-8")
    for name in SCREENSHOT_PAGES:
        for size in ("375-light", "375-dark", "1280-light", "1280-dark"):
            assert f"screenshots/{name}-{size}.jpg" in theme


def test_no_words_of_our_own_process_in_the_documentation():
    pages = [*(ROOT / "docs").glob("*.md"), *(ROOT / "bench").glob("*.md")]
    for page in [ROOT / "README.md", *pages]:
        text = page.read_text(encoding="utf-8").lower()
        for word in (r"\bthe brief\b", r"\brounds?\b", r"\bthe issue\b", r"issue #", r"\bstop \d"):
            assert not re.search(word, text), f"{page.relative_to(ROOT)}: {word!r}"


def test_the_example_essay_builds_with_its_footnote_citation_and_chart(tmp_path, make_site):
    essay = re.search(r"````markdown\n(.*?)````", README, re.S)[1]
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "posts" / "why-tolls-work.md").write_text(essay, encoding="utf-8")
    build = make_site(content=content, publish=True, siteurl="https://example.org")
    assert build.returncode == 0, build.log
    page = build.path("/posts/why-tolls-work/").read_text(encoding="utf-8")
    assert "Economists call the lost minutes a deadweight loss" in page  # the footnote
    assert "Congestion Charge" in page and 'id="sources"' in page.replace("'", '"')  # cited
    assert "The ten highest-scoring models" in page and "<svg" in page  # the chart
