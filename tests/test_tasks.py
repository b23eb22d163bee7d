"""Author tasks in tasks.py, run as an author runs them."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
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
    # In the site's TIMEZONE (America/New_York in pelicanconf.py), whatever the machine's.
    from zoneinfo import ZoneInfo

    expected = dt.datetime.now(ZoneInfo("America/New_York")).utcoffset()
    assert front["date"].utcoffset() == expected
    assert "http://127.0.0.1:8000/drafts/tariffs-trade-unicode/" in result.stdout

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


PREVIEW = """
import gc, sys, weakref
from pathlib import Path
sys.path.insert(0, {root!r})
import tasks

class Held:
    pass

essay = Path({essay!r})
preview = tasks.Preview(PATH={content!r}, OUTPUT_PATH={output!r}, CACHE_PATH={cache!r})
cycle = Held()
cycle.me = cycle
gone = weakref.ref(cycle)
preview.build()
preview.wait()
print("frozen after the first build:", gc.get_freeze_count() > 0)
del cycle  # garbage now, but set aside with everything else
print("found before the next tidy-up:", gone() is None)
essay.write_text(essay.read_text() + "\\nA sentence added in the preview.\\n")
preview.build()
preview.wait()
print("found after the next tidy-up:", gone() is None)
page = Path({output!r}, "posts", "a-preview", "index.html").read_text()
print("edit shown:", "A sentence added in the preview." in page)
preview.QUIET = 600  # a build started sooner skips the last one's tidy-up
gc.unfreeze()
preview.build()
preview.build()
print("skipped for a build starting:", gc.get_freeze_count() == 0)
"""


def test_preview_builds_set_what_they_keep_aside_and_still_find_garbage(tmp_path):
    content = tmp_path / "content"
    essay = content / "posts" / "a-preview.md"
    essay.parent.mkdir(parents=True)
    essay.write_text(
        "+++\ntitle = 'A preview'\ndate = 2025-12-01T09:00:00-05:00\ntags = ['x']\n+++\n\n"
        "The first sentence.\n"
    )
    script = PREVIEW.format(
        root=str(ROOT),
        essay=str(essay),
        content=str(content),
        output=str(tmp_path / "output"),
        cache=str(tmp_path / "cache"),
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.endswith(("True", "False"))]
    assert lines == [
        "frozen after the first build: True",
        "found before the next tidy-up: False",
        "found after the next tidy-up: True",
        "edit shown: True",
        "skipped for a build starting: True",
    ], result.stdout


def test_the_plugins_bytecode_is_written_even_when_python_is_told_not_to(tmp_path):
    """compile_plugins writes what PYTHONDONTWRITEBYTECODE stops imports from
    writing, and a later import loads it instead of compiling the source."""
    plugins = tmp_path / "plugins"
    (plugins / "sample").mkdir(parents=True)
    source = plugins / "sample" / "__init__.py"
    source.write_text("VALUE = 41 + 1\n")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def python(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], env=env, check=True, capture_output=True, text=True
        )
        return done.stderr

    load = "import sys; sys.path.insert(0, sys.argv[1]); import sample"
    python("-c", load, str(plugins))
    assert not (source.parent / "__pycache__").exists()  # the variable works
    compile_it = "import sys, pathlib; sys.path.insert(0, sys.argv[1]); import tasks; "
    compile_it += "tasks.compile_plugins(pathlib.Path(sys.argv[2]))"
    python("-c", compile_it, str(ROOT), str(plugins))
    cached = importlib.util.cache_from_source(str(source))
    assert Path(cached).is_file()
    assert f"# {cached} matches {source}" in python("-v", "-c", load, str(plugins))


def _serves_the_themes_404(port: int, output: Path) -> str:
    """The server on ``port`` serves the home page, and the theme's 404 page with
    status 404 for an address that does not exist; the body it sent."""
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
        assert response.status == 200
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/no/such/page/", timeout=10)
    assert missing.value.code == 404
    body = missing.value.read().decode()
    assert body.replace('<base href="/">', "") == (output / "404.html").read_text()
    return body


def test_the_preview_server_answers_an_unknown_address_with_the_themes_404(sample_local, pick_port):
    import threading

    sys.path.insert(0, str(ROOT))
    from tasks import preview_server

    port = pick_port()
    server = preview_server(str(sample_local.output), "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        body = _serves_the_themes_404(port, sample_local.output)
        assert '<base href="/">' in body
    finally:
        server.shutdown()
        server.server_close()


def test_the_livereload_server_answers_an_unknown_address_with_the_themes_404(
    sample_local, pick_port
):
    import asyncio
    import threading

    sys.path.insert(0, str(ROOT))
    from tornado import web

    from tasks import livereload_files

    port = pick_port()
    ready, stop = threading.Event(), {}

    def serve():
        async def main():
            files = livereload_files()
            root = str(sample_local.output)
            app = web.Application(
                [(r"/(.*)", files, {"path": root, "default_filename": "index.html"})]
            )
            server = app.listen(port, address="127.0.0.1")
            stop["loop"], stop["event"] = asyncio.get_running_loop(), asyncio.Event()
            ready.set()
            await stop["event"].wait()
            server.stop()

        asyncio.run(main())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        _serves_the_themes_404(port, sample_local.output)
    finally:
        stop["loop"].call_soon_threadsafe(stop["event"].set)
        thread.join(10)
