"""A problem logged after the build's verdict (Pelican calls the receivers of one
signal in no set order) still fails the build, at exit."""

from __future__ import annotations

import json
import logging

import pytest
from build_cache import lifecycle
from publish_guard import plugin
from publish_guard.guard import ProblemLog


@pytest.fixture
def guarded(monkeypatch):
    problems = ProblemLog()
    logging.getLogger().addHandler(problems)
    monkeypatch.setattr(plugin, "_state", {"problems": problems})
    monkeypatch.setitem(lifecycle._exit, "status", 0)
    yield plugin._state
    logging.getLogger().removeHandler(problems)
    lifecycle._exit["status"] = 0


@pytest.mark.parametrize(
    ("options", "status"),
    [
        ({"FAIL_ON_ERRORS": True, "KEEP_GOING": False}, 1),
        ({"FAIL_ON_ERRORS": False, "KEEP_GOING": False}, 1),
        ({"FAIL_ON_ERRORS": False, "KEEP_GOING": True}, 0),
    ],
)
def test_a_problem_after_the_verdict_sets_the_exit_status(guarded, caplog, options, status):
    guarded["options"] = options
    logging.getLogger("link_check").error("broken internal link: a/index.html")
    guarded["counted"] = 0  # the verdict saw none
    plugin.after_the_end()
    assert lifecycle._exit["status"] == status
    if options["FAIL_ON_ERRORS"]:
        assert "1 problem above came after the build's check" in caplog.text


def test_no_late_problem_leaves_the_exit_status_alone(guarded):
    guarded["options"] = {"FAIL_ON_ERRORS": True, "KEEP_GOING": False}
    logging.getLogger("x").error("seen by the verdict")
    guarded["counted"] = 1
    plugin.after_the_end()
    assert lifecycle._exit["status"] == 0
    plugin.after_the_end()  # once only
    assert lifecycle._exit["status"] == 0


def test_every_warning_and_error_reaches_the_problems_file(build_site, tmp_path):
    target = tmp_path / "found" / "problems.json"
    build = build_site(
        {
            "posts/a.md": "+++\ntitle = 'A'\ndate = 2025-01-01\n+++\n![gone](/images/gone.png)\n",
            "posts/b.md": "+++\ntitle = 'B'\ndate = 2025-01-02\nlayout = 'gallery'\n+++\nB\n",
        },
        settings={"PROBLEMS_FILE": str(target), "KEEP_GOING": True},
    )
    assert build.returncode == 0, build.log
    records = json.loads(target.read_text(encoding="utf-8"))
    errors = [r for r in records if r["level"] == "error"]
    assert [(r["kind"], r["source"], r["line"], r["target"]) for r in errors] == [
        ("broken_link", "content/posts/a.md", 5, "/images/gone.png")
    ]
    assert any(
        r["level"] == "warning" and "posts/b.md: layout = 'gallery'" in r["message"]
        for r in records
    )
