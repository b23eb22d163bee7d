"""The link check in a build: what it found in each page kept in the cache, and
a link whose file is gone reported on the next build."""

from __future__ import annotations

import shutil

from build_cache.storage import read_saved
from link_check.links import reader_version

ESSAY = """\
+++
title = "Charted"
date = 2025-01-10T09:00:00-05:00
+++
[The chart, to download](/images/chart.png)
"""


def test_the_urls_of_each_page_are_kept_and_a_link_that_lost_its_file_is_reported(
    tmp_path, make_site
):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "images").mkdir()
    (content / "posts" / "charted.md").write_text(ESSAY, "utf-8")
    (content / "images" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    settings = {"LINK_CHECK": True, "CACHE_PATH": str(tmp_path / "cache")}
    first = make_site(content=content, settings=settings)
    assert first.returncode == 0, first.log
    assert "broken internal link" not in first.log
    saved = read_saved(str(tmp_path / "cache" / "link-check.entry"), 1)
    assert saved and saved["reader"] == reader_version()
    assert any(url.endswith("images/chart.png") for urls in saved["pages"].values() for url in urls)

    shutil.rmtree(content / "images")
    second = make_site(content=content, settings=settings)
    said = " ".join(second.log.split())
    assert "broken internal link: posts/charted/index.html:" in said
    assert "images/chart.png leads to no file" in said
