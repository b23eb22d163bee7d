"""The settings reference documents every plugin setting with the default the code uses."""

from __future__ import annotations

from pathlib import Path

from sitecheck.settings_doc import PLUGINS, REFERENCE, definitions, documented, rewrite

README = REFERENCE


def test_the_reference_tables_match_the_definitions():
    text = README.read_text(encoding="utf-8")
    assert rewrite(text) == text, "run `python3 -m invoke settings-doc` and commit docs/settings.md"


def test_every_plugin_with_settings_has_a_table():
    text = README.read_text(encoding="utf-8")
    with_settings = {name for name in PLUGINS if definitions(name)}
    assert with_settings == documented(text)


def test_every_setting_a_plugin_reads_is_documented_or_pelicans_own():
    """Every upper-case name the plugins read from the settings is in a table,
    one of Pelican's defaults, or named in the reference's prose."""
    import re

    from pelican.settings import DEFAULT_CONFIG

    plugins = Path(__file__).resolve().parents[1] / "plugins"
    pattern = re.compile(r"""settings(?:\.get|\.setdefault)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""")
    read = {
        name
        for path in plugins.rglob("*.py")
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }
    defined = {setting.name for plugin in PLUGINS for setting in definitions(plugin)}
    text = README.read_text(encoding="utf-8")
    missing = sorted(
        name for name in read - defined - set(DEFAULT_CONFIG) if not re.search(rf"`{name}\b", text)
    )
    assert len(read) > 40  # the pattern finds what the plugins read
    assert missing == [], f"document these in docs/settings.md: {missing}"
