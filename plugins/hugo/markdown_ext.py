"""A Python-Markdown extension that runs Hugo shortcodes before anything else.

It runs ahead of fenced code and of our chart blocks, so a shortcode works
anywhere Hugo would run it. Output from ``{{< >}}`` is stashed as finished
HTML; output from ``{{% %}}`` goes back into the Markdown. Errors name the
essay and the shortcode's line, from ``md.essay`` (set by our reader).
"""

from __future__ import annotations

import logging
import os
from html import escape

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .render import Essay, ShortcodeError
from .shortcodes import ShortcodeSyntaxError, expand, line_of

logger = logging.getLogger(__name__)


class ShortcodeExtension(Extension):
    """``replays``, if given, maps "site", "ref" and "file" to module-level
    functions that answer those lookups again on a later build that reuses
    the essay's kept body (front_matter's render cache)."""

    def __init__(self, get_state, replays: dict | None = None, **kwargs):
        self.get_state = get_state
        self.replays = replays or {}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(
            ShortcodePreprocessor(md, self.get_state, self.replays), "hugo_shortcodes", 29
        )


class ShortcodePreprocessor(Preprocessor):
    def __init__(self, md, get_state, replays: dict | None = None):
        super().__init__(md)
        self.get_state = get_state
        self.replays = replays or {}

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        state = self.get_state()
        if "{{" not in text or not state.get("renderer"):
            return lines
        renderer = state["renderer"]
        info = getattr(self.md, "essay", None) or {}
        shown = info.get("path", "an essay")
        first = info.get("first_line", 1)
        source = info.get("source_path") or ""
        root = state.get("content_root") or os.path.dirname(source)
        journal = info.get("journal")
        note = None
        if journal is not None and self.replays:
            journal.record(self.replays["site"], (), renderer.site)

            def note(kind, args, answer):
                journal.record(self.replays[kind], args, answer)

        essay = Essay(
            path=shown,
            relative=os.path.relpath(source, root).replace(os.sep, "/") if source else "",
            metadata=info.get("metadata") or {},
            source_path=source,
            note=note,
        )

        def where(offset: int) -> int:
            return first + line_of(text, offset) - 1

        def failed(err: ShortcodeError | ShortcodeSyntaxError, offset: int) -> str:
            # Reported with its line; the essay is still written, with a
            # visible note where the shortcode was (publishing stops on it).
            logger.error("%s:%d: %s", shown, where(offset), err)
            return self.md.htmlStash.store(
                f'<span class="shortcode-error"><strong>Shortcode not shown:</strong> '
                f"{escape(err.problem)}.</span>"
            )

        def render(shortcode) -> str:
            try:
                output, is_html = renderer.render(shortcode, essay)
            except ShortcodeError as err:
                return failed(err, shortcode.offset)
            return self.md.htmlStash.store(output) if is_html else output

        return expand(text, render, on_error=lambda err: failed(err, err.offset)).split("\n")
