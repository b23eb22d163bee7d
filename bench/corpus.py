"""A synthetic corpus of essays like ours, written three ways.

* ``ours``: TOML and YAML front matter (alternating), 5 tags from a pool of
  200, about 1,500 words, two footnotes, a table, ten citations of a
  site-wide bibliography, and a leaderboard chart in every tenth essay;
* ``vanilla``: the same essays with Pelican's native ``Key: value`` front
  matter and no chart or citation syntax (vanilla Pelican has neither);
* ``hugo``: the same TOML essays and a minimal Hugo site around them.

Deterministic: the same size gives the same bytes on every run.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

WORDS = [
    "policy",
    "evidence",
    "market",
    "price",
    "budget",
    "tariff",
    "subsidy",
    "grid",
    "housing",
    "permit",
    "transit",
    "toll",
    "data",
    "index",
    "model",
    "survey",
    "wage",
    "inflation",
    "demand",
    "supply",
    "household",
    "region",
    "city",
    "state",
    "nation",
    "trade",
    "export",
    "import",
    "energy",
    "storage",
    "battery",
    "solar",
    "carbon",
    "water",
    "drought",
    "school",
    "hospital",
    "clinic",
    "insurance",
    "pension",
    "tax",
    "revenue",
    "deficit",
    "growth",
    "rate",
    "share",
    "cost",
    "benefit",
    "risk",
    "forecast",
    "measure",
    "the",
    "a",
    "of",
    "to",
    "in",
    "and",
    "that",
    "for",
    "with",
    "on",
    "as",
    "by",
    "from",
    "at",
    "this",
    "which",
    "their",
    "more",
    "than",
    "over",
    "under",
]
TAGS = [f"Topic {n:03d}" for n in range(200)]
SOURCES = 200


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, index: int, rich: bool) -> str:
    parts = []
    for section in range(5):
        parts.append(f"## Section {section + 1}")
        for _ in range(3):
            parts.append(_paragraph(rng, 95))
    parts[2] += "[^one]"
    parts[8] += "[^two]"
    parts.append("| Measure | Value |\n|---|---|\n| First | 1.5 |\n| Second | 2.5 |")
    if rich:
        keys = rng.sample(range(SOURCES), 10)
        for n, key in enumerate(keys):
            at = 1 + (n % 15)
            parts[at] += f" [@src{key:03d}]"
        if index % 10 == 0:
            parts.insert(4, "```leaderboard\ndataset: bench-index\ntop: 10\n```")
    parts.append("[^one]: A first note.\n[^two]: A second note.")
    return "\n\n".join(parts) + "\n"


def essay(index: int, flavour: str) -> tuple[str, str]:
    """(file name, text) of essay ``index`` in the given flavour."""
    rng = random.Random(index)
    title = f"Essay {index:05d} on {rng.choice(WORDS)} and {rng.choice(WORDS)}"
    tags = rng.sample(TAGS, 5)
    day = f"2024-{1 + index % 12:02d}-{1 + index % 28:02d}"
    body = _body(rng, index, rich=flavour == "ours")
    if flavour == "vanilla":
        head = f"Title: {title}\nDate: {day} 09:00\nTags: {', '.join(tags)}\n\n"
    elif flavour == "ours" and index % 2:
        tag_list = "\n".join(f"  - {t}" for t in tags)
        head = f"---\ntitle: {title}\ndate: {day} 09:00:00 -05:00\ntags:\n{tag_list}\n---\n"
    else:
        quoted = ", ".join(f'"{t}"' for t in tags)
        head = (
            f"+++\ntitle = '{title}'\ndate = {day}T09:00:00-05:00\n"
            f"tags = [{quoted}]\ndraft = false\n+++\n"
        )
    return f"essay-{index:05d}.md", head + "\n" + body


HUGO_CONFIG = """baseURL = "http://127.0.0.1/"
title = "Bench"
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html lang=en><head><title>{{ .Title }}</title>"
    '</head><body>{{ block "main" . }}{{ end }}</body></html>',
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
    '{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a>{{ end }}{{ end }}',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Pages }}'
    '<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ .Summary }}{{ end }}{{ end }}',
}


def write(root: Path, size: int) -> dict[str, Path]:
    """Write the three corpora for ``size`` essays under ``root``; returns their folders."""
    shutil.rmtree(root, ignore_errors=True)
    ours, vanilla, hugo = root / "ours", root / "vanilla", root / "hugo"
    for index in range(size):
        for flavour, folder in (
            ("ours", ours / "posts"),
            ("vanilla", vanilla / "posts"),
            ("hugo", hugo / "content" / "posts"),
        ):
            name, text = essay(
                index,
                "vanilla" if flavour == "vanilla" else ("hugo" if flavour == "hugo" else "ours"),
            )
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    bibliography = ours / "bibliography"
    bibliography.mkdir(parents=True)
    (bibliography / "bench.yaml").write_text(
        "".join(
            f"- id: src{n:03d}\n  title: Source number {n}\n  url: https://example.org/{n}\n"
            f"  publisher: Publisher {n % 17}\n  date: 20{10 + n % 15}\n  category: C{n % 5}\n"
            for n in range(SOURCES)
        ),
        encoding="utf-8",
    )
    data = ours / "data" / "bench-index"
    data.mkdir(parents=True)
    (data / "dataset.yaml").write_text(
        "title: Bench index\nsource: {name: Bench, url: 'https://example.org/'}\n"
        "label: model\nvalue: score\n",
        encoding="utf-8",
    )
    rng = random.Random(0)
    (data / "2025-01-01.csv").write_text(
        "model,score\n" + "".join(f"Model {n},{rng.randint(20, 90)}\n" for n in range(30)),
        encoding="utf-8",
    )
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        target = hugo / "layouts" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return {"ours": ours, "vanilla": vanilla, "hugo": hugo}
