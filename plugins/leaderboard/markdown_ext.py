"""A Python-Markdown extension that turns ```leaderboard blocks into figures.

It runs before fenced code blocks are read. The essay's path and the line
its body starts on come from ``md.essay``, set by our front-matter reader, so
every error names the essay and the line of the block.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .errors import ChartError

logger = logging.getLogger(__name__)
OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*leaderboard\s*$")


@dataclass(frozen=True)
class Replays:
    """``dataset(name)``: a digest of the dataset's folder (the figure is the same
    while the block and that are; the settings, theme and code are in the render
    cache's fingerprint). ``drawn(name, essay, image_path, image)``: what drawing
    the chart did besides, done again.

    A kept chart is not drawn again to compare its figure: that was 0.35 ms a
    chart, 35 ms of a one-edit build at 1,000 essays with 100 charts."""

    dataset: Callable[[str], str | None]
    drawn: Callable[[str, str, str, bytes], None]


class LeaderboardExtension(Extension):
    """``replay``, if given, is a :class:`Replays` of module-level functions a
    render cache's journal calls again (front_matter's render_cache) on a later
    build that reuses the essay's kept body."""

    def __init__(self, get_builder, replay=None, **kwargs):
        self.get_builder = get_builder
        self.replay = replay
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(
            LeaderboardPreprocessor(md, self.get_builder, self.replay), "leaderboard", 27
        )


class LeaderboardPreprocessor(Preprocessor):
    def __init__(self, md, get_builder, replay=None):
        super().__init__(md)
        self.get_builder = get_builder
        self.replay = replay

    def run(self, lines: list[str]) -> list[str]:
        essay = getattr(self.md, "essay", None) or {}
        path = essay.get("path", "an essay")
        first_line = essay.get("first_line", 1)
        out: list[str] = []
        index = 0
        while index < len(lines):
            opened = OPEN.match(lines[index])
            if not opened:
                out.append(lines[index])
                index += 1
                continue
            fence = opened["fence"]
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(fence):
                end += 1
            block = "\n".join(lines[index + 1 : end])
            line = first_line + index
            out += [
                "",
                self.md.htmlStash.store(self._figure(block, path, line, end >= len(lines))),
                "",
            ]
            index = end + 1
        return out

    def _figure(self, block: str, path: str, line: int, unclosed: bool) -> str:
        builder = self.get_builder()
        try:
            if unclosed:
                raise ChartError(
                    path,
                    "leaderboard block never closes",
                    "End it with a line of ``` like the one that opens it",
                    line,
                )
            if builder is None:
                raise ChartError(path, "leaderboard plugin is not set up", "Enable it", line)
            drawn = builder.draw(block, path, line)
            journal = (getattr(self.md, "essay", None) or {}).get("journal")
            if journal is not None and self.replay is not None:
                name = drawn.dataset
                journal.record(self.replay.dataset, (name,), builder.folder_digest(name))
                journal.record(
                    self.replay.drawn,
                    (name, path, drawn.image_path, drawn.image),
                    None,
                    effect=True,
                )
            return drawn.html
        except ChartError as err:
            logger.error("%s", err)
            return (
                f'<p class="lb-error"><strong>Chart not drawn:</strong> '
                f"{escape(err.problem)}. {escape(err.hint)}.</p>"
            )
