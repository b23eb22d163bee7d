"""The Nu HTML validator reports no error on any page the theme writes."""

from __future__ import annotations

from sitecheck.nu import validate


def test_the_checker_itself_finds_errors(tmp_path):
    (tmp_path / "bad.html").write_text(
        "<!doctype html><html lang=en><head><title>x</title></head>"
        "<body><p><div>block in p</p></body></html>",
        encoding="utf-8",
    )
    findings = validate(str(tmp_path))
    assert findings, "a page with a stray end tag must not pass"
    assert findings[0].file == "bad.html"


def test_sample_site_local_build_is_valid(sample_local):
    assert [str(f) for f in validate(str(sample_local.output))] == []


def test_sample_site_publish_build_is_valid(sample_publish):
    assert [str(f) for f in validate(str(sample_publish.output))] == []
