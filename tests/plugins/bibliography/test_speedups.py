"""Remembered style lookups give exactly the references citeproc-py gives without them."""

from __future__ import annotations

import importlib

import pytest

fmt = importlib.import_module("bibliography.format")
speedups = importlib.import_module("bibliography.speedups")
Entry = importlib.import_module("bibliography.entries").Entry

ENTRIES = [
    Entry(id="a", title="Congestion Relief Zone", url="https://x.example/a",
          publisher="Metropolitan Transportation Authority", accessed="2025-11-02"),
    Entry(id="b", title="Permits & <em>starts</em>", authors=["Ferreira, Tomás", "Ana Ruiz"],
          date="2024-03", publisher="Census Bureau"),
    Entry(id="c", title="A study", authors=["Lee, K.", "Okafor, R.", "Ng, P.", "Diaz, M."],
          date="2019-07-14", publisher="Journal of Transport"),
    Entry(id="d", title="Solo", authors=["World Bank"], date="2021"),
]  # fmt: skip


@pytest.mark.parametrize(
    "style",
    [
        "chicago-author-date",
        "apa",
        "ieee",
        "harvard-cite-them-right",
        "modern-language-association",
    ],
)
def test_the_same_references_with_and_without_remembered_lookups(style):
    speedups.uninstall()
    try:
        plain = fmt._cite(ENTRIES, style)
    finally:
        speedups.install()
    assert fmt.model_lookup_is_remembered()
    assert fmt._cite(ENTRIES, style) == plain
    assert fmt._cite(ENTRIES, style) == plain  # and again, from remembered answers
    assert all(plain.values())
