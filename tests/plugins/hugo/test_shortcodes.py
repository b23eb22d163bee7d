"""The shortcode parser: both forms, arguments, pairs, comments and mistakes."""

from __future__ import annotations

import importlib

import pytest

shortcodes = importlib.import_module("hugo.shortcodes")


def collect(text):
    found = []

    def render(code):
        found.append(code)
        return f"[{code.name}]"

    return shortcodes.expand(text, render), found


def test_positional_named_quoted_and_raw_arguments():
    out, found = collect(
        '{{< youtube w7Ft2ymGmfc >}} {{< figure src="a b.png" caption="x > y" >}} '
        '{{% x user=`Raw "q"` id=12 %}}'
    )
    assert out == "[youtube] [figure] [x]"
    assert found[0].positional == ["w7Ft2ymGmfc"] and not found[0].markdown
    assert found[1].named == {"src": "a b.png", "caption": "x > y"}
    assert found[2].named == {"user": 'Raw "q"', "id": "12"} and found[2].markdown
    assert found[1].get("src") == "a b.png" and found[0].get(0) == "w7Ft2ymGmfc"
    assert found[0].get(3) is None


def test_escaped_quotes_inside_a_quoted_value():
    _, found = collect(r'{{< figure caption="He said \"no\"" >}}')
    assert found[0].named["caption"] == 'He said "no"'


def test_paired_shortcodes_get_their_inner_text_and_nest():
    text = (
        "{{% note %}}a {{< ref x.md >}} b{{% /note %}} "
        "{{< highlight go >}}\nx := 1\n{{< /highlight >}}"
    )
    out, found = collect(text)
    assert out == "[note] [highlight]"
    ref, note, code = found
    assert note.inner == "a [ref] b" and ref.offset == text.index("{{< ref")
    assert code.inner == "\nx := 1\n"


def test_self_closing_shortcodes_never_take_a_later_closing_tag_as_theirs():
    out, found = collect("{{< box />}} text {{< box >}}inner{{< /box >}}")
    assert out == "[box] text [box]"
    assert found[0].inner is None and found[1].inner == "inner"


def test_a_comment_keeps_the_shortcode_as_literal_text():
    out, found = collect('Write {{</* figure src="x.png" */>}} or {{%/* param a */%}}.')
    assert out == 'Write {{< figure src="x.png" >}} or {{% param a %}}.'
    assert found == []


def test_lines_count_from_the_text_start():
    text = "one\ntwo {{< a >}}\nthree"
    _, found = collect(text)
    assert shortcodes.line_of(text, found[0].offset) == 2


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("x {{< /figure >}}", "closes a shortcode that was never opened"),
        ('{{< figure "a" src="b" >}}', "mixes named and positional arguments"),
        ("{{< figure src=x %}}", "opens with {{< but closes with %}}"),
    ],
)
def test_mistakes_are_errors_with_an_offset(text, problem):
    with pytest.raises(shortcodes.ShortcodeSyntaxError) as caught:
        collect("line\n" + text)
    assert problem in str(caught.value)
    assert caught.value.offset >= 5
