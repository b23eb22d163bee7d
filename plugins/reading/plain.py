"""An essay's HTML as plain text for descriptions; knows nothing of Pelican.

A meta description, an OpenGraph or JSON-LD description and a JSON Feed
summary are plain text a reader sees out of context: a citation's preview
(``[1Reasoning Evaluations, …]``), a footnote's number or a sidenote's copy
of the note would read as noise there. Those elements are left out: every
element marked ``data-text-omit`` (a plugin's mark for what only makes sense
beside the text, such as a citation or the list of sources) or ``data-feed-omit`` (what only makes
sense on the page), sidenotes, footnote references and the notes' list.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_LEFT_OUT = etree.XPath(
    "//*[@data-text-omit] | //*[@data-feed-omit] | //script | //style | //template | //noscript"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' sidenote ')]"
    " | //sup[a[contains(concat(' ', normalize-space(@class), ' '), ' footnote-ref ')]]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' footnote ')]"
)
_SPACE = re.compile(r"\s+")
# A space left before punctuation where a citation was ("autumn [1], and").
_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)])")


def plain_text(html) -> str:
    """The text of ``html`` a description should carry, on one line."""
    text = str(html or "")
    if "<" not in text:
        return _SPACE.sub(" ", text).strip()
    root = lxml.html.fragment_fromstring(text, create_parent="div")
    for element in _LEFT_OUT(root):
        parent = element.getparent()
        if parent is None:
            continue
        # Keep the text after the element (its tail), drop the element.
        tail = element.tail or ""
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(element)
    text = _SPACE.sub(" ", root.text_content()).strip()
    return _BEFORE_PUNCTUATION.sub(r"\1", text)
