"""Plain text for descriptions: what a reader sees, without the page's machinery."""

from __future__ import annotations

import importlib

import pytest

plain = importlib.import_module("reading.plain")


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Plain <em>text</em>.</p>", "Plain text."),
        (
            '<p>Costs rose this autumn<span class="citation" data-text-omit="">[<a '
            'href="#ref-x">1<span class="cite-preview" data-feed-omit="">Reasoning '
            "Evaluations, Autumn Edition</span></a>]</span>, then fell.</p>",
            "Costs rose this autumn, then fell.",
        ),
        (
            '<p>A claim<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'
            '<span class="sidenote" aria-hidden="true">The note itself.</span> and more.</p>',
            "A claim and more.",
        ),
        ('<p>Text</p><div class="footnote"><ol><li>Note</li></ol></div>', "Text"),
        ("<p>a<script>alert(1)</script> b</p>\n\n<p>c</p>", "a b c"),
        ("no markup at all", "no markup at all"),
        ("", ""),
    ],
)
def test_descriptions_carry_what_a_reader_reads(html, text):
    assert plain.plain_text(html) == text
