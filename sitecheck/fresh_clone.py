"""Run the README's two commands in a fresh clone, the way a newcomer would.

The README promises that two commands, copied from its "Two commands"
section, set everything up on a new machine: the first builds and serves the
sample site, the second runs the whole test suite and passes. A newcomer's
clone has no ``../shared`` beside it, so this clones the committed ``HEAD``
into an empty temporary folder (with nothing beside it), runs both commands
exactly as the README prints them, and fails if either does not do its job.

    python3 -m sitecheck.fresh_clone [--keep]

CI runs it after the test suite. It checks what is committed: uncommitted
changes in the working tree are not part of a clone.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Two commands"
#: What the served sample site must answer with 200: the pages a reader opens first.
PAGES = ("/", "/search/", "/feeds/all.atom.xml", "/sources/", "/data/")
SERVE_TIMEOUT = 300.0
TEST_TIMEOUT = 40 * 60


def readme_commands(readme: str) -> list[str]:
    """The shell blocks of the README's "Two commands" section, in order."""
    start = readme.find(f"\n{SECTION}\n")
    if start < 0:
        raise SystemExit(f"README.md has no {SECTION!r} section")
    end = readme.find("\n## ", start + len(SECTION) + 2)
    section = readme[start : end if end > 0 else len(readme)]
    blocks = re.findall(r"^```sh\n(.*?)^```$", section, flags=re.M | re.S)
    commands = [" ".join(block.split("\n")).strip() for block in blocks]
    if len(commands) != 2:
        raise SystemExit(f"README.md's {SECTION!r} section has {len(commands)} sh blocks, not 2")
    return commands


def _environment() -> dict[str, str]:
    """The caller's environment, less what CI sets for its own run."""
    env = dict(os.environ)
    for name in ("MOE_REQUIRE_FIXTURES", "PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST"):
        env.pop(name, None)
    return env


def _wait_for_pages(base: str, server: subprocess.Popen, log: Path) -> list[str]:
    """Poll the served site until every page answers; the problems if not."""
    deadline = time.monotonic() + SERVE_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return [
                f"the first command ended (status {server.returncode}) before serving:\n"
                + log.read_text(errors="replace")[-3000:]
            ]
        problems = []
        for page in PAGES:
            try:
                with urllib.request.urlopen(base + page, timeout=10) as response:
                    if response.status != 200:
                        problems.append(f"{page}: status {response.status}")
            except urllib.error.HTTPError as error:
                problems.append(f"{page}: status {error.code}")
            except OSError as error:
                problems.append(f"{page}: {error}")
        if not problems:
            return []
        time.sleep(1.0)
    return [f"not served within {SERVE_TIMEOUT:.0f} s: " + "; ".join(problems)]


def _stop(process: subprocess.Popen) -> None:
    """End the command and everything it started (it runs in its own group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def check(keep: bool = False) -> int:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    serve_command, test_command = readme_commands(readme)
    parent = Path(tempfile.mkdtemp(prefix="moe-fresh-"))
    clone = parent / "site"
    env = _environment()
    try:
        subprocess.run(
            ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True
        )
        assert not (parent / "shared").exists()
        print(f"fresh clone of HEAD in {clone}, with nothing beside it")

        print(f"first command: {serve_command}", flush=True)
        log = parent / "serve.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                serve_command,
                shell=True,
                cwd=clone,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            problems = _wait_for_pages("http://127.0.0.1:8000", server, log)
        finally:
            _stop(server)
        if problems:
            print("the first command did not serve the sample site:", *problems, sep="\n  ")
            return 1
        print(f"first command: served {', '.join(PAGES)}")

        print(f"second command: {test_command}", flush=True)
        result = subprocess.run(
            test_command,
            shell=True,
            cwd=clone,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=TEST_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            print(f"the second command failed in a fresh clone (status {result.returncode})")
            return 1
        print("both of the README's commands passed in a fresh clone without ../shared")
        return 0
    finally:
        if keep:
            print(f"kept {parent}")
        else:
            shutil.rmtree(parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(check(keep="--keep" in sys.argv[1:]))
