"""The publish build, tried on a site just imported: what it would refuse.

The import runs the build a publish runs (publishconf.py, links checked)
into a temporary folder, keeping going past every problem, and reads back
what it logged (publish_guard's ``PROBLEMS_FILE``). Links that are broken
there were broken in the Hugo site already (the import copies it byte for
byte): they are recorded in the link check's list of known broken links, so
that the first publish is not blocked by old damage, while any other
problem is named for the author to fix.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Trial:
    """What the trial build said, sorted out."""

    #: (content file, target path) of each link broken in an essay's own page
    broken: set[tuple[str, str]] = field(default_factory=set)
    #: a line for the report for each of those: file:line, tag, URL, page
    broken_said: dict[tuple[str, str], str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def run(project: Path, content: str, timeout: int = 900) -> list[dict]:
    """The warnings and errors of a publish build of ``project`` (as plain data)."""
    with tempfile.TemporaryDirectory(prefix="import-trial-") as folder:
        problems = os.path.join(folder, "problems.json")
        command = [
            sys.executable, "-m", "pelican", content, "-s", "publishconf.py",
            "-o", os.path.join(folder, "output"),
            "-e", "FAIL_ON_ERRORS=false", "KEEP_GOING=true", "LINK_CHECK=true",
            "LINK_CHECK_KNOWN_BROKEN=null",
            f"PROBLEMS_FILE={json.dumps(problems)}",
            f"CACHE_PATH={json.dumps(os.path.join(folder, 'cache'))}",
        ]  # fmt: skip
        env = dict(os.environ, NO_COLOR="1", COLUMNS="200")
        try:
            result = subprocess.run(
                command, cwd=project, env=env, capture_output=True, text=True,
                timeout=timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return [{"level": "error", "message": f"the trial build took over {timeout} s"}]
        try:
            with open(problems, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
            return [
                {
                    "level": "error",
                    "message": "the trial build stopped before it could report: "
                    + " / ".join(tail),
                }
            ]


def sort_out(records: list[dict]) -> Trial:
    """Broken links an essay's page shows (old damage), the other errors, the warnings."""
    trial = Trial()
    pending = []
    for record in records:
        message = str(record.get("message", ""))
        if record.get("kind") == "broken_link" and record.get("target"):
            if record.get("source"):
                key = (record["source"], record["target"])
                trial.broken.add(key)
                # The link check's own word (with the tag and page) over the reader's.
                checked = str(record.get("page") or "").endswith(".html")
                if key not in trial.broken_said or checked:
                    line = f":{record['line']}" if record.get("line") else ""
                    trial.broken_said[key] = (
                        f"{record['source']}{line}: <{record.get('tag')}> {record.get('url')} "
                        f"leads to no file (on {record.get('page')})"
                    )
                continue
            pending.append((record["target"], message))  # a list page's copy
            continue
        if record.get("level") in ("error", "critical"):
            if message not in trial.errors:
                trial.errors.append(message)
        elif message not in trial.warnings:
            trial.warnings.append(message)
    targets = {target for _, target in trial.broken}
    trial.errors += [m for target, m in pending if target not in targets and m not in trial.errors]
    # The build's closing counts are about the problems above; the report counts its own.
    trial.warnings = [w for w in trial.warnings if "this local build went on" not in w]
    return trial


def record(trial: Trial, project: Path, name: str | None) -> tuple[str | None, set]:
    """Write the links broken before the move to the link check's list ``name``
    (beside the content folder) when there is none yet; an existing list is the
    author's and is left alone. Returns the file written (or None) and the
    broken links that the list in place does not name."""
    from link_check.known import parse, render  # the link check reads this file

    if not name or not trial.broken:
        return None, set()
    path = project / name
    if path.exists():
        listed = parse(path.read_text(encoding="utf-8", errors="replace"))
        return None, trial.broken - listed
    path.write_text(render(trial.broken), encoding="utf-8")
    return name, set()
