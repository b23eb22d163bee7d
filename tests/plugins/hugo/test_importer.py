"""Importing a Hugo site: byte for byte, idempotent, never overwriting, reported."""

from __future__ import annotations

import filecmp
import importlib
from pathlib import Path

import pytest

importer = importlib.import_module("hugo.importer")
HugoError = importlib.import_module("hugo.errors").HugoError
SITE = Path(__file__).parent / "site"
KNOWN = {"ref", "relref", "param", "highlight", "figure", "youtube", "vimeo", "x", "tweet",
         "gist", "instagram"}  # fmt: skip


def source_files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_content_static_and_config_arrive_byte_for_byte(tmp_path):
    report = importer.import_site(SITE, tmp_path, known_shortcode=KNOWN.__contains__)
    for folder in ("content", "static"):
        files = source_files(SITE / folder)
        assert files, folder
        for relative in files:
            assert filecmp.cmp(
                SITE / folder / relative, tmp_path / folder / relative, shallow=False
            )
    assert (tmp_path / "hugo.toml").read_bytes() == (SITE / "hugo.toml").read_bytes()
    assert not (tmp_path / "layouts").exists()
    assert (
        len(report.copied)
        == len(source_files(SITE / "content"))
        + len(source_files(SITE / "static"))
        + len(source_files(SITE / "themes" / "oldtheme" / "static"))
        + 1
    )
    assert report.theme_files == ["static/favicon.ico (theme oldtheme)"]
    assert report.conflicts == [] and report.problems == []


def test_a_second_run_changes_nothing(tmp_path):
    importer.import_site(SITE, tmp_path, known_shortcode=KNOWN.__contains__)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    again = importer.import_site(SITE, tmp_path, known_shortcode=KNOWN.__contains__)
    assert again.copied == [] and again.conflicts == []
    assert len(again.unchanged) == len(before)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_file_that_differs_is_reported_and_never_overwritten(tmp_path):
    mine = tmp_path / "content" / "about.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("+++\ntitle = 'Mine'\n+++\nMy own words.\n", encoding="utf-8")
    report = importer.import_site(SITE, tmp_path, known_shortcode=KNOWN.__contains__)
    assert report.conflicts == ["content/about.md"]
    assert mine.read_text(encoding="utf-8").endswith("My own words.\n")
    assert any("NOT OVERWRITTEN content/about.md" in line for line in report.lines())


def test_the_report_counts_what_it_met_and_names_what_needs_work(tmp_path):
    report = importer.import_site(SITE, tmp_path, known_shortcode=KNOWN.__contains__)
    assert report.shortcodes["figure"] == 2 and report.shortcodes["param"] == 3
    assert report.keys["title"] == 13 and report.keys["expirydate"] == 1
    assert report.unknown_keys == {"editor_note": 1}
    # Without a folder to translate them into, the site's own shortcodes are unknown.
    assert [line.split(": ", 1)[1] for line in report.unknown_shortcodes] == [
        "{{< checked >}}",
        '{{% callout kind="note" %}}',
        "{{< sup 3 >}}",
        "{{< rawhtml >}}",
        '{{< checked title="Checked" >}}',
    ]
    text = "\n".join(report.lines())
    assert "NOT IMPORTED layouts/" in text
    assert "Nothing needs fixing" not in text


def test_the_sites_own_shortcodes_are_translated_once_and_never_overwritten(tmp_path):
    folder = tmp_path / "theme" / "shortcodes"
    report = importer.import_site(
        SITE, tmp_path, known_shortcode=KNOWN.__contains__, shortcodes_dir=folder
    )
    assert report.unknown_shortcodes == []
    assert sorted(p.name for p in folder.iterdir()) == [
        "callout.html", "checked.html", "rawhtml.html", "sup.html",
    ]  # fmt: skip
    assert (
        (folder / "sup.html")
        .read_text(encoding="utf-8")
        .endswith('<sup class="marker">{{ get(0) }}</sup>\n')
    )
    again = importer.import_site(
        SITE, tmp_path, known_shortcode=KNOWN.__contains__, shortcodes_dir=folder
    )
    assert "theme/shortcodes/sup.html" in again.unchanged and not again.conflicts
    (folder / "sup.html").write_text("<sup>{{ get(0) }}!</sup>", encoding="utf-8")
    third = importer.import_site(
        SITE, tmp_path, known_shortcode=KNOWN.__contains__, shortcodes_dir=folder
    )
    assert third.conflicts == ["theme/shortcodes/sup.html"]
    assert (folder / "sup.html").read_text(encoding="utf-8") == "<sup>{{ get(0) }}!</sup>"


def test_a_folder_that_is_not_a_hugo_site_is_refused(tmp_path):
    with pytest.raises(HugoError, match="there is no content/ folder here"):
        importer.import_site(tmp_path / "nowhere", tmp_path)


def test_raw_html_hugo_would_leave_out_is_counted_per_essay(tmp_path):
    import shutil

    site = tmp_path / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "Raw"\n')  # Hugo's default: unsafe = false
    (site / "content" / "posts" / "raw.md").write_text(
        "+++\ntitle = 'Raw'\n+++\n<div class=\"box\">A block.</div>\n\n"
        "Inline <b>bold</b> and `<code>` in code.\n\n```html\n<p>fenced</p>\n```\n"
    )
    (site / "content" / "posts" / "plain.md").write_text("+++\ntitle = 'Plain'\n+++\nNo tags.\n")
    report = importer.import_site(site, tmp_path / "project")
    assert report.omitted_html == [
        "content/posts/raw.md: 3 raw HTML tags or blocks, left out as on the Hugo site "
        "(markup.goldmark.renderer.unsafe is false); set unsafe = true under "
        "[markup.goldmark.renderer] in the configuration to keep them"
    ]
    assert "RAW HTML OMITTED content/posts/raw.md" in "\n".join(report.lines())
    shutil.rmtree(tmp_path / "project")
    (site / "hugo.toml").write_text('title = "Raw"\n[markup.goldmark.renderer]\nunsafe = true\n')
    assert importer.import_site(site, tmp_path / "project").omitted_html == []


def test_a_layout_or_type_the_theme_cannot_honour_is_named(tmp_path):
    site = tmp_path / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "T"\n')
    fronts = {"kept": 'type = "wide"', "page": 'type = "page"', "gone": 'layout = "gallery"'}
    for name, line in [*fronts.items(), ("plain", "")]:
        (site / "content" / "posts" / f"{name}.md").write_text(
            f"+++\ntitle = 'X'\n{line}\n+++\nX\n"
        )
    report = importer.import_site(
        site, tmp_path / "project", theme_templates={"article", "page", "wide"}
    )
    assert [line.split(":")[0] for line in report.template_fallbacks] == [
        "content/posts/gone.md",
        "content/posts/page.md",
    ]
    assert "TEMPLATE content/posts/page.md: layout/type 'page' is not a template" in "\n".join(
        report.lines()
    )


def test_a_theme_that_is_not_in_the_site_is_named_and_the_sites_own_static_wins(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "a.md").write_text("+++\ntitle = 'A'\n+++\nText.\n")
    (site / "hugo.toml").write_text('title = "x"\ntheme = ["mine", "gone"]\n')
    (site / "static").mkdir()
    (site / "static" / "favicon.ico").write_bytes(b"the site's own")
    (site / "themes" / "mine" / "static" / "icons").mkdir(parents=True)
    (site / "themes" / "mine" / "static" / "favicon.ico").write_bytes(b"the theme's")
    (site / "themes" / "mine" / "static" / "icons" / "touch.png").write_bytes(b"icon")
    project = tmp_path / "project"
    report = importer.import_site(site, project)
    assert (project / "static" / "favicon.ico").read_bytes() == b"the site's own"
    assert (project / "static" / "icons" / "touch.png").read_bytes() == b"icon"
    assert report.theme_files == ["static/icons/touch.png (theme mine)"]
    (gone,) = [line for line in report.unmapped if "gone" in line]
    assert "themes/gone/ is not in the site" in gone and "copy them into static/" in gone
    assert any("NOT CARRIED OVER theme 'gone'" in line for line in report.lines())
