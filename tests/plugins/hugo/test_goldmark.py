"""Markdown as Hugo renders it: each case built by our site and by Debian's hugo, compared.

The comparison is on what a reader meets: the text, and the block structure
(how many paragraphs, list items and code blocks; the heading and footnote
ids a link can point at), not the bytes of the markup, since the highlighters
and the themes differ.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap

import pytest
from bs4 import BeautifulSoup

from tests.conftest import write_files

FRONT = "+++\ntitle = '{title}'\ndate = 2025-01-{day:02d}T09:00:00Z\nslug = '{slug}'\n+++\n"

CASES = {
    "fences": """
        A config file:

        ```nginx /etc/nginx/nginx.conf
        server { listen 80; server_name _name_; }
        <feed><link href="x"/></feed>
        ```

        ```go {linenos=true hl_lines=[2]}
        x := 1
        y := [@not-a-citation]
        ```

        ~~~python
        print("*not emphasis*")
        ~~~

        ````markdown
        ```js
        inside()
        ```
        ````

        ``` text
        spaced info string
        ```
    """,
    "typography": """
        He said "it's done" -- then left --- quietly... as <<planned>>.

        She wrote "a 'quoted' phrase" in the '90s, didn't she?

        *"Emphasised"* and **"strong"** quotes; (parenthetical "quote") and src="x.png".

        A range 1--5, a break --- here, and "trailing..." dots.

        Code keeps its marks: `"quoted" -- raw...` stays.
    """,
    "footnotes": """
        First cited is the second defined[^late], then the first[^early], then a
        named one[^named].

        [^early]: Defined first, cited second.
        [^late]: Defined second, cited first.
        [^named]: A named note.
    """,
    "lists": """
        A paragraph straight before a list
        - one
        - two
          - nested by two spaces
            - and again
        - three

        1. first
        2. second
           - under the second, three spaces in
        3. third

        - four-space nesting
            - still nested

        Text before a number
        1986. is not a list that interrupts
    """,
    "headings": """
        ## Hello, World!

        ## Hello, World!

        ## Élan & "quotes" -- dashes --- and... more

        ## Tax_rates 2025: what's new?

        ## Hello, World!
    """,
    "handles": """
        Follow [@someone](https://example.org/someone) or [@other][profile] for news.

        [profile]: https://example.org/other
    """,
    "raw-html": """
        <div class="callout">A raw block.</div>

        Inline <abbr title="x">raw</abbr> tags and a comment <!-- note --> here.
    """,
}


def case_files(names) -> dict[str, str]:
    files = {}
    for day, name in enumerate(names, start=1):
        body = textwrap.dedent(CASES[name]).strip() + "\n"
        files[f"posts/{name}.md"] = FRONT.format(title=name, day=day, slug=name) + "\n" + body
    return files


def hugo_render(tmp_path, files: dict[str, str], unsafe: bool) -> dict[str, BeautifulSoup]:
    site = tmp_path / ("hugo-unsafe" if unsafe else "hugo-safe")
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text("{{ .Content }}\n")
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Cases"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", '
        '"section"]\n'
        f"[markup.goldmark.renderer]\nunsafe = {str(unsafe).lower()}\n"
    )
    for name, text in files.items():
        target = site / "content" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    result = subprocess.run(
        ["hugo", "--quiet", "-s", str(site), "-d", str(site / "public")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {
        name: BeautifulSoup((site / "public/posts" / name / "index.html").read_text(), "lxml")
        for name in CASES
        if f"posts/{name}.md" in files
    }


def ours_render(make_site, folder, files: dict[str, str], unsafe: bool) -> dict:
    # An imported Hugo site: the hugo.toml beside its content sets markup.goldmark.
    write_files(folder / "content", files)
    (folder / "hugo.toml").write_text(
        f'title = "Cases"\n[markup.goldmark.renderer]\nunsafe = {str(unsafe).lower()}\n'
    )
    build = make_site(content=folder / "content", output=folder / "output")
    assert build.returncode == 0, build.log
    pages = {}
    for name in CASES:
        if f"posts/{name}.md" in files:
            prose = build.html(f"/posts/{name}/").select_one(".prose")
            for extra in prose.select(".sidenote"):  # the theme's copy of each note
                extra.decompose()
            pages[name] = prose
    return pages


def shape(root) -> dict:
    """What a reader meets: text, block counts, and the ids links point at."""
    root = BeautifulSoup(str(root), "lxml")
    for back in root.select(".footnote-backref"):
        back.decompose()
    text = re.sub(r"\s+", " ", root.get_text(" ")).strip()
    return {
        "text": text,
        "p": len(root.find_all("p")),
        "li": len(root.find_all("li")),
        "pre": len(root.find_all("pre", recursive=True)) - len(root.select("td.linenos pre")),
        "headings": [h.get("id") for h in root.find_all(re.compile("^h[1-6]$"))],
        "notes": [
            li.get("id") for li in root.find_all("li") if (li.get("id") or "").startswith("fn")
        ],
        "refs": [a.get("href") for a in root.select("a.footnote-ref")],
        "links": [
            a.get("href") for a in root.find_all("a") if "footnote" not in str(a.get("class"))
        ],
        "comments": str(root).count("raw HTML omitted"),
    }


needs_hugo = pytest.mark.skipif(
    shutil.which("hugo") is None, reason="Debian's hugo package is not installed"
)


@pytest.fixture(scope="module", params=[True, False], ids=["unsafe", "safe"])
def both(request, make_site, tmp_path_factory):
    if shutil.which("hugo") is None:
        pytest.skip("Debian's hugo package is not installed")
    files = case_files(CASES)
    unsafe = request.param
    hugo = hugo_render(tmp_path_factory.mktemp("hugo"), files, unsafe)
    ours = ours_render(make_site, tmp_path_factory.mktemp("ours"), files, unsafe)
    return hugo, ours


@needs_hugo
@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_reads_as_hugo_renders_it(both, name):
    hugo, ours = both
    expected, got = shape(hugo[name]), shape(ours[name])
    if name == "fences":
        # Chroma counts a line-numbered block as two <pre>, Pygments as one
        # plus the numbers' own (not counted); Chroma and Pygments space the
        # code differently; our theme shows a fence's title, Hugo drops it.
        expected.pop("pre"), got.pop("pre")
        expected["text"] = expected["text"].replace(" ", "")
        got["text"] = got["text"].replace(" ", "").replace("/etc/nginx/nginx.conf", "", 1)
    assert got == expected


@needs_hugo
def test_fences_are_code_blocks_with_their_captions(both):
    _, ours = both
    fences = ours["fences"]
    assert len(fences.select("div.highlight")) == 5
    assert fences.select_one(".filename").get_text() == "/etc/nginx/nginx.conf"
    assert fences.select("span.hll")  # hl_lines=[2]
    assert not fences.find("feed") and not fences.find("em")  # nothing inside is parsed
    assert "[@not-a-citation]" in fences.get_text()


@pytest.mark.parametrize(
    ("text", "before", "expected"),
    [
        ('"hi" she said', "", "\u201chi\u201d she said"),
        ("it's the '90s", "", "it\u2019s the \u201990s"),
        ("say 'yes'", "", "say \u2018yes\u2019"),
        ('"', "x", "\u201d"),  # a quote after an element's last letter closes
        ('"word', " ", "\u201cword"),
        ("1--5 --- ... <<a>>", "", "1\u20135 \u2014 \u2026 \u00aba\u00bb"),
    ],
)
def test_the_typographer_turns_each_mark_the_right_way(text, before, expected):
    from hugo.goldmark import curl

    assert curl(text, before) == expected


def test_the_typographer_never_touches_code():
    import markdown
    from hugo.goldmark import GoldmarkExtension

    html = markdown.markdown(
        'A "quote" and `"code" -- here...`\n\n```\n"block" -- ...\n```\n',
        extensions=[GoldmarkExtension()],
    )
    assert "\u201cquote\u201d" in html
    assert '<code>"code" -- here...</code>' in html.replace("&quot;", '"')
    assert '"block" -- ...' in html.replace("&quot;", '"')
