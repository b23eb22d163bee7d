"""axe-core accessibility checks in a Playwright page (axe.min.js as shipped on PyPI)."""

from __future__ import annotations

import os

import axe_playwright_python

WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page, selector: str | None = None) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page (or one part of it)."""
    script = os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")
    page.add_script_tag(path=script)
    context = selector or "document"
    if selector:
        context = f"document.querySelector({selector!r})"
    result = page.evaluate(
        f"axe.run({context}, {{runOnly: {{type: 'tag', values: {WCAG21_AA!r}}}}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in result["violations"]
    ]
