"""Author tasks in tasks.py, run as an author runs them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Tariffs & 'Trade': ünïcode"


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_new_post_writes_a_draft_in_the_fixtures_style_that_builds(tmp_path, build_site):
    content = tmp_path / "content"
    result = invoke("new-post", TITLE, "--content", str(content))
    assert result.returncode == 0, result.stderr
    text = (content / "posts" / "tariffs-trade-unicode.md").read_text(encoding="utf-8")
    assert text.startswith("+++\n")
    front = tomllib.loads(text.split("+++")[1])
    assert front["title"] == TITLE
    assert front["draft"] is True and front["tags"] == []
    assert isinstance(front["date"], dt.datetime) and front["date"].tzinfo is not None

    again = invoke("new-post", "--content", str(content), "--title", TITLE)
    assert again.returncode != 0 and "already exists" in again.stderr

    build = build_site(content=content)
    assert build.returncode == 0, build.log
    assert build.exists("/drafts/tariffs-trade-unicode/")


def test_plain_titles_are_single_quoted_as_in_hugo_posts():
    sys.path.insert(0, str(ROOT))
    from tasks import new_post_text

    when = dt.datetime(2025, 12, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    text = new_post_text("Plain Title", when)
    assert "title = 'Plain Title'\ndate = 2025-12-01T09:00:00-05:00\n" in text


@pytest.mark.parametrize(
    "task", ["build", "publish", "serve", "livereload", "clean", "new-post", "check", "test"]
)
def test_every_documented_task_exists(task):
    listing = invoke("--list").stdout.splitlines()
    assert any(line.split()[:1] == [task] for line in listing), listing
