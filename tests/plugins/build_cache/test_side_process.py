"""Work in a forked copy of the process: its result, its errors and its log
come back to the process that joins it."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from build_cache.side_process import SideProcess, SideProcessError, available

pytestmark = pytest.mark.skipif(not available(), reason="this system cannot fork")
log = logging.getLogger("side.test")
ROOT = Path(__file__).resolve().parents[3]


def test_the_work_runs_in_another_process_and_its_value_comes_back():
    here = os.getpid()
    side = SideProcess(lambda: {"pid": os.getpid(), "parts": [1, "two"]}, "test")
    answer = side.join()
    assert answer["parts"] == [1, "two"]
    assert answer["pid"] != here


def test_what_the_copy_logs_is_logged_once_here_when_joined(caplog):
    def work():
        log.warning("posts/%s.md: a %s", "essay", "warning")
        log.debug("detail")
        try:
            raise ValueError("inside")
        except ValueError:
            log.exception("failed once")
        return "done"

    caplog.set_level(logging.DEBUG, logger="side.test")
    side = SideProcess(work, "test")
    assert caplog.records == []  # held in the copy until the join
    assert side.join() == "done"
    shown = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert shown == [
        ("side.test", logging.WARNING, "posts/essay.md: a warning"),
        ("side.test", logging.DEBUG, "detail"),
        ("side.test", logging.ERROR, "failed once"),
    ]
    assert "ValueError: inside" in caplog.records[-1].exc_text


def test_an_exception_is_raised_again_with_the_copys_traceback():
    def work():
        raise KeyError("unknown-source")

    with pytest.raises(KeyError, match="unknown-source") as raised:
        SideProcess(work, "feeds").join()
    note = "\n".join(raised.value.__notes__)
    assert "in the feeds side process" in note and "raise KeyError" in note


def test_an_exception_that_cannot_be_pickled_comes_back_as_text():
    class Local(Exception):  # a class defined here cannot be pickled by name
        pass

    def work():
        raise Local("odd failure")

    with pytest.raises(SideProcessError, match="odd failure"):
        SideProcess(work, "test").join()


def test_a_copy_that_dies_without_answering_is_an_error_and_join_once_only():
    side = SideProcess(lambda: os._exit(3), "test")
    with pytest.raises(SideProcessError, match="ended without a result"):
        side.join()
    with pytest.raises(SideProcessError, match="already joined"):
        side.join()


def test_a_copy_that_does_not_answer_in_time_is_stopped_and_named():
    """A copy stuck for ever (a lock a thread held as it was forked, say) costs the
    build the time it is given, not the rest of its life."""
    side = SideProcess(lambda: time.sleep(600), "stuck")
    started = time.monotonic()
    with pytest.raises(SideProcessError, match="stuck: no answer in 0.5 s; stopped"):
        side.join(timeout=0.5)
    assert time.monotonic() - started < 5
    assert not side._process.is_alive()
    quick = SideProcess(lambda: "done", "quick")
    assert quick.join(timeout=30) == "done"


def test_a_copy_whose_build_was_abandoned_is_stopped_unheard(caplog):
    def work():
        log.warning("never shown")
        time.sleep(60)

    side = SideProcess(work, "test")
    started = time.monotonic()
    side.stop()
    assert time.monotonic() - started < 10
    assert not side._process.is_alive()
    assert caplog.records == []
    side.stop()  # twice is harmless


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs Linux's /proc")
def test_a_copy_ends_by_itself_when_its_build_is_killed_outright(tmp_path):
    # A build holding a side process is killed with SIGKILL: nothing in the
    # build can stop the copy, so the copy must notice and end on its own.
    plugins = Path(__file__).resolve().parents[3] / "plugins"
    script = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(plugins)!r})\n"
        "from build_cache.side_process import SideProcess\n"
        "side = SideProcess(lambda: time.sleep(120), 'sleeper')\n"
        "print(side._process.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    copy = int(build.stdout.readline())
    assert _alive(copy)
    build.kill()
    build.wait()
    deadline = time.monotonic() + 10
    while _alive(copy) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(copy), "the side process outlived its killed build"


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs Linux's /proc")
def test_a_build_that_fails_while_a_copy_writes_ends_at_once_and_leaves_no_process(
    make_site, tmp_path
):
    # A template error while the feeds are written in a side process: the
    # build used to wait at exit for a copy blocked on a pipe nobody read.
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    body = "{% block essay_body %}"
    article.write_text(article.read_text().replace(body, body + "{{ page.title }}"))
    files = {
        f"posts/e{i}.md": f"+++\ntitle = 'Essay {i}'\ndate = 2025-01-01T09:{i:02d}:00Z\n"
        f"tags = ['t{i % 5}']\n+++\n" + "Some words. " * 300
        for i in range(40)
    }
    started = time.monotonic()
    build = make_site(files, settings={"THEME": str(theme), "RENDER_WORKERS": 2})
    elapsed = time.monotonic() - started
    assert build.returncode != 0
    assert "'page' is undefined" in build.log
    assert elapsed < 10, f"the failed build took {elapsed:.1f} s to end"
    marker = str(build.output)
    left = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if marker.encode() in handle.read():
                        left.append(entry)
            except OSError:
                continue
    assert left == []
