"""Long lists of essays: every essay reachable, page by page, at /page/N/."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def _essay(number: int) -> str:
    return (
        f"---\ntitle: Essay {number}\ndate: 2025-01-{number:02d}\n"
        f"tags: [Budgets]\ncategory: Analysis\n---\nBody {number}.\n"
    )


def test_home_tag_and_category_lists_continue_on_later_pages(build_site):
    build = build_site(
        {f"posts/essay-{n}.md": _essay(n) for n in range(1, 13)},
        settings={"DEFAULT_PAGINATION": 5},
    )
    assert build.returncode == 0, build.log
    for base in ("", "tags/budgets/", "categories/analysis/"):
        seen, url, pages = [], f"/{base}", []
        while url:
            page = build.html(url)
            pages.append(url)
            seen += [a.text for a in page.select("main ol.essays :is(h2, h3) a")]
            following = page.select_one("nav.pages a[rel=next]")
            # Local builds write relative links: follow them as a browser would.
            url = (
                urlsplit(urljoin(f"http://site{url}", following["href"])).path
                if following
                else None
            )
        assert pages == [f"/{base}", f"/{base}page/2/", f"/{base}page/3/"]
        # Newest first, each essay once, none lost between pages.
        assert seen == [f"Essay {n}" for n in range(12, 0, -1)], base
        last = build.html(f"/{base}page/3/")
        assert last.select_one("nav.pages .page-count").text == "Page 3 of 3"
        assert " · page 3 · " in last.title.text or last.title.text.startswith("Page 3 · ")
