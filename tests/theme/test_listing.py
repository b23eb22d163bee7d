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
            # The home page's lead essay first, then its list.
            seen += [
                a.text for a in page.select("main :is(.lead-essay, ol.essays h2, ol.essays h3) a")
            ]
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


def test_the_lead_essay_shows_a_preview_of_its_first_chart_once(build_site):
    dataset = {
        "data/bench/dataset.yaml": (
            "title: Bench\nsource: {name: Bench Source}\nlabel: model\nvalue: score\n"
        ),
        "data/bench/2025-01-01.csv": "model,score\nAlpha,50\nBeta,70\n",
    }
    charted = (
        "+++\ntitle = 'Charted'\ndate = 2025-02-01\ndescription = 'The dek.'\n+++\n"
        "Intro.\n\n```leaderboard\ndataset: bench\n```\n"
    )
    build = build_site({**dataset, "posts/charted.md": charted, "posts/older.md": _essay(1)})
    assert build.returncode == 0, build.log
    home = build.html("/")
    lead = home.select_one("section.lead")
    assert lead.select_one("h3 a").text == "Charted" and lead.select_one(".dek").text == "The dek."
    preview = lead.select_one(".lead-chart img")
    target = urlsplit(urljoin("http://site/", preview["src"])).path
    assert target.startswith("/data/bench/charts/") and build.path(target).is_file()
    latest = [a.text for a in home.select("section[aria-labelledby=latest-title] h3 a")]
    assert latest == ["Essay 1"]
