"""Remember citeproc-py's lookups in a style, the largest cost of a cold build.

citeproc-py 0.11 runs an XPath query each time it needs one of a style's
macros or a locale's terms (``CitationStylesElement.xpath_search``): the
benchmark's 300-essay corpus made 183,000 such queries, half of the whole
build's time. A style and its locale do not change while references are
rendered, so the answer to each query from each element is kept for the rest
of the process; so is whether each part of the style prints a variable, and
each citation item's reference. The
output is unchanged: tests render with and without this
and compare. :func:`install` is idempotent; :func:`uninstall` restores the
library's own method (for those tests).
"""

from __future__ import annotations

from citeproc import model
from citeproc.source import CitationItem

_ORIGINAL = model.CitationStylesElement.xpath_search
_REFERENCE = CitationItem.__dict__["reference"]
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


# ``calls_variable`` (does this part of the style print a variable?) is asked
# again for the same elements for every reference, and depends on the style
# alone: each class that defines it gets a remembering version.
_CALLS_VARIABLE = {
    cls: cls.__dict__["calls_variable"]
    for cls in vars(model).values()
    if isinstance(cls, type) and "calls_variable" in cls.__dict__
}


def _remembering(original):
    def calls_variable(self):
        key = (self, "calls_variable")
        try:
            return _ANSWERS[key]
        except KeyError:
            answer = _ANSWERS[key] = original(self)
            return answer

    return calls_variable


# Each part of the style that tests or prints a field asks the citation item
# for its reference (``CitationItem.reference``: two property lookups and two
# dictionary lookups through ``__getattr__``), about 470 times a reference in
# Chicago: a third of formatting one. An item's reference is fixed once the
# item is registered in a bibliography, so the first answer is kept on the
# item itself (beside, not in, the mapping its fields are).
def _kept_reference(self):
    try:
        return self.__dict__["_kept_reference"]
    except KeyError:
        reference = self.__dict__["_kept_reference"] = _REFERENCE.fget(self)
        return reference


def install() -> None:
    model.CitationStylesElement.xpath_search = _remembered
    for cls, original in _CALLS_VARIABLE.items():
        cls.calls_variable = _remembering(original)
    CitationItem.reference = property(_kept_reference)


def uninstall() -> None:
    model.CitationStylesElement.xpath_search = _ORIGINAL
    for cls, original in _CALLS_VARIABLE.items():
        cls.calls_variable = original
    CitationItem.reference = _REFERENCE
    _ANSWERS.clear()
