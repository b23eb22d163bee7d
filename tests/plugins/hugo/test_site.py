"""A whole Hugo site, imported with `invoke import-hugo` and built for publishing.

The site under ./site was written for these tests. Every address below was
read off Hugo 0.111 building it; where Debian's `hugo` is installed, the test
also builds the site with Hugo and compares the two sets of files.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

SITE = Path(__file__).parent / "site"
SITEURL = "https://policy.example.org"
HUGO_ADDRESSES = [
    "index.html",
    "about/index.html",
    "posts/index.html",
    "notes/index.html",
    "2025/03/transit-budgets-whats-left/index.html",
    "2025/04/permit-queue/index.html",
    "2025/05/a-page-bundle-with-pictures/index.html",
    "2024/06/how-we-count/index.html",
    "2025/05/a-page-bundle-with-pictures/chart.png",
    "2025/05/a-page-bundle-with-pictures/images/detail.png",
    "archive/2024/moved-essay/index.html",
    "old/moved/index.html",
    "blog/index.html",
    "notes/quick-note/index.html",
    "notes/second-note/index.html",
    "images/masthead.png",
    "posts/2022/data/profit.csv",
    "favicon.ico",
    "tags/index.html",
    "tags/transit/index.html",
    "tags/housing/index.html",
    "tags/c++-budgets/index.html",
    "tags/explainers/index.html",
    "categories/index.html",
    "categories/analysis/index.html",
    "categories/budgets/index.html",
    "index.xml",
    "posts/index.xml",
    "notes/index.xml",
    "tags/transit/index.xml",
    "tags/housing/index.xml",
    "tags/c++-budgets/index.xml",
    "tags/explainers/index.xml",
    "categories/analysis/index.xml",
    "categories/budgets/index.xml",
    "tags/index.xml",
    "categories/index.xml",
    "series/index.html",
    "series/budget-cycle/index.html",
    "series/field-work/index.html",
    "series/index.xml",
    "series/budget-cycle/index.xml",
    "series/field-work/index.xml",
    "atom.xml",
    "posts/atom.xml",
    "notes/atom.xml",
    "sitemap.xml",
]
# What Hugo writes and we do not, on purpose:
DIFFERENCES = {
    # Hugo 0.111 publishes a headless bundle's file under a zero date; a
    # headless bundle publishes nothing here.
    "1/01/shared-media/hidden.png",
}
# The one shortcode the site shows as text, with Hugo's comment syntax.
LITERAL = 'figure src="x.png"'


@pytest.fixture(scope="module")
def imported(make_project):
    """The test site imported into a copy of the project: nothing edited by hand."""
    project = make_project()
    shutil.rmtree(project / "content")
    (project / "content").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "import-hugo", str(SITE)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return project, result


def _run(project: Path, output: Path, publish: bool):
    import os

    conf = "publishconf.py" if publish else "pelicanconf.py"
    env = dict(os.environ, COLUMNS="400", NO_COLOR="1")
    env.pop("SITEURL", None)
    command = [
        sys.executable, "-m", "pelican", "content", "-s", conf, "-o", str(output),
        "-e", f"CACHE_PATH={json.dumps(str(output) + '-cache')}",
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def site(imported, tmp_path_factory):
    project, _ = imported
    output = tmp_path_factory.mktemp("hugo-publish") / "output"
    code, log = _run(project, output, publish=True)
    assert code == 0, log
    return output


def files(folder: Path) -> set[str]:
    skip = ("theme/", "pagefind/")
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    return {f for f in found if not f.startswith(skip)}


def test_import_reports_and_copies_byte_for_byte(imported):
    project, result = imported
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Imported 24 files; 0 already here")
    assert "From the Hugo theme: static/favicon.ico (theme oldtheme)" in result.stdout
    assert (
        "Shortcodes translated to Jinja: callout (layouts/shortcodes/callout.html), checked "
        "(layouts/shortcodes/checked.html), rawhtml (layouts/shortcodes/rawhtml.html), sup "
        "(layouts/shortcodes/sup.html)"
    ) in result.stdout
    assert (
        "NOT TRANSLATED layouts/shortcodes/gallery.html (used 0 times): it uses range; "
        "write theme/shortcodes/gallery.html by hand"
    ) in result.stdout
    assert (
        "NOT TRANSLATED layouts/shortcodes/tweet.html (used 1 time): ours of that name is kept"
    ) in result.stdout
    assert "UNKNOWN SHORTCODE" not in result.stdout
    assert (
        "TEMPLATE content/posts/method-note.md: layout/type 'page' is not a template of our "
        "theme for essays, so the essay template draws it"
    ) in result.stdout
    # The publish build, tried: the one link already broken in the Hugo site is
    # recorded as known, so the first publish goes through, and nothing else.
    assert (
        "  ALREADY BROKEN content/posts/transit-budgets.md:22: <img> "
        f"{SITEURL}/images/first-chart.png leads to no file "
        "(on 2025/03/transit-budgets-whats-left/index.html)"
    ) in result.stdout
    assert "MUST FIX" not in result.stdout
    assert result.stdout.rstrip().endswith("Nothing needs fixing before a build.")
    known = (project / "known-broken-links.txt").read_text(encoding="utf-8")
    assert "content/posts/transit-budgets.md  /images/first-chart.png\n" in known
    callout = (project / "theme/shortcodes/callout.html").read_text(encoding="utf-8")
    assert callout.startswith(
        "{#- Translated from the Hugo shortcode layouts/shortcodes/callout.html"
    )
    for origin in (SITE / "content").rglob("*"):
        if origin.is_file():
            copy = project / "content" / origin.relative_to(SITE / "content")
            assert copy.read_bytes() == origin.read_bytes()
    assert (project / "static/images/masthead.png").read_bytes() == (
        SITE / "static/images/masthead.png"
    ).read_bytes()
    assert (project / "hugo.toml").read_bytes() == (SITE / "hugo.toml").read_bytes()


def test_every_address_hugo_gives_exists(site):
    missing = [path for path in HUGO_ADDRESSES if not (site / path).is_file()]
    assert missing == []


@pytest.fixture(scope="module")
def hugo_built(tmp_path_factory) -> Path:
    """The test site as Debian's hugo builds it (once for the module)."""
    if shutil.which("hugo") is None:
        pytest.skip("Debian's hugo package is not installed")
    folder = tmp_path_factory.mktemp("hugo-build")
    shutil.copytree(SITE, folder / "site")
    result = subprocess.run(
        ["hugo", "--quiet", "-s", str(folder / "site"), "-d", str(folder / "hugo")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder / "hugo"


def test_the_same_files_as_hugo_builds(site, hugo_built):
    hugo = files(hugo_built)
    assert set(HUGO_ADDRESSES) <= hugo  # the list above is what Hugo writes
    assert sorted(hugo - DIFFERENCES - files(site)) == []


def test_every_image_and_local_link_resolves(site):
    broken = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for tag, attribute in (("img", "src"), ("a", "href"), ("link", "href")):
            for element in soup.find_all(tag):
                url = element.get(attribute) or ""
                if url.startswith(SITEURL + "/"):
                    url = url[len(SITEURL) :]
                if not url.startswith("/") or url.startswith("//"):
                    continue
                path = unquote(urlsplit(url).path).lstrip("/")
                target = site / path
                if target.is_dir() or path == "":
                    target = target / "index.html"
                if not target.is_file():
                    broken.append(f"{page.relative_to(site)}: {url}")
    # The one link broken in the Hugo site already (see known-broken-links.txt),
    # on its essay's page and in its summary on lists.
    assert broken and all(b.endswith("/images/first-chart.png") for b in broken), broken
    bundle = BeautifulSoup(
        (site / "2025/05/a-page-bundle-with-pictures/index.html").read_text(), "lxml"
    )
    sources = [img["src"] for img in bundle.select(".prose img")]
    assert sources == [
        f"{SITEURL}/2025/05/a-page-bundle-with-pictures/chart.png",
        f"{SITEURL}/2025/05/a-page-bundle-with-pictures/images/detail.png",
    ]


def test_no_shortcode_reaches_any_page_or_feed(site):
    leaks = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".xml", ".json"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            text = BeautifulSoup(text, "lxml").get_text()
        elif path.suffix == ".xml":
            text = BeautifulSoup(text, "xml").get_text()
            text = BeautifulSoup(text, "lxml").get_text()  # the HTML inside entries
        else:
            text = json.dumps(json.loads(text), ensure_ascii=False)
            text = BeautifulSoup(text.replace("\\", ""), "lxml").get_text()
        # Hugo's typographer curls the literal's quotes too (checked with hugo).
        text = text.replace("\u201c", '"').replace("\u201d", '"')
        text = text.replace("{{< " + LITERAL + " >}}", "")
        # A description cut at 300 characters may end inside the literal.
        text = re.sub(
            r"\{\{<([^{}]*?)\.\.\.",
            lambda m: "" if (" " + LITERAL + " >}}").startswith(m[1]) else m[0],
            text,
        )
        if "{{<" in text or "{{%" in text:
            leaks.append(str(path.relative_to(site)))
    assert leaks == []
    permits = (site / "2025/04/permit-queue/index.html").read_text(encoding="utf-8")
    # Hugo's comment form, shown as text; the typographer curls its quotes.
    for curly in ("\u201c", "\u201d", "&ldquo;", "&rdquo;"):
        permits = permits.replace(curly, '"')
    assert "{{&lt; " + LITERAL + " &gt;}}" in permits


def test_shortcodes_render_as_hugo_renders_them(site):
    permits = BeautifulSoup((site / "2025/04/permit-queue/index.html").read_text(), "lxml")
    cards = {a["href"] for a in permits.select("a.link-card")}
    assert cards == {
        "https://www.youtube.com/watch?v=w7Ft2ymGmfc",
        "https://vimeo.com/55073825",
        "https://x.com/CityHall/status/1850000000000000000",
        "https://x.com/CityHall/status/1850000000000000001",
        "https://gist.github.com/planner/0a1b2c3d#file-data-csv",
        "https://www.instagram.com/p/CxYz123/",
    }
    # Nothing on the page loads from another site.
    assert all(el["src"].startswith(SITEURL + "/") for el in permits.find_all(src=True))
    assert not permits.find("iframe")
    transit = BeautifulSoup(
        (site / "2025/03/transit-budgets-whats-left/index.html").read_text(), "lxml"
    )
    links = {a.text: a["href"] for a in transit.select(".prose a")}
    assert links["permit essay"] == f"{SITEURL}/2025/04/permit-queue/"
    assert links["section on queues"] == f"{SITEURL}/2025/04/permit-queue/#queues"
    assert transit.select_one(".prose figure figcaption strong").text == "Masthead"
    assert transit.select_one(".prose .highlight .hll")
    bundle = BeautifulSoup(
        (site / "2025/05/a-page-bundle-with-pictures/index.html").read_text(), "lxml"
    )
    callout = bundle.select_one("aside.callout-note")
    assert callout.strong.text == "Markdown"
    assert "Checked against the audited accounts" in callout.text
    about = BeautifulSoup((site / "about/index.html").read_text(), "lxml")
    assert "Written by R. Okafor since 2024." in about.select_one(".prose").text


def test_settings_come_from_the_hugo_configuration(site):
    home = BeautifulSoup((site / "index.html").read_text(), "lxml")
    assert home.title.text == "Ledger & Lens"
    assert home.find("link", rel="canonical")["href"] == f"{SITEURL}/"
    nav = [(a.text, a["href"]) for a in home.select("header nav a")][:3]
    assert nav == [
        ("Essays", f"{SITEURL}/posts/"),
        ("About", f"{SITEURL}/about/"),
        ("Field notes", f"{SITEURL}/notes/"),
    ]
    assert home.html["lang"] == "en-us"


def test_held_back_pages_are_nowhere(site):
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt")
    )
    for title in ("A consultation that closed", "An embargoed release", "Shared media"):
        assert title not in everything
    assert not list(site.rglob("hidden.png"))


def test_feeds_at_hugo_addresses_serve_subscribers(site):
    home = feedparser.parse((site / "index.xml").read_bytes())
    assert not home.bozo, home.get("bozo_exception")
    assert len(home.entries) == 7
    assert all(e.link.startswith(SITEURL + "/") for e in home.entries)
    posts = feedparser.parse((site / "posts/index.xml").read_bytes())
    assert {e.title for e in posts.entries} == {
        "Transit Budgets: What's Left?",
        "Permit backlogs",
        "A Page Bundle, With Pictures",
        "An essay that moved",
        "How we count",
    }
    transit = feedparser.parse((site / "tags/transit/index.xml").read_bytes())
    assert len(transit.entries) == 3  # two essays, and /posts/ (tags on its _index.md)
    assert transit.feed.links[0].href  # a real channel, not a stub
    bundle = next(e for e in home.entries if e.title.startswith("A Page Bundle"))
    assert f"{SITEURL}/2025/05/a-page-bundle-with-pictures/chart.png" in bundle.content[0].value


def test_weight_orders_a_section_and_layout_picks_a_template(site):
    section = BeautifulSoup((site / "posts/index.html").read_text(), "lxml")
    titles = [a.text for a in section.select("main ol.essays h2 a")]
    assert titles[0] == "Transit Budgets: What's Left?"  # weight = 1, though older
    assert titles[1:] == ["A Page Bundle, With Pictures", "Permit backlogs"]
    later = BeautifulSoup((site / "posts/page/2/index.html").read_text(), "lxml")
    assert [a.text for a in later.select("main ol.essays h2 a")] == [
        "An essay that moved",
        "How we count",  # type = "page", drawn as an essay
    ]
    assert section.h1.text == "All essays"  # from posts/_index.md
    # layout = "wide": our theme has no such template, so the essay's own draws it.
    note = BeautifulSoup((site / "notes/quick-note/index.html").read_text(), "lxml")
    assert "Round at the end" in note.select_one("article .prose").text


def test_every_page_is_valid_html_and_every_feed_valid(site):
    from sitecheck.feeds import validate_rss, validate_tree
    from sitecheck.nu import validate

    assert [str(f) for f in validate(str(site))] == []
    assert validate_tree(str(site)) == []
    copies = sorted(site.rglob("index.xml"))
    # Hugo's: home, 2 sections, 4 tags, 2 categories, 2 series, and the lists
    # of tags, of categories and of series (no invented default category).
    assert len(copies) == 14
    assert {str(p.relative_to(site)): validate_rss(p.read_bytes()) for p in copies} == {
        str(p.relative_to(site)): [] for p in copies
    }


def test_the_sample_site_uses_a_ref_shortcode(sample_publish):
    page = sample_publish.html("posts/what-a-congestion-charge-actually-buys/")
    link = page.find("a", string="permit counts do")
    assert link["href"].endswith("/posts/building-permits-are-a-leading-indicator-and-a-noisy-one/")
    assert "{{<" not in page.get_text()


def _items(feed_path: Path) -> dict[str, tuple[str, str]]:
    """Each RSS item's guid, with its pubDate and link, as a subscriber's reader keeps them."""
    tree = etree.parse(str(feed_path))
    return {
        item.findtext("guid"): (item.findtext("pubDate"), item.findtext("link"))
        for item in tree.iter("item")
    }


def test_rss_at_hugos_addresses_keeps_hugos_guids_dates_and_item_counts(site, hugo_built):
    for feed in (
        "index.xml",
        "posts/index.xml",
        "notes/index.xml",
        "tags/transit/index.xml",
        "tags/explainers/index.xml",
        "categories/budgets/index.xml",
        "tags/index.xml",
        "categories/index.xml",
        "series/budget-cycle/index.xml",
        "series/index.xml",
    ):
        hugo = _items(hugo_built / feed)
        ours = _items(site / feed)
        # Hugo lists undated pages (About, dated 0001-01-01) in the home feed:
        # an essay feed leaves them out (see docs/hugo.md). It also dates a term
        # that only a section's _index.md names 0001-01-01 in the list of terms,
        # where ours gives it its newest page's date.
        undated = {guid for guid, item in hugo.items() if "0001" in item[0]}
        hugo = {guid: item for guid, item in hugo.items() if guid not in undated}
        ours = {guid: item for guid, item in ours.items() if guid not in undated}
        assert ours == hugo, feed
    # Our own feeds keep their own ids, which never change with an address.
    own = _items(site / "feeds" / "all.rss.xml")
    assert own and all(guid.startswith("tag:") for guid in own)


def test_every_category_of_an_essay_is_listed_and_none_is_invented(site):
    budgets = BeautifulSoup((site / "categories/budgets/index.html").read_text(), "lxml")
    titles = {a.text for a in budgets.select("main h2 a")}
    assert {"Transit Budgets: What's Left?", "Permit backlogs"} <= titles
    feed = feedparser.parse((site / "categories/budgets/index.xml").read_bytes())
    assert len(feed.entries) == 2
    # An essay with no category is under none: no page for Pelican's default.
    assert sorted(p.name for p in (site / "categories").iterdir() if p.is_dir()) == [
        "analysis",
        "budgets",
    ]
    note = BeautifulSoup((site / "notes/quick-note/index.html").read_text(), "lxml")
    assert note.select(".kicker") == []
    transit = BeautifulSoup(
        (site / "2025/03/transit-budgets-whats-left/index.html").read_text(), "lxml"
    )
    assert transit.select_one(".kicker a")["href"].endswith("/categories/analysis/")


def test_a_sections_aliases_redirect_to_its_list_page(site):
    page = BeautifulSoup((site / "blog/index.html").read_text(), "lxml")
    assert page.select_one("link[rel=canonical]")["href"] == f"{SITEURL}/posts/"
    assert f"url={SITEURL}/posts/" in page.select_one("meta[http-equiv=refresh]")["content"]


def test_a_file_outside_any_bundle_is_published_at_its_path(site):
    assert (site / "posts/2022/data/profit.csv").read_bytes() == (
        SITE / "content/posts/2022/data/profit.csv"
    ).read_bytes()


def _listed(page: Path) -> list[str]:
    """The essays a list page links, in order, as paths: Hugo's test layouts
    list them in <li>, our theme in headings."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    links = soup.select("main ol.essays :is(h2, h3) a") or soup.select("body > ul > li > a")
    return [urlsplit(a["href"]).path for a in links]


def _refresh_target(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return soup.select_one("meta[http-equiv=refresh]")["content"].split("url=", 1)[1]


def test_paginated_lists_split_and_redirect_as_hugos(site, hugo_built):
    def pagers(folder: Path) -> set[str]:
        found = {p for p in files(folder) if re.search(r"(^|/)page/\d+/index\.html$", p)}
        return {p for p in found if not p.startswith("authors/")}  # our own author pages

    # The home page (6 essays), /posts/ (4), and each term with 3 essays a page.
    assert "page/2/index.html" in pagers(hugo_built)
    assert "posts/page/2/index.html" in pagers(hugo_built)
    assert pagers(site) == pagers(hugo_built)
    for path in sorted(pagers(hugo_built)):
        if path.endswith("/1/index.html"):
            assert _refresh_target(site / path) == _refresh_target(hugo_built / path), path
            first = path[: -len("page/1/index.html")] + "index.html"
            assert _listed(site / first) == _listed(hugo_built / first), first
        else:
            assert _listed(site / path) == _listed(hugo_built / path), path
    # A reader gets from each page to the next and back.
    home = BeautifulSoup((site / "index.html").read_text(), "lxml")
    assert home.select_one("nav.pages a[rel=next]")["href"] == f"{SITEURL}/page/2/"
    second = BeautifulSoup((site / "page/2/index.html").read_text(), "lxml")
    assert second.select_one("nav.pages a[rel=prev]")["href"] == f"{SITEURL}/"
    assert second.find("link", rel="canonical")["href"] == f"{SITEURL}/page/2/"
    assert second.title.text.startswith("Page 2 · ")


def test_a_taxonomy_of_the_sites_own_has_its_pages_and_feeds(site, hugo_built):
    series = BeautifulSoup((site / "series/index.html").read_text(), "lxml")
    listed = {a.text: a["href"] for a in series.select("main ul a")}
    assert listed == {
        "Budget cycle": f"{SITEURL}/series/budget-cycle/",  # "Budget Cycle" too, as in Hugo
        "Field work": f"{SITEURL}/series/field-work/",
    }
    term = BeautifulSoup((site / "series/budget-cycle/index.html").read_text(), "lxml")
    assert term.h1.text == "Series: Budget cycle"
    feed = term.find("link", type="application/rss+xml", href=re.compile("series"))
    assert feed["href"] == f"{SITEURL}/series/budget-cycle/index.xml"
    # Every essay in the series, across its pages, in Hugo's order.
    ours = _listed(site / "series/budget-cycle/index.html")
    ours += _listed(site / "series/budget-cycle/page/2/index.html")
    hugos = _listed(hugo_built / "series/budget-cycle/index.html")
    hugos += _listed(hugo_built / "series/budget-cycle/page/2/index.html")
    assert ours == hugos and len(ours) == 5 and ours[-1] == "/posts/"  # the section too


def test_a_section_is_listed_under_the_terms_of_its_index_file(site):
    explainers = BeautifulSoup((site / "tags/explainers/index.html").read_text(), "lxml")
    entry = explainers.select_one("main ol.essays article")
    assert entry.h2.a["href"] == f"{SITEURL}/posts/" and entry.h2.a.text == "All essays"
    assert not entry.select(".reading-time")
    feed = feedparser.parse((site / "tags/explainers/index.xml").read_bytes())
    assert [e.link for e in feed.entries] == [f"{SITEURL}/posts/"]
    own = feedparser.parse((site / "feeds/tags/explainers.atom.xml").read_bytes())
    assert not own.bozo and [e.link for e in own.entries] == [f"{SITEURL}/posts/"]


def test_an_atom_feed_declared_in_outputs_is_written_where_hugo_writes_it(site, hugo_built):
    for path in ("atom.xml", "posts/atom.xml", "notes/atom.xml"):
        ours = feedparser.parse((site / path).read_bytes())
        hugos = feedparser.parse((hugo_built / path).read_bytes())
        assert not ours.bozo and ours.version == "atom10", path
        # The same entries, known by the same ids: a reader sees nothing new.
        assert {e.id for e in ours.entries} == {e.id for e in hugos.entries}, path
        assert all(e.content[0].value for e in ours.entries)  # whole essays
        assert [link.href for link in ours.feed.links if link.rel == "self"] == [
            f"{SITEURL}/{path}"
        ]


def test_the_sites_own_shortcodes_render_as_in_hugo(site, hugo_built):
    def body(folder: Path, path: str, selector: str) -> list[str]:
        soup = BeautifulSoup((folder / path).read_text(encoding="utf-8"), "lxml")
        return [" ".join(el.decode().split()) for el in soup.select(selector)]

    bundle = "2025/05/a-page-bundle-with-pictures/index.html"
    for selector in ("aside.callout", "sup.marker", "span.kept"):
        assert body(site, bundle, selector) == body(hugo_built, bundle, selector), selector
        assert body(site, bundle, selector)
    ours = BeautifulSoup((site / bundle).read_text(encoding="utf-8"), "lxml")
    assert "Checked: Checked against the audited accounts" in ours.select_one(".prose").text
    about = BeautifulSoup((site / "about/index.html").read_text(encoding="utf-8"), "lxml")
    assert about.select_one(".prose").text.strip().endswith("R. Okafor")  # the site's param


def test_old_damage_warns_and_new_damage_fails_the_publish_build(imported, tmp_path):
    project, _ = imported
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("output", "cache"))
    code, log = _run(copy, tmp_path / "first", publish=True)
    assert code == 0, log
    assert "broken internal link, known since before: " in log
    assert "transit-budgets.md:22" in log
    # A new essay with the same broken image is new damage: it fails.
    (copy / "content/posts/new-essay.md").write_text(
        "+++\ntitle = 'New'\ndate = 2025-06-01\n+++\n![Chart](/images/first-chart.png)\n",
        encoding="utf-8",
    )
    code, log = _run(copy, tmp_path / "second", publish=True)
    assert code != 0
    assert (
        "content/posts/new-essay.md:5: links to /images/first-chart.png, but there is no file"
    ) in log
