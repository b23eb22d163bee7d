"""Every page type in Chromium: axe, no sideways scroll, no other origins, no JS needed."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from sitecheck.axe import violations

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
ARTICLE = "posts/what-a-congestion-charge-actually-buys/"
PAGES = {
    "home": "",
    "article": ARTICLE,
    "chart-article": "posts/reading-a-leaderboard-without-being-fooled/",
    "tag": "tags/data/",
    "topics": "tags/",
    "category": "categories/analysis/",
    "author": "authors/ines-albrecht/",
    "archives": "archives/",
    "about": "about/",
    "not-found": "404.html",
    "search": "search/",
    "subscribe": "subscribe/",
    "data": "data/",
}


@pytest.fixture(scope="module")
def base(sample_publish_served):
    return sample_publish_served


def open_page(browser, url, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(url)
    page.wait_for_load_state("load")
    return context, page, response, requests


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_wcag_21_aa_violation(browser, base, name, scheme, width):
    context, page, response, _ = open_page(
        browser, base + PAGES[name], viewport={"width": width, "height": 900}, color_scheme=scheme
    )
    assert response.status == 200
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_reads_without_javascript_at_320_px_from_the_site_alone(browser, base, name):
    context, page, _, requests = open_page(
        browser,
        base + PAGES[name],
        viewport={"width": 320, "height": 800},
        java_script_enabled=False,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "scrolls sideways"
    text = page.locator("main").inner_text()
    assert len(text) > 80, text
    outside = [url for url in requests if not url.startswith(base)]
    assert outside == []
    context.close()


def test_no_other_origin_is_contacted_with_javascript_either(browser, base):
    for name in ("home", "article", "search"):
        context, page, _, requests = open_page(browser, base + PAGES[name])
        page.wait_for_timeout(300)
        assert [url for url in requests if not url.startswith(base)] == []
        context.close()


@pytest.mark.parametrize("name", ["article", "chart-article"])
def test_article_budget(browser, base, name):
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def record(response):
        kind = response.request.resource_type
        if kind in ("image", "media", "font"):
            return
        with contextlib.suppress(Exception):  # a response without a body (a redirect)
            sizes[kind] = sizes.get(kind, 0) + len(response.body())

    page.on("response", record)
    page.goto(base + PAGES[name])
    page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    assert total <= 100_000, sizes
    assert sizes.get("stylesheet", 0) <= 30_000, sizes
    assert sizes.get("script", 0) <= 20_000, sizes
    blocking = page.evaluate(
        """() => [...document.querySelectorAll('head script[src]')]
              .filter(s => !s.defer && !s.async && s.type !== 'module').map(s => s.src)"""
    )
    assert blocking == []
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_home_and_article(browser, base, width, scheme):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("home", "article", "chart-article"):
        context, page, _, _ = open_page(
            browser,
            base + PAGES[name],
            viewport={"width": width, "height": 1000},
            color_scheme=scheme,
        )
        page.screenshot(path=str(SCREENSHOTS / f"sample-{name}-{width}-{scheme}.png"))
        context.close()


def test_the_theme_toggle_remembers_the_choice(browser, base):
    context, page, _, _ = open_page(browser, base + PAGES["article"], color_scheme="light")
    button = page.locator(".theme-toggle")
    # Its name says what a press does, in each state.
    assert button.is_visible() and button.inner_text() == "Dark theme"
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    button.click()
    assert button.inner_text() == "Light theme"
    page.goto(base + PAGES["home"])
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light != dark
    context.close()
    # Without JavaScript the toggle stays hidden and the system setting holds.
    context, page, _, _ = open_page(
        browser, base + PAGES["home"], java_script_enabled=False, color_scheme="dark"
    )
    assert not page.locator(".theme-toggle").is_visible()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == dark
    context.close()


def test_sidenotes_in_the_margin_when_wide_and_notes_at_the_end_when_narrow(browser, base):
    context, page, _, _ = open_page(
        browser, base + ARTICLE, viewport={"width": 1280, "height": 900}
    )
    side = page.locator(".sidenote").first
    assert side.is_visible()
    box = side.bounding_box()
    prose = page.locator(".prose").bounding_box()
    assert box["x"] >= prose["x"] + prose["width"], "the sidenote sits beside the text"
    # Kept for screen readers and link targets, but visually reduced to nothing.
    assert page.locator(".footnote li").first.bounding_box()["width"] <= 1
    context.close()
    context, page, _, _ = open_page(browser, base + ARTICLE, viewport={"width": 375, "height": 900})
    assert not page.locator(".sidenote").first.is_visible()
    assert page.locator(".footnote li").first.is_visible()
    assert "deadweight loss" in page.locator(".footnote").inner_text()
    context.close()


def test_print_hides_navigation_and_prints_link_addresses(browser, base):
    context, page, _, _ = open_page(browser, base + PAGES["chart-article"])
    page.emulate_media(media="print")
    assert not page.locator("header.site nav").is_visible()
    assert (
        not page.locator(".essay-nav").is_visible() if page.locator(".essay-nav").count() else True
    )
    link = page.locator(".prose figcaption a").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "artificialanalysis.ai" in after
    assert (
        page.locator("figure.leaderboard").first.evaluate("f => getComputedStyle(f).breakInside")
        == "avoid"
    )
    context.close()


def test_search_finds_essays_and_never_drafts_or_scheduled_posts(browser, base):
    context, page, _, _ = open_page(browser, base + PAGES["search"])
    field = page.locator("#search-input")
    field.wait_for(state="visible")
    field.fill("congestion")
    page.locator(".search-results li").first.wait_for()
    links = page.locator(".search-results a").evaluate_all("as => as.map(a => a.href)")
    assert base + ARTICLE in links
    # "Cite this essay" (on every essay) and the sidenotes (copies of the
    # notes) are left out of the index: no essay is found for words only there.
    field.fill("BibTeX")
    page.wait_for_function(
        "document.querySelector('.search-status').textContent === '0 essays found.'"
    )
    # Words of the draft's and the scheduled essay's titles. Pagefind matches
    # loosely ("carbon" finds "cars"), so assert on what is found, not on zero.
    for query in ("Notes Toward a Carbon Border Essay", "Pricing Water Before the Drought"):
        field.fill(query)
        page.wait_for_function("document.querySelector('.search-status').textContent !== ''")
        page.wait_for_timeout(400)
        found = page.locator(".search-results a").evaluate_all(
            "as => as.map(a => [a.href, a.textContent])"
        )
        for href, title in found:
            assert "/drafts/" not in href and title not in (
                "Notes Toward a Carbon Border Essay",
                "Pricing Water Before the Drought",
            ), (query, href, title)
    context.close()
    context, page, _, _ = open_page(browser, base + PAGES["search"], java_script_enabled=False)
    assert not page.locator(".search-form").is_visible()
    assert page.locator(".search-fallback li").count() == 4
    context.close()


HEADER_AND_BYLINE = """() => {
  const box = (el) => el.getBoundingClientRect();
  const name = box(document.querySelector(".site-name"));
  const toggle = box(document.querySelector(".theme-toggle"));
  const rows = new Set([...document.querySelectorAll(
      "header.site .site-name, header.site .theme-toggle, header.site nav li")]
    .map((el) => Math.round(box(el).top / 8)));
  const items = [...document.querySelectorAll(".essay-header .meta > *")];
  const lines = [...document.querySelectorAll(".essay-header .meta")].map((meta) => {
    const starts = [];
    for (const item of meta.children) starts.push(Math.round(box(item).top));
    return starts;
  });
  return {
    sameRow: Math.abs((name.top + name.bottom) / 2 - (toggle.top + toggle.bottom) / 2) < 8,
    rows: rows.size,
    split: items.filter((el) => el.getClientRects().length !== 1).map((el) => el.textContent),
    firstOnLine: items.filter((el, i) => i > 0 && box(el).top > box(items[i - 1]).top + 2)
      .map((el) => getComputedStyle(el, "::before").content),
    overflow: document.documentElement.scrollWidth > window.innerWidth,
  };
}"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_header_in_two_rows_and_bylines_that_never_break_an_item(browser, base, width, scheme):
    for name in ("home", "article", "chart-article"):
        context, page, _, _ = open_page(
            browser,
            base + PAGES[name],
            viewport={"width": width, "height": 900},
            color_scheme=scheme,
        )
        found = page.evaluate(HEADER_AND_BYLINE)
        assert found["sameRow"], name  # the toggle in the header's first row
        assert found["rows"] <= 2, (name, found)
        assert found["split"] == [], name  # "3 min read" is one unit
        # A line of the byline never starts with the separator (it ends the line).
        assert all(content in ("none", "normal") for content in found["firstOnLine"]), found
        assert not found["overflow"], name
        context.close()


def test_older_and_newer_stack_on_a_phone(browser, base):
    context, page, _, _ = open_page(
        browser, base + PAGES["article"], viewport={"width": 375, "height": 900}
    )
    links = page.locator(".essay-nav a")
    assert links.count() == 2
    first, second = (links.nth(i).bounding_box() for i in range(2))
    assert second["y"] >= first["y"] + first["height"] - 1  # one above the other
    assert min(first["width"], second["width"]) > 300  # each with the whole width
    context.close()


def test_notes_and_citations_are_told_apart(browser, base):
    context, page, _, _ = open_page(
        browser, base + ARTICLE, viewport={"width": 1280, "height": 900}
    )
    found = page.evaluate(
        """() => {
      const note = document.querySelector(".prose sup > a.footnote-ref");
      const cite = document.querySelector(".prose .citation a.cite");
      const style = (el) => getComputedStyle(el);
      return {
        noteName: note.getAttribute("aria-label"), citeName: cite.getAttribute("aria-label"),
        noteRaised: style(note.parentElement).verticalAlign,
        citeRaised: style(cite.parentElement).verticalAlign,
        noteFace: style(note).fontFamily, citeFace: style(cite).fontFamily,
        citeText: cite.parentElement.textContent.trim().slice(0, 1),
      };
    }"""
    )
    assert found["noteName"].startswith("Note ") and found["citeName"].startswith("Source ")
    assert found["noteRaised"] == "super" and found["citeRaised"] == "baseline"
    assert found["noteFace"] != found["citeFace"]  # the text's face; the interface's
    assert found["citeText"] == "["
    context.close()


def _used_font(page, selector: str) -> str:
    """The font Chromium drew an element's text with (not the one asked for)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return max(fonts, key=lambda f: f["glyphCount"])["familyName"]


def test_the_text_and_interface_faces_are_one_pairing(browser, base):
    context, page, _, _ = open_page(browser, base + ARTICLE)
    text = _used_font(page, ".prose p")
    interface = _used_font(page, ".essay-header .meta")
    # On this Linux: DejaVu Serif with DejaVu Sans (or Noto with Noto), never
    # a Times-like serif beside another family's sans.
    family = text.split()[0]
    assert family in ("DejaVu", "Noto", "Charter", "Bitstream"), text
    assert "Serif" in text or family in ("Charter", "Bitstream")
    assert interface.split()[0] == family or family in ("Charter", "Bitstream"), (text, interface)
    context.close()
