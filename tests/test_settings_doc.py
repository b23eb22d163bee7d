"""The settings reference documents every plugin setting with the default the code uses."""

from __future__ import annotations

from sitecheck.settings_doc import PLUGINS, REFERENCE, definitions, documented, rewrite

README = REFERENCE


def test_the_reference_tables_match_the_definitions():
    text = README.read_text(encoding="utf-8")
    assert rewrite(text) == text, "run `python3 -m invoke settings-doc` and commit docs/settings.md"


def test_every_plugin_with_settings_has_a_table():
    text = README.read_text(encoding="utf-8")
    with_settings = {name for name in PLUGINS if definitions(name)}
    assert with_settings == documented(text)
