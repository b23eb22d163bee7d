"""Remember citeproc-py's lookups in a style, the largest cost of a cold build.

citeproc-py 0.11 runs an XPath query each time it needs one of a style's
macros or a locale's terms (``CitationStylesElement.xpath_search``): the
benchmark's 300-essay corpus made 183,000 such queries, half of the whole
build's time. A style and its locale do not change while references are
rendered, so the answer to each query from each element is kept for the rest
of the process; so is whether each part of the style prints a variable,
each citation item's reference, and whether a condition that tests only an
item's type and fields matches items of that type with those fields. The
output is unchanged: tests render with and without this and compare.
:func:`install` is idempotent; :func:`uninstall` restores the library's own
methods (for those tests).
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


# Whether a ``cs:if`` (or ``cs:else-if``) matches is tested again for every
# reference: about 90 tests a Chicago reference, each splitting the
# element's attribute and comparing. When an element tests only the item's
# type and which fields it has (most of them), the answer depends on nothing
# else, and is kept per element and shape. citeproc-py never changes a
# reference once it is read, so an item's shape is worked out once.
_IF_RENDER = model.If.render
_SHAPE_TESTS = frozenset({"type", "variable", "match"})


def _shape(item) -> tuple:
    try:
        return item.__dict__["_kept_shape"]
    except KeyError:
        reference = item.reference
        shape = item.__dict__["_kept_shape"] = (
            reference.type,
            frozenset(reference),
            "locator" in item,
        )
        return shape


def _matches(element, item) -> bool:
    """citeproc-py's own test (``If.render``) for the type and variable tests."""
    results = []
    if "type" in element.attrib:
        results += element._type(item)
    if "variable" in element.attrib:
        results += element._variable(item)
    match = element.get("match")
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


def _if_render(self, item, context=None, delimiter="", **kwargs):
    key = (self, "tests the shape only")
    try:
        shape_only = _ANSWERS[key]
    except KeyError:
        shape_only = _ANSWERS[key] = set(self.attrib) <= _SHAPE_TESTS
    if not shape_only:
        return _IF_RENDER(self, item, context=context, delimiter=delimiter, **kwargs)
    key = (self, _shape(item))
    try:
        matched = _ANSWERS[key]
    except KeyError:
        matched = _ANSWERS[key] = _matches(self, item)
    if not matched:
        raise model.ConditionFailed
    return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


def install() -> None:
    model.CitationStylesElement.xpath_search = _remembered
    for cls, original in _CALLS_VARIABLE.items():
        cls.calls_variable = _remembering(original)
    CitationItem.reference = property(_kept_reference)
    model.If.render = _if_render


def uninstall() -> None:
    model.CitationStylesElement.xpath_search = _ORIGINAL
    for cls, original in _CALLS_VARIABLE.items():
        cls.calls_variable = original
    CitationItem.reference = _REFERENCE
    model.If.render = _IF_RENDER
    _ANSWERS.clear()
