"""/sources/, "Cite this essay" and check-links."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import time
from pathlib import Path

import bibtexparser
import pytest
from bibliography.entries import Entry
from bibliography.linkcheck import check_all, report

SITEURL = "https://example.github.io/repo"
TITLE = "Tariffs & 50% of {Trade}_Policy"
FILES = {
    "bibliography/s.yaml": "- id: shared\n  title: Shared Source\n  url: https://s.example/\n"
    "  publisher: S Org\n  category: Data\n- id: only-draft\n  title: Draft Only\n"
    "  url: https://d.example/\n",
    "posts/a.md": f"+++\ntitle = '{TITLE}'\ndate = 2025-03-04T10:00:00+01:00\n"
    "author = 'Ana Lima'\n+++\nClaim [@shared].\n",
    "posts/b.md": "+++\ntitle = 'Second'\ndate = 2025-03-05\n+++\nAlso [@shared].\n",
    "posts/c.md": "+++\ntitle = 'Draft'\ndate = 2025-03-06\ndraft = true\n+++\n[@only-draft]\n",
}


@pytest.fixture(scope="module")
def site(make_site):
    build = make_site(FILES, publish=True, siteurl=SITEURL)
    assert build.returncode == 0, build.log
    return build


def test_the_sources_page_lists_each_source_with_the_essays_citing_it(site):
    page = site.html("/sources/")
    item = page.select_one(".source-list li")
    assert "Shared Source" in item.get_text()
    assert [a.get_text() for a in item.select(".cited-by a")] == ["Second", TITLE]
    assert "Draft Only" not in page.get_text()  # cited only by a draft
    category = site.html("/sources/data/")
    assert category.h1.get_text() == "Sources: Data"
    assert "Shared Source" in category.get_text()


def test_cite_this_essay_files_parse_back(site):
    bib = (site.output / "posts/tariffs-50-of-trade_policy/cite.bib").read_text()
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.key == "tariffs-50-of-trade_policy-2025"
    assert entry.fields_dict["title"].value == r"Tariffs \& 50\% of \{Trade\}\_Policy"
    assert entry.fields_dict["author"].value == "Ana Lima"
    assert entry.fields_dict["url"].value == f"{SITEURL}/posts/tariffs-50-of-trade_policy/"
    (item,) = json.loads((site.output / "posts/tariffs-50-of-trade_policy/cite.json").read_text())
    assert item["title"] == TITLE and item["issued"] == {"date-parts": [[2025, 3, 4]]}
    assert item["author"] == [{"literal": "Ana Lima"}] and item["type"] == "post-weblog"


def test_cite_this_block_and_meta_tags(site):
    page = site.html("/posts/tariffs-50-of-trade_policy/")
    block = page.select_one("details.cite-this")
    assert TITLE in block.select_one(".cite-reference").get_text()
    links = {a.get_text(): a["href"] for a in block.select("a[download]")}
    assert links["BibTeX"] == f"{SITEURL}/posts/tariffs-50-of-trade_policy/cite.bib"
    meta = {m["name"]: m["content"] for m in page.select('meta[name^="citation_"]')}
    assert meta["citation_title"] == TITLE and meta["citation_author"] == "Ana Lima"
    assert meta["citation_publication_date"] == "2025/03/04"


class Links(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802
        if self.path == "/no-head":
            self.send_error(405)
            return
        self.answer()

    def do_GET(self):  # noqa: N802
        self.answer()

    def answer(self):
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/new")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        elif self.path in ("/fine", "/new", "/no-head"):
            self.send_response(200)
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(http_server):
    return http_server(Links)


def test_links_are_checked_concurrently_with_redirects_and_get_fallback(server):
    urls = [f"{server}/{p}" for p in ("fine", "gone", "old", "no-head", "slow")]
    started = time.perf_counter()
    results = check_all(urls, timeout=0.5, workers=5)
    assert time.perf_counter() - started < 1.5  # not one after another
    status = {url.rsplit("/", 1)[1]: (r.status, r.detail) for url, r in results.items()}
    assert status["fine"][0] == "ok" and status["no-head"][0] == "ok"
    assert status["gone"] == ("dead", "HTTP 404")
    assert status["old"] == ("moved", f"now at {server}/new")
    assert status["slow"] == ("dead", "no answer within 0.5 s")
    found = {
        "posts/a.md": [
            Entry(id="g", title="G", url=f"{server}/gone"),
            Entry(id="o", title="O", url=f"{server}/old"),
        ]
    }
    text, dead = report(found, results)
    assert dead == 1
    assert "## posts/a.md" in text and "add `archived`" in text and "update its `url`" in text


def test_the_task_reports_per_essay_and_fails_on_dead_links(tmp_path, server, project_copy):
    content = tmp_path / "content"
    (content / "bibliography").mkdir(parents=True)
    (content / "bibliography/s.yaml").write_text(f"- id: ok\n  title: Ok\n  url: {server}/fine\n")
    (content / "posts").mkdir()
    (content / "posts/e.md").write_text(
        f"+++\ntitle = 'E'\ndate = 2025-01-01\n[[sources]]\nid = 'x'\ntitle = 'X'\n"
        f"url = '{server}/gone'\n+++\nText.\n\n## Sources\n\n**Data:** [Old]({server}/old)\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "check-links",
            "--content",
            str(content),
            "--timeout",
            "2",
        ],
        cwd=project_copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "3 links checked: 1 dead, 1 moved" in result.stdout
    report_text = Path(project_copy / "build/link-report.md").read_text()
    assert f"**dead** `x` {server}/gone: HTTP 404" in report_text
    assert f"**moved** `old` {server}/old" in report_text
