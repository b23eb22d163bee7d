"""Remember citeproc-py's lookups in a style, the largest cost of a cold build.

citeproc-py 0.11 runs an XPath query each time it needs one of a style's
macros or a locale's terms (``CitationStylesElement.xpath_search``): the
benchmark's 300-essay corpus made 183,000 such queries, half of the whole
build's time. A style and its locale do not change while references are
rendered, so the answer to each query from each element is kept for the rest
of the process. The output is unchanged: tests render with and without this
and compare. :func:`install` is idempotent; :func:`uninstall` restores the
library's own method (for those tests).
"""

from __future__ import annotations

from citeproc import model

_ORIGINAL = model.CitationStylesElement.xpath_search
# Keys hold the element itself, which keeps lxml's proxy for it alive, so a
# later lookup on the same node finds the same key.
_ANSWERS: dict[tuple, list] = {}


def _remembered(self, expression):
    key = (self, expression)
    try:
        return _ANSWERS[key]
    except KeyError:
        answer = _ANSWERS[key] = _ORIGINAL(self, expression)
        return answer


def install() -> None:
    model.CitationStylesElement.xpath_search = _remembered


def uninstall() -> None:
    model.CitationStylesElement.xpath_search = _ORIGINAL
    _ANSWERS.clear()
