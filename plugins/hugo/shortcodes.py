"""Find Hugo shortcodes in Markdown source and replace each with its output.

Both forms are read: ``{{< name ... >}}`` (output is HTML, used as is) and
``{{% name ... %}}`` (output is Markdown, rendered with the essay). Arguments
are positional (``{{< youtube w7Ft2ymGmfc >}}``) or named (``id="..."``),
quoted with ``"..."`` or raw with backticks. A shortcode is paired when a
closing ``{{< /name >}}`` follows it; ``{{< name />}}`` closes itself. A
comment ``{{</* name */>}}`` is kept as the literal text ``{{< name >}}``, the
way Hugo's documentation shows a shortcode without running it.

Nothing here knows Pelican or Markdown: :func:`expand` calls a function for
each shortcode and puts what it returns where the shortcode was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_TAG = re.compile(
    r"\{\{(?P<delim>[<%])(?P<comment>/\*)?\s*(?P<close>/)?\s*(?P<name>[A-Za-z0-9_.\-/]+?)"
    r"(?P<args>(?:\s(?:[^\"`%>]|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|%(?!\}\})|>(?!\}\}))*?)?)"
    r"\s*(?P<selfclose>/)?\s*(?P<endcomment>\*/)?(?P<end>[>%])\}\}",
    re.DOTALL,
)
_ARG = re.compile(
    r"""\s*(?:(?P<key>[A-Za-z_][\w-]*)\s*=\s*)?"""
    r"""(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|`(?P<raw>[^`]*)`|(?P<bare>[^\s"`]+))""",
    re.DOTALL,
)


class ShortcodeSyntaxError(ValueError):
    def __init__(self, problem: str, hint: str, offset: int) -> None:
        self.problem = problem
        self.hint = hint
        self.offset = offset
        super().__init__(f"{problem}. {hint}")


@dataclass
class Shortcode:
    """One use of a shortcode, with what its template needs."""

    name: str
    markdown: bool  # {{% %}} rather than {{< >}}
    positional: list[str] = field(default_factory=list)
    named: dict[str, str] = field(default_factory=dict)
    inner: str | None = None
    offset: int = 0  # where it starts in the text given to expand()
    source: str = ""
    ordinal: int = 0

    def get(self, key: int | str, default: str | None = None) -> str | None:
        """Hugo's ``.Get``: a position or a name."""
        if isinstance(key, int):
            return self.positional[key] if key < len(self.positional) else default
        return self.named.get(key, default)


def parse_args(text: str, offset: int = 0) -> tuple[list[str], dict[str, str]]:
    positional: list[str] = []
    named: dict[str, str] = {}
    position = 0
    text = text.strip()
    while position < len(text):
        match = _ARG.match(text, position)
        if not match or match.end() == position:
            raise ShortcodeSyntaxError(
                f"cannot read the shortcode's arguments at {text[position : position + 20]!r}",
                'Quote values with spaces: name="a value"',
                offset,
            )
        value = match["quoted"]
        if value is not None:
            value = re.sub(r"\\(.)", r"\1", value)
        elif match["raw"] is not None:
            value = match["raw"]
        else:
            value = match["bare"]
        if match["key"]:
            named[match["key"]] = value
        else:
            positional.append(value)
        position = match.end()
    if positional and named:
        raise ShortcodeSyntaxError(
            "the shortcode mixes named and positional arguments",
            'Hugo takes one kind or the other: write them all as name="value"',
            offset,
        )
    return positional, named


Render = Callable[[Shortcode], str]


def _raise(error: ShortcodeSyntaxError) -> str:
    raise error


def expand(
    text: str,
    render: Render,
    base: int = 0,
    on_error: Callable[[ShortcodeSyntaxError], str] = _raise,
) -> str:
    """``text`` with every shortcode replaced by ``render(shortcode)``.

    A tag that cannot be read is handed to ``on_error`` as a
    :class:`ShortcodeSyntaxError`, and what it returns takes the tag's place
    (by default the error is raised), so one bad tag spoils nothing else.
    ``offset`` of each shortcode counts from the start of the text first
    given (``base`` is for nesting).
    """
    tags = list(_TAG.finditer(text))
    out: list[str] = []
    cursor = 0
    index = 0
    ordinal = 0
    while index < len(tags):
        tag = tags[index]
        out.append(text[cursor : tag.start()])
        cursor = tag.end()
        index += 1
        close_delim = ">" if tag["delim"] == "<" else "%"
        if tag["comment"]:
            inner = tag.group(0)[3 + len(tag["comment"]) : -(3 + len(tag["endcomment"] or ""))]
            out.append("{{" + tag["delim"] + inner.rstrip() + " " + close_delim + "}}")
            continue
        try:
            shortcode = _read(tag, base, ordinal)
        except ShortcodeSyntaxError as err:
            out.append(on_error(err))
            continue
        ordinal += 1
        if not tag["selfclose"]:
            closing = _find_close(tags, index, tag["name"])
            if closing is not None:
                end = tags[closing]
                shortcode.inner = expand(
                    text[tag.end() : end.start()], render, base + tag.end(), on_error
                )
                cursor = end.end()
                index = closing + 1
        out.append(render(shortcode))
    out.append(text[cursor:])
    return "".join(out)


def _read(tag: re.Match[str], base: int, ordinal: int) -> Shortcode:
    close_delim = ">" if tag["delim"] == "<" else "%"
    if tag["end"] != close_delim:
        raise ShortcodeSyntaxError(
            f"the shortcode {tag['name']!r} opens with {{{{{tag['delim']} "
            f"but closes with {tag['end']}}}}}",
            "Close {{< with >}} and {{% with %}}",
            base + tag.start(),
        )
    if tag["close"]:
        raise ShortcodeSyntaxError(
            f"{{{{< /{tag['name']} >}}}} closes a shortcode that was never opened",
            f"Open it with {{{{< {tag['name']} >}}}} or remove the closing tag",
            base + tag.start(),
        )
    positional, named = parse_args(tag["args"] or "", base + tag.start())
    return Shortcode(
        name=tag["name"],
        markdown=tag["delim"] == "%",
        positional=positional,
        named=named,
        offset=base + tag.start(),
        source=tag.group(0),
        ordinal=ordinal,
    )


def _find_close(tags: list[re.Match[str]], start: int, name: str) -> int | None:
    depth = 0
    for index in range(start, len(tags)):
        tag = tags[index]
        if tag["comment"] or tag["name"] != name:
            continue
        if tag["close"]:
            if depth == 0:
                return index
            depth -= 1
        elif not tag["selfclose"]:
            depth += 1
    return None


def line_of(text: str, offset: int) -> int:
    """The 1-based line of an offset in a text."""
    return text.count("\n", 0, offset) + 1


def leftover(text: str) -> re.Match[str] | None:
    """An opening ``{{<`` or ``{{%`` that no shortcode pattern consumed."""
    return re.search(r"\{\{[<%]", text)
