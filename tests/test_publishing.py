"""GitHub Pages: the workflows, the build they run, and invoke gh-pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from link_check.links import check as check_links

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SITEURL = "https://example.github.io/repo"
PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def run(args, cwd, env=None, check=False):
    return subprocess.run(
        args,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=check,
    )


def test_both_workflows_exist_and_follow_githubs_schema():
    assert [w.name for w in WORKFLOWS] == ["pages.yml", "tests.yml"]
    result = run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_at_medium_severity_or_above():
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    result = run([zizmor, "--offline", "--min-severity", "medium", str(ROOT / ".github")], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_zizmor_finds_no_cache_poisoning_at_any_severity_even_when_pedantic():
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    command = [zizmor, "--offline", "--persona", "pedantic", "--format", "json"]
    result = run([*command, "--min-severity", "informational", str(ROOT / ".github")], ROOT)
    import json

    findings = json.loads(result.stdout)
    assert {f["ident"] for f in findings} <= {"unpinned-images"}, result.stdout
    assert not [f for f in findings if f["ident"] == "cache-poisoning"]


def steps(workflow):
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def load(name):
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version():
    for workflow in WORKFLOWS:
        for line in workflow.read_text().splitlines():
            if "uses:" in line:
                reference, _, comment = line.split("uses:", 1)[1].partition("#")
                assert PIN.match(reference.strip()), line
                assert re.match(r"\s*v\d", comment), f"no version comment: {line}"


def test_pages_workflow_triggers_permissions_and_steps():
    pages = load("pages.yml")
    triggers = pages[True]  # YAML reads the key "on" as a boolean
    assert set(triggers) == {"push", "schedule", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]
    assert pages["permissions"] == {}
    assert pages["concurrency"]["group"] == "pages"
    jobs = pages["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["refresh-data"]["permissions"] == {"contents": "write"}
    build = jobs["build"]["steps"]
    assert any(s.get("with", {}).get("cache") == "pip" for s in build)
    ci_build = next(s for s in build if s.get("run") == "python -m invoke ci-build")
    assert ci_build["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    # The last deploy's caches come back before the build (test_rebuild.py shows
    # that a build from them writes a clean build), saved under a new key each
    # run, and only by a run on the default branch (no other ref writes a cache
    # the live site's build would read).
    assert not [s for s in build if "actions/cache@" in s.get("uses", "")]  # never both
    restored = next(s for s in build if "actions/cache/restore@" in s.get("uses", ""))
    saved = next(s for s in build if "actions/cache/save@" in s.get("uses", ""))
    assert build.index(restored) < build.index(ci_build) < build.index(saved)
    for step in (restored, saved):
        assert step["with"]["path"] == "cache"  # Pelican's CACHE_PATH, from the repository root
        assert "github.run_id" in step["with"]["key"]
    assert restored["with"]["key"].startswith(restored["with"]["restore-keys"])
    assert saved["if"] == (
        "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    )
    refresh = next(s for s in jobs["refresh-data"]["steps"] if "refresh-data" in s.get("run", ""))
    assert refresh["continue-on-error"] is True
    commit = jobs["refresh-data"]["steps"][-1]["run"]
    assert "git add -- content/data" in commit  # data files only
    for step in steps(pages):
        if "actions/checkout" in step.get("uses", ""):
            assert step["with"]["persist-credentials"] is False


def test_tests_workflow_runs_the_readmes_test_command():
    # A pull request's runner has no ../shared: it runs the README's command,
    # as a newcomer's clone would, not .ci/run (which requires the fixtures).
    from sitecheck.fresh_clone import readme_commands

    tests = load("tests.yml")
    assert "pull_request" in tests[True]
    test_command = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))[1]
    assert [s.get("run") for s in steps(tests)][-1] == test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci and "MOE_REQUIRE_FIXTURES=1" in ci


def test_ci_build_under_a_subpath_leaves_no_internal_link_unresolved(project_copy):
    result = run([sys.executable, "-m", "invoke", "ci-build"], project_copy, {"SITEURL": SITEURL})
    assert result.returncode == 0, result.stdout + result.stderr
    output = project_copy / "output"
    assert check_links(str(output), SITEURL) == []
    home = (output / "index.html").read_text()
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', home)
    internal = [h for h in hrefs if h.startswith(SITEURL)]
    assert len(internal) > 10
    assert not [h for h in hrefs if h.startswith("/") and not h.startswith("/repo/")]


def test_ci_build_fails_on_a_link_to_nowhere(project_copy):
    (project_copy / "content/posts/broken-link.md").write_text(
        "+++\ntitle = 'Broken Link'\ndate = 2025-01-01\n+++\n[gone](/posts/nowhere/)\n"
    )
    result = run([sys.executable, "-m", "invoke", "ci-build"], project_copy, {"SITEURL": SITEURL})
    assert result.returncode != 0
    said = " ".join((result.stdout + result.stderr).split())  # the log wraps long lines
    assert "broken internal link: posts/broken-link/index.html" in said
    assert f"{SITEURL}/posts/nowhere/ leads to no file" in said


def test_ci_build_checks_the_links_itself_when_the_publish_build_does_not(project_copy):
    (project_copy / "content/posts/broken-link.md").write_text(
        "+++\ntitle = 'Broken Link'\ndate = 2025-01-01\n+++\n[gone](/posts/nowhere/)\n"
    )
    with (project_copy / "publishconf.py").open("a") as conf:
        conf.write("\nLINK_CHECK = False\n")
    result = run([sys.executable, "-m", "invoke", "ci-build"], project_copy, {"SITEURL": SITEURL})
    assert result.returncode != 0
    assert (project_copy / "output/posts/broken-link/index.html").exists()  # the build passed
    said = " ".join((result.stdout + result.stderr).split())
    assert "::error::broken internal link: posts/broken-link/index.html" in said
    assert "internal links lead nowhere; nothing was deployed" in said


def git(*args, cwd):
    return run(["git", *args], cwd, check=True).stdout.strip()


@pytest.fixture
def repo(project_copy, tmp_path):
    identity = {
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "site"]):
        run(["git", *args], project_copy, identity, check=True)
    remote = tmp_path / "remote.git"
    run(["git", "init", "-q", "--bare", str(remote)], tmp_path, check=True)
    return project_copy, remote


def gh_pages(project, remote, **env):
    return run(
        [sys.executable, "-m", "invoke", "gh-pages", "--remote", str(remote)],
        project,
        {"SITEURL": "https://essays.example.org", **env},
    )


def test_gh_pages_pushes_the_site_with_nojekyll_and_cname_and_nothing_when_unchanged(repo):
    project, remote = repo
    first = gh_pages(project, remote, CNAME="essays.example.org")
    assert first.returncode == 0, first.stdout + first.stderr
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).splitlines()
    assert {"index.html", ".nojekyll", "CNAME", "feeds/all.atom.xml"} <= set(files)
    assert "posts/what-a-congestion-charge-actually-buys/index.html" in files
    assert git("show", "gh-pages:CNAME", cwd=remote) == "essays.example.org"
    assert git("rev-list", "--count", "gh-pages", cwd=remote) == "1"

    again = gh_pages(project, remote, CNAME="essays.example.org")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "unchanged; no commit" in again.stdout
    assert git("rev-list", "--count", "gh-pages", cwd=remote) == "1"

    essay = project / "content/posts/grid-batteries.md"
    essay.write_text(essay.read_text() + "\nA new closing line.\n")
    changed = gh_pages(project, remote, CNAME="essays.example.org")
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert git("rev-list", "--count", "gh-pages", cwd=remote) == "2"


def test_gh_pages_without_a_custom_domain_writes_no_cname(repo):
    project, remote = repo
    result = gh_pages(project, remote)
    assert result.returncode == 0, result.stdout + result.stderr
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).splitlines()
    assert ".nojekyll" in files and "CNAME" not in files


def test_every_job_has_a_time_limit():
    for workflow in WORKFLOWS:
        for name, job in load(workflow.name)["jobs"].items():
            minutes = job.get("timeout-minutes")
            assert isinstance(minutes, int) and 0 < minutes <= 60, f"{workflow.name}: {name}"


def test_the_deploy_installs_exactly_the_locked_packages_with_their_hashes():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    installs = [
        step["run"]
        for job in load("pages.yml")["jobs"].values()
        for step in job["steps"]
        if "pip install" in step.get("run", "")
    ]
    assert installs and all("--require-hashes -r requirements.lock" in i for i in installs)
    locked = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        found = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if found:
            locked[canonicalize_name(found[1])] = found[2]
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        wanted = Requirement(line)
        name = canonicalize_name(wanted.name)
        assert name in locked, f"{name} is not in requirements.lock: run invoke lock"
        assert wanted.specifier.contains(locked[name], prereleases=True), (
            f"requirements.lock pins {name}=={locked[name]}, outside {wanted.specifier}: "
            "run invoke lock"
        )
