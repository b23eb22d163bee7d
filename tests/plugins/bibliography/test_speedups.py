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
    # Entries of one type with different fields: a style's tests of which
    # fields an entry has must be answered for each (see speedups._if_render).
    Entry(id="e", title="Undated note", authors=["Okafor, R."], url="https://x.example/e"),
    Entry(id="f", title="Dated page", date="2023-05-02", url="https://x.example/f",
          publisher="Port Authority", accessed="2025-01-09"),
    Entry(id="g", title="Signed page", authors=["Lee, K."], date="2022-10",
          url="https://x.example/g"),
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


def test_sources_are_formatted_once_before_front_matter_forks_its_workers(monkeypatch):
    """front_matter's signal (by name) has the site's sources formatted in the
    parent, so its forked workers inherit them rather than each formatting them."""
    import blinker
    from pelican import signals

    plugin = importlib.import_module("bibliography.plugin")
    builder = importlib.import_module("bibliography.builder")
    site = {entry.id: entry for entry in ENTRIES}
    current = builder.SourcesBuilder(lambda: site, "apa", [], None)
    monkeypatch.setitem(plugin._current, "builder", current)
    monkeypatch.setattr(fmt, "_FORMATTED", {})
    starting = blinker.signal("front_matter.render_workers_starting")
    wired = [
        (signals.initialized, plugin.start),
        (signals.get_generators, plugin.get_generators),
        (signals.finalized, plugin.keep_cache),
        (starting, plugin.format_before_workers),
    ]
    plugin.register()

    class Generator:
        settings = {"RENDER_WORKERS": 1}

    try:
        starting.send(Generator(), essays=["a.md"])
    finally:  # no other test registers this plugin in-process: leave no receiver behind
        for signal, receiver in wired:
            signal.disconnect(receiver)
    assert {key[1] for key in fmt._FORMATTED} == {entry.title for entry in ENTRIES}
    assert all(key[0] == "apa" for key in fmt._FORMATTED)
