"""Builds that end cleanly however they end: a worker that dies or fails, a
SIGTERM, and a SIGKILL at any moment, after which the next build writes what
a clean build writes.

A plugin for tests only (``planted/build_faults``) kills or pauses the build
at a chosen moment and plants failures in renders.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_pelican

PLANTED = Path(__file__).resolve().parent / "planted"
sys.path.insert(0, str(ROOT))
from pelicanconf import PLUGINS  # noqa: E402


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def differences(expected: dict[str, bytes], found: dict[str, bytes]) -> list[str]:
    return sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))


def faulty(folder: Path, **settings) -> dict:
    """Settings for a build of ``folder``/content with the test plugin loaded."""
    return {
        "PLUGIN_PATHS": [str(ROOT / "plugins"), str(PLANTED)],
        "PLUGINS": [*PLUGINS, "build_faults"],
        "CACHE_PATH": str(folder / "cache"),
        "RENDER_WORKERS": 2,
        **settings,
    }


def left_behind(marker: str) -> list[str]:
    """Processes still running whose command line names ``marker`` (a test's folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().split(") ", 1)[1].split()[0]
        except OSError:
            continue
        if marker in line and state != "Z":
            found.append(f"{entry.name}: {line[:200]}")
    return found


def gone(marker: str, within: float = 5.0) -> list[str]:
    """``left_behind`` after giving them ``within`` seconds to end."""
    deadline = time.monotonic() + within
    while (found := left_behind(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


ESSAY = """\
+++
title = "Essay {n}"
date = 2025-11-0{n}T09:00:00Z
+++

Paragraph {n} of an essay with enough words to render. {mark}
"""


def small_site(folder: Path, marks: dict[int, str] | None = None) -> Path:
    content = folder / "content"
    (content / "posts").mkdir(parents=True)
    for n in range(1, 7):
        text = ESSAY.format(n=n, mark=(marks or {}).get(n, ""))
        (content / "posts" / f"essay-{n}.md").write_text(text, "utf-8")
    return content


def test_a_render_worker_that_dies_ends_the_build_with_a_message_and_no_process_left(tmp_path):
    content = small_site(tmp_path, {4: "PLANTED-WORKER-DIES"})
    started = time.monotonic()
    build = run_pelican(content, tmp_path / "output", settings=faulty(tmp_path))
    assert time.monotonic() - started < 10
    assert build.returncode != 0, build.log
    said = " ".join(build.log.split())
    assert "a render worker ended without a word" in said, build.log
    assert "essay-4.md" in said
    assert gone(str(tmp_path)) == []


def test_a_render_that_raises_in_a_worker_is_rendered_and_reported_by_the_build(tmp_path):
    content = small_site(tmp_path, {3: "PLANTED-RENDER-RAISES"})
    started = time.monotonic()
    build = run_pelican(content, tmp_path / "output", publish=True, settings=faulty(tmp_path))
    assert time.monotonic() - started < 10
    assert build.returncode != 0, build.log
    said = " ".join(build.log.split())
    assert "essay-3.md" in said and "a failure planted in this render" in said, build.log
    assert said.count("a failure planted in this render") == 1  # said once, by the build
    assert gone(str(tmp_path)) == []


@pytest.mark.parametrize("moment", ["reading", "indexing"])
def test_sigterm_ends_the_build_promptly_with_its_helpers(tmp_path, moment):
    content = small_site(tmp_path)
    mark = tmp_path / "paused"
    settings = faulty(tmp_path, FAULT_PAUSE_AT=moment, FAULT_MARK=str(mark))
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py"]
    command += ["-o", str(tmp_path / "output"), "-e"]
    command += [f"{key}={json.dumps(value)}" for key, value in settings.items()]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as build:
        deadline = time.monotonic() + 60
        while not mark.exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert mark.exists(), build.stdout.read()
        helpers = left_behind(str(tmp_path))
        assert len(helpers) >= 2, helpers  # the build and a worker, or Pagefind
        sent = time.monotonic()
        build.send_signal(signal.SIGTERM)
        try:
            build.wait(10)
        finally:
            if build.poll() is None:
                build.kill()
        assert time.monotonic() - sent < 5
        assert build.returncode in (143, -signal.SIGTERM), build.stdout.read()
    assert gone(str(tmp_path)) == []


def test_a_build_killed_at_any_moment_leaves_what_the_next_build_makes_whole(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    essay = content / "posts" / "grid-batteries.md"
    original = essay.read_text("utf-8")
    edited = original + "\nA paragraph added after the first build.\n"

    essay.write_text(edited, "utf-8")
    reference = run_pelican(content, tmp_path / "reference", settings=faulty(tmp_path / "r"))
    assert reference.returncode == 0, reference.log
    expected = snapshot(tmp_path / "reference")

    failures = []
    for moment in ("read", "writing", "saving", "indexing"):
        folder = tmp_path / moment
        output = folder / "output"
        essay.write_text(original, "utf-8")
        first = run_pelican(content, output, settings=faulty(folder))
        assert first.returncode == 0, first.log
        essay.write_text(edited, "utf-8")
        killed = run_pelican(content, output, settings=faulty(folder, FAULT_KILL_AT=moment))
        assert killed.returncode == -signal.SIGKILL, (moment, killed.log[-2000:])
        assert gone(str(folder)) == [], moment
        after = run_pelican(content, output, settings=faulty(folder))
        if after.returncode != 0:
            failures.append(f"{moment}: exit {after.returncode}\n{after.log[-2000:]}")
        elif changed := differences(expected, snapshot(output)):
            failures.append(f"{moment}: differs from a clean build in {changed[:6]}")
    assert not failures, "\n".join(failures)


def test_a_forked_copy_of_the_build_dies_at_once_on_sigterm():
    """A library's pool worker, forked from the build, must not run the build's
    SIGTERM handler (which stops the build's helpers): its pool's terminate()
    would otherwise wait for it."""
    import multiprocessing

    sys.path.insert(0, str(ROOT / "plugins"))
    from build_cache import lifecycle

    before = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        lifecycle.install()
        assert signal.getsignal(signal.SIGTERM) is lifecycle._terminated
        child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
        child.start()
        time.sleep(0.3)
        child.terminate()
        child.join(5)
        assert child.exitcode == -signal.SIGTERM  # the default action, not our handler
    finally:
        signal.signal(signal.SIGTERM, before)
