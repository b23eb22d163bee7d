"""Rendering shortcodes: built-ins, templates, a theme's own, and errors."""

from __future__ import annotations

import importlib

import pytest
from bs4 import BeautifulSoup
from jinja2 import ChoiceLoader, Environment, FileSystemLoader

render = importlib.import_module("hugo.render")
shortcodes = importlib.import_module("hugo.shortcodes")
PLUGIN_TEMPLATES = importlib.import_module("hugo.plugin").HERE + "/templates/shortcodes"

INDEX = render.ContentIndex(
    [
        "about.md",
        "posts/transit.md",
        "posts/permits.md",
        "posts/bundle/index.md",
        "posts/_index.md",
        "notes/permits.md",
    ]
)


def renderer(theme=None, exists=lambda url, essay: True):
    folders = ([str(theme)] if theme else []) + [PLUGIN_TEMPLATES]
    env = Environment(loader=ChoiceLoader([FileSystemLoader(f) for f in folders]), autoescape=True)
    site = {"title": "Site", "params": {"editor": "Ana", "survey": {"year": 2024}}}
    return render.Renderer(env, INDEX, site, file_exists=exists)


ESSAY = render.Essay(
    path="content/posts/transit.md",
    relative="posts/transit.md",
    metadata={"title": "T", "note": "<b>bold</b>", "params": {"flag": True}},
    source_path="/x/content/posts/transit.md",
)


def run(text, r=None):
    r = r or renderer()
    return shortcodes.expand(text, lambda code: r.render(code, ESSAY)[0])


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ('"permits.md"', "{filename}/posts/permits.md"),  # beside the essay first
        ('"/notes/permits.md"', "{filename}/notes/permits.md"),
        ('"about"', "{filename}/about.md"),
        ('"posts/bundle"', "{filename}/posts/bundle/index.md"),
        ('"bundle"', "{filename}/posts/bundle/index.md"),  # one match anywhere
        ('"/posts"', "{filename}/posts/_index.md"),
        ('"permits.md#queues"', "{filename}/posts/permits.md#queues"),
        ('"#here"', "#here"),
    ],
)
def test_ref_finds_pages_as_hugo_does(target, expected):
    assert run("{{< ref " + target + " >}}") == expected
    assert run("{{% relref " + target + " %}}") == expected


def test_ref_to_a_missing_or_ambiguous_page_is_an_error():
    with pytest.raises(render.ShortcodeError, match="no page at that path"):
        run('{{< ref "gone.md" >}}')
    other = render.Essay("content/about.md", "about.md")
    with pytest.raises(render.ShortcodeError, match="matches 2 pages"):
        shortcodes.expand('{{< ref "permits" >}}', lambda c: renderer().render(c, other)[0])


def test_param_reads_the_essay_then_the_site_and_escapes():
    assert run("{{< param note >}}") == "&lt;b&gt;bold&lt;/b&gt;"
    assert run('{{< param "survey.year" >}}') == "2024"
    assert run("{{< param flag >}}") == "true"
    assert run("{{< param editor >}}") == "Ana"
    with pytest.raises(render.ShortcodeError, match="neither the essay"):
        run("{{< param missing >}}")


def test_figure_has_its_parts_and_escapes_every_value():
    html = run(
        '{{< figure src="c.png" alt="A <chart>" title="T" caption="Some *words*" '
        'attr="Staff" attrlink="https://e.example/" link="big.png" class="wide" '
        'width="40" >}}'
    )
    soup = BeautifulSoup(html, "html.parser")
    figure = soup.figure
    assert figure["class"] == ["wide"]
    assert figure.a["href"] == "big.png" and figure.a.img["src"] == "c.png"
    assert figure.img["alt"] == "A <chart>" and figure.img["width"] == "40"
    assert "&lt;chart&gt;" in html
    assert figure.figcaption.strong.text == "T"
    assert figure.figcaption.em.text == "words"
    assert figure.figcaption.find("a", href="https://e.example/").text == "Staff"


def test_a_figure_without_alt_takes_its_caption_as_plain_text():
    soup = BeautifulSoup(run('{{< figure src="c.png" caption="The *gap*" >}}'), "html.parser")
    assert soup.img["alt"] == "The gap"


def test_a_figure_whose_image_is_missing_is_an_error():
    r = renderer(exists=lambda url, essay: False)
    with pytest.raises(render.ShortcodeError, match="figure src 'gone.png'"):
        run('{{< figure src="gone.png" >}}', r)


@pytest.mark.parametrize(
    ("text", "href", "title"),
    [
        (
            "{{< youtube w7Ft2ymGmfc >}}",
            "https://www.youtube.com/watch?v=w7Ft2ymGmfc",
            "w7Ft2ymGmfc",
        ),
        (
            '{{< youtube id="abc" title="A hearing" start="30" >}}',
            "https://www.youtube.com/watch?v=abc&t=30s",
            "A hearing",
        ),
        ("{{< vimeo 55073825 >}}", "https://vimeo.com/55073825", "55073825"),
        ('{{< x user="City" id="18" >}}', "https://x.com/City/status/18", "@City, post 18"),
        ('{{< tweet user="City" id="19" >}}', "https://x.com/City/status/19", "@City, post 19"),
        (
            "{{< gist ana 0a1b data.csv >}}",
            "https://gist.github.com/ana/0a1b#file-data-csv",
            "data.csv",
        ),
        ("{{< instagram CxYz >}}", "https://www.instagram.com/p/CxYz/", "CxYz"),
    ],
)
def test_embeds_become_link_cards_that_load_nothing(text, href, title):
    soup = BeautifulSoup(run(text), "html.parser")
    card = soup.find("a", class_="link-card")
    assert card["href"] == href
    assert card.find(class_="link-card-title").text == title
    assert not soup.find(["iframe", "script", "img"])


def test_a_hostile_id_cannot_leave_the_link():
    soup = BeautifulSoup(run('{{< youtube id="x&quot;><script>" >}}'), "html.parser")
    assert not soup.find("script")
    assert soup.a["href"].startswith("https://www.youtube.com/watch?v=x%26quot%3B%3E%3Cscript%3E")


def test_highlight_colours_code_with_line_numbers_and_marked_lines():
    html = run(
        '{{< highlight python "linenos=table,hl_lines=2" >}}\na = 1\nb = 2\n{{< /highlight >}}'
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(class_="highlight") and soup.find("td", class_="linenos")
    assert soup.find(class_="hll").get_text().startswith("b = 2")


def test_a_theme_can_add_its_own_shortcode_and_replace_ours(tmp_path):
    folder = tmp_path / "shortcodes"
    folder.mkdir()
    (folder / "callout.html").write_text(
        '<aside class="{{ get("kind") }}">{{ inner | markdownify }}</aside>'
    )
    (folder / "vimeo.html").write_text("<em>video {{ get(0) }}</em>")
    r = renderer(theme=folder)
    html = run('{{< callout kind="note" >}}Some **bold**{{< /callout >}} {{< vimeo 5 >}}', r)
    assert html == '<aside class="note">Some <strong>bold</strong></aside> <em>video 5</em>'
    assert r.known("callout") and not r.known("nonesuch")
    assert "callout" in render.known_shortcodes(str(tmp_path))
    assert "callout" not in render.known_shortcodes(None)
    assert {"figure", "ref", "highlight", "youtube"} <= render.known_shortcodes(None)


def test_an_unknown_shortcode_says_how_to_add_it():
    with pytest.raises(render.ShortcodeError) as caught:
        run("{{< chart data=x >}}")
    assert "unknown shortcode 'chart'" in str(caught.value)
    assert "theme/shortcodes/chart.html" in str(caught.value)


def test_a_type_or_layout_for_another_kind_of_page_falls_back_to_the_essay(build_site):
    essay = "+++\ntitle = '{title}'\ndate = 2025-01-0{day}\n{extra}\n+++\nBody of {title}.\n"
    build = build_site(
        {
            "posts/typed.md": essay.format(title="Typed", day=1, extra='type = "page"'),
            "posts/laid.md": essay.format(title="Laid", day=2, extra='layout = "index"'),
            "posts/missing.md": essay.format(title="Missing", day=3, extra='layout = "gallery"'),
            "pages/about.md": "+++\ntitle = 'About'\ntype = 'article'\n+++\nAbout us.\n",
        },
        publish=True,
    )
    assert build.returncode == 0, build.log
    for slug in ("typed", "laid", "missing"):
        page = build.html(f"/posts/{slug}/")
        assert page.select_one("article .prose").get_text().strip().startswith("Body of")
    assert "posts/typed.md: type = 'page' names the theme's template for another kind" in build.log
    assert "posts/missing.md: layout = 'gallery' names a template the theme does not have" in (
        build.log
    )
    assert "About us." in build.html("/about/").get_text()
    assert "UndefinedError" not in build.log
