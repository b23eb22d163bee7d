"""Hugo shortcode templates translated to Jinja: rendered as Hugo renders them."""

from __future__ import annotations

import importlib

import pytest
from jinja2 import Environment, select_autoescape
from markupsafe import Markup

translate = importlib.import_module("hugo.translate")
render = importlib.import_module("hugo.render")


def run(template: str, *args, inner=None, page=None, site=None, **named) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters.update(markdownify=render.markdownify, plainify=render.plainify)
    jinja = translate.translate(template, "layouts/shortcodes/t.html")

    def get(key):
        if isinstance(key, int):
            return args[key] if key < len(args) else None
        return named.get(key)

    return env.from_string(jinja).render(
        get=get,
        args=list(args),
        params=named or list(args),
        inner=Markup(inner) if inner is not None else None,
        page=page or {},
        site=site or {"title": "Ledger", "params": {}, "baseurl": "https://x.example"},
        ordinal=0,
        name="t",
    )


@pytest.mark.parametrize(
    ("template", "call", "expected"),
    [
        ("<sup>{{ .Get 0 }}</sup>", {"args": ("3",)}, "<sup>3</sup>"),
        ("<sup>{{ .Get 0 }}</sup>", {"args": ("<b>",)}, "<sup>&lt;b&gt;</sup>"),
        ("{{ .Inner }}", {"inner": "<span>kept</span>"}, "<span>kept</span>"),
        ("{{ .Inner | markdownify }}", {"inner": "**bold**"}, "<strong>bold</strong>"),
        ("{{ markdownify .Inner }}", {"inner": "*it*"}, "<em>it</em>"),
        (
            '<img src="{{ .Get "src" }}">',
            {"src": 'a.png" onerror="x'},
            '<img src="a.png&#34; onerror=&#34;x">',
        ),
        ('{{ with .Get "title" }}<h3>{{ . }}</h3>{{ end }}', {"title": "T"}, "<h3>T</h3>"),
        ('{{ with .Get "title" }}<h3>{{ . }}</h3>{{ end }}', {}, ""),
        ('{{ with .Get "t" }}{{ . }}{{ else }}none{{ end }}', {}, "none"),
        ("{{ .Page.Params.editor_note }}", {"page": {"editor_note": "Checked"}}, "Checked"),
        (
            "{{ .Site.Params.survey.year }}",
            {"site": {"params": {"survey": {"year": 2024}}}},
            "2024",
        ),
        ("{{ .Site.Title }}", {}, "Ledger"),
        ('{{ .Get "id" | default (.Get 0) }}', {"args": ("7",)}, "7"),
        ('{{ .Get "id" | default "none" }}', {}, "none"),
        (
            '{{ if eq (.Get "kind") "note" }}N{{ else if .Get "x" }}X{{ else }}E{{ end }}',
            {"kind": "note"},
            "N",
        ),
        (
            '{{ if eq (.Get "kind") "note" }}N{{ else if .Get "x" }}X{{ else }}E{{ end }}',
            {"x": "1"},
            "X",
        ),
        ('{{- if and (.Get "a") (not (.Get "b")) -}} A {{- end -}}', {"a": "1"}, "A"),
        (
            '{{ $c := .Get "class" | default "box" }}<div class="{{ $c }}"></div>',
            {},
            '<div class="box"></div>',
        ),
        ('{{ .Get "t" | safeHTML }}', {"t": "<i>x</i>"}, "<i>x</i>"),
        ('{{ .Get "t" | upper }}', {"t": "abc"}, "ABC"),
        ('{{ printf "%s-%s" (.Get 0) (.Get 1) }}', {"args": ("a", "b")}, "a-b"),
        ("{{/* a comment */}}x", {}, "x"),
        ('{{ trim (.Get 0) "-" }}|{{ chomp .Inner }}|', {"args": ("-a-",), "inner": "b\n"}, "a|b|"),
        ('{{ if isset .Params "k" }}set{{ end }}', {"k": "1"}, "set"),
        (
            '{{ replace (.Get 0) "a" "o" }}',
            {
                "args": ("banana",),
            },
            "bonono",
        ),
        ('{{ absURL "/img/x.png" }}', {}, "https://x.example/img/x.png"),
        ('{{ index .Site.Params "k" }}', {"site": {"params": {"k": "v"}}}, "v"),
        ('{{ if eq (.Get 0) "a" "b" }}yes{{ end }}', {"args": ("b",)}, "yes"),
        ("{{ len (.Get 0) }}", {"args": ("abcd",)}, "4"),
        (
            "{% set x = 1 %}{{ .Get 0 }} {# not Jinja #}",
            {"args": ("a",)},
            "{% set x = 1 %}a {# not Jinja #}",
        ),
    ],
)
def test_translated_shortcodes_render_as_hugo_would(template, call, expected):
    call = dict(call)
    args = call.pop("args", ())
    assert run(template, *args, **call) == expected


@pytest.mark.parametrize(
    ("template", "uses"),
    [
        ('{{ range .Page.Resources.ByType "image" }}{{ .RelPermalink }}{{ end }}', "range"),
        ('{{ partial "card.html" . }}', "the function partial"),
        ("{{ .Page.Resources.Get 0 }}", ".Page.Resources.Get"),
        ("{{ .Page.Params.__class__ }}", "the field .Page.Params.__class__"),
        ('{{ .Get "x" | urlize }}', "the function urlize"),
        ("{{ if .Get 0 }}open", "an {{ if }} without its {{ end }}"),
    ],
)
def test_what_cannot_be_translated_is_named(template, uses):
    with pytest.raises(translate.Untranslatable) as caught:
        translate.translate(template, "layouts/shortcodes/t.html")
    assert str(caught.value) == uses


def test_the_translation_names_its_origin():
    jinja = translate.translate("<sup>{{ .Get 0 }}</sup>", "layouts/shortcodes/sup.html")
    assert jinja.splitlines()[0] == (
        "{#- Translated from the Hugo shortcode layouts/shortcodes/sup.html "
        "by invoke import-hugo. -#}"
    )
