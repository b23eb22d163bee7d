"""One reader renders essay after essay with one Markdown, and nothing carries over."""

from __future__ import annotations

from pathlib import Path

from front_matter.reader import FrontMatterReader
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[3]

ESSAYS = {
    # Defines an abbreviation, footnotes and a heading the next essays repeat.
    "first.md": """+++
title = "First"
date = 2025-12-01T09:00:00-05:00
+++
## Costs

The HTML report[^a] and the WHO data[^b].

*[HTML]: HyperText Markup Language
*[WHO]: World Health Organization

[^a]: First note.
[^b]: Second note.
""",
    # Uses the abbreviations without defining them, and one footnote of its own.
    "second.md": """+++
title = "Second"
date = 2025-12-02T09:00:00-05:00
+++
## Costs

## Costs

More HTML from the WHO[^a].

[^a]: Only note.

Term
: Definition
""",
    "third.md": """---
title: Third
date: 2025-12-03 09:00:00 -05:00
summary: A *short* summary with HTML.
---
| A | B |
|---|---|
| 1 | 2 |

```python
print("x")
```
""",
}


def _reader() -> FrontMatterReader:
    # The site's own Markdown settings (its extensions: Extra's parts, toc, Goldmark's).
    return FrontMatterReader(read_settings(str(ROOT / "pelicanconf.py")))


def test_each_essay_renders_as_it_would_alone(tmp_path):
    paths = []
    for name, text in ESSAYS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    alone = [_reader().read(path) for path in paths]
    shared = _reader()
    together = [shared.read(path) for path in [*paths, *paths]]  # twice over
    assert shared._markdown is not None
    assert [html for html, _ in together] == [html for html, _ in alone] * 2
    assert [meta.get("summary") for _, meta in together] == [
        meta.get("summary") for _, meta in alone
    ] * 2
    second = alone[1][0]
    assert "<abbr" not in second  # the first essay's abbreviations stay its own
    assert second.count('class="footnote-ref"') == 1
    assert 'id="costs-1"' in second  # the heading ids start again for each essay (Goldmark's -1)
