"""The settings reference's tables (docs/settings.md), made from each
plugin's own definitions.

`invoke settings-doc` rewrites them; a test fails when the page and the
definitions disagree, so a default cannot be documented wrongly.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

CONF = Path(__file__).resolve().parents[1] / "pelicanconf.py"
REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def enabled_plugins() -> list[str]:
    """PLUGINS as pelicanconf.py lists them (read, not executed)."""
    tree = ast.parse(CONF.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "PLUGINS":
            return list(ast.literal_eval(node.value))
    return []


PLUGINS = tuple(enabled_plugins())
_BLOCK = re.compile(r"(<!-- settings:(?P<name>\w+) -->\n)(?P<body>.*?)(<!-- /settings -->)", re.S)


def definitions(plugin: str) -> tuple:
    try:
        module = importlib.import_module(f"{plugin}.settings")
    except ModuleNotFoundError:
        return ()
    return module.SETTINGS


def table(plugin: str) -> str:
    rows = ["| Setting | Default | What it does |", "|---|---|---|"]
    for setting in definitions(plugin):
        help_text = setting.help.replace("|", "\\|")
        rows.append(f"| `{setting.name}` | `{setting.default!r}` | {help_text} |")
    return "\n".join(rows) + "\n"


def rewrite(readme: str) -> str:
    """The page with every settings block made from the definitions."""
    return _BLOCK.sub(lambda m: m.group(1) + table(m["name"]) + m.group(4), readme)


def documented(readme: str) -> set[str]:
    return {m["name"] for m in _BLOCK.finditer(readme)}
