"""Python-Markdown without its quadratic corner: unbalanced ``[`` in one paragraph.

For every ``[`` its link patterns scan forward to the matching ``]``; when
there is none they scan to the end of the paragraph, and they try again from
the next ``[``; ``getLink`` does the same for an unclosed ``(``. Forty
kilobytes of ``[[[...](](](`` took 47 s, 200 KB did not finish in four
minutes. :class:`BracketLimits` gives each link pattern a ``getText`` that
finds every match in one pass over the paragraph and answers from it, and a
``getLink`` that answers at once when nothing after the ``(`` could close it;
the results are the same. (Other unbalanced input can still be slow: the
reader names an essay whose rendering takes seconds.)
"""

from __future__ import annotations

import re
import types

from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor

_BRACKET = re.compile(r"[\[\]]")


def closing_brackets(data: str) -> dict[int, int]:
    """{index just after a ``[``: index of its matching ``]``}, for the matched ones."""
    closes: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACKET.finditer(data):  # only the brackets, not every character
        pos = match.start()
        if data[pos] == "[":
            opened.append(pos + 1)
        elif opened:
            closes[opened.pop()] = pos
    return closes


def get_text(self, data: str, index: int) -> tuple[str, int, bool]:
    """LinkInlineProcessor.getText's answer, from one pass over ``data``."""
    if self._bracket_data is not data:
        self._bracket_data = data
        self._bracket_closes = closing_brackets(data) if "[" in data else {}
    close = self._bracket_closes.get(index)
    if close is None:
        return data[index:], len(data), False
    return data[index:close], close + 1, True


def get_link(self, data: str, index: int):
    """LinkInlineProcessor.getLink's answer; at once when no ``)`` or quote follows."""
    match = self.RE_LINK.match(data, pos=index)
    if match and not match.group(1):
        if self._link_data is not data:
            self._link_data = data
            self._link_last = max(data.rfind(")"), data.rfind('"'), data.rfind("'"))
        if match.end() > self._link_last:
            # Nothing can close the ( or start a title: Python-Markdown would
            # scan to the end and give up there.
            return "", None, len(data), False
    return LinkInlineProcessor.getLink(self, data, index)


class BracketLimits(Extension):
    """Gives every link and image pattern the one-pass ``getText`` and ``getLink``."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        self.md = md
        md.registerExtension(self)

    def reset(self) -> None:
        for pattern in self.md.inlinePatterns:
            if isinstance(pattern, LinkInlineProcessor):
                pattern._bracket_data = pattern._link_data = None
                pattern._bracket_closes = {}
                pattern._link_last = -1
                pattern.getText = types.MethodType(get_text, pattern)
                pattern.getLink = types.MethodType(get_link, pattern)
