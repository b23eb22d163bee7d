"""Draw a ranked bar chart as SVG: a pure function of bars and a few options.

The chart has no viewBox: bar lengths and value positions are percentages of
whatever width the page gives it, while text keeps its size, so the chart
reads the same on a 375 px phone and a wide screen. Each label sits on its
own line above its bar, so labels never overlap bars or each other; a long
label is cut with an ellipsis and keeps its full text in a <title>.

Colours come from CSS classes (``lb-s0`` ... ``lb-s7``) that the theme maps
to custom properties for light, dark and print; ``fill`` attributes hold the
light palette as a fallback for pages and feed readers without our CSS.
"""

from __future__ import annotations

import math
from html import escape

GRID = "#d9d6cf"  # gridlines; the zero line is drawn in TEXT
AXIS_ROW = 22
PALETTE = ("#3867a8", "#c2502e", "#3c8a5a", "#8a5aa8", "#a8842e", "#2e8a8a", "#a83c6b", "#6b6b6b")
TEXT = "#1d1d1b"
BAR_SPAN = 84  # per cent of the width the longest bar takes; the rest holds its value
ROW = 46
LEGEND_ROW = 24
LABEL_CHARS = 44


def format_value(value: float) -> str:
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def ticks(top: float) -> list[float]:
    """Round values from zero to about ``top`` for the value axis: 3 to 6 of them,
    a step of 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0.0]
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = int(top // step)
    return [round(step * n, 10) for n in range(count + 1)]


def _label(text: str, limit: int = LABEL_CHARS) -> tuple[str, bool]:
    if len(text) <= limit:
        return text, False
    return text[: limit - 1].rstrip() + "…", True


def render_svg(
    bars,
    *,
    chart_id: str,
    title: str,
    description: str,
    groups: list[str] | None = None,
    standalone: bool = False,
    axis_label: str = "",
) -> str:
    """The chart as an SVG string; ``standalone`` makes a file for feed readers.

    Below the bars, a value axis: light gridlines at round values, a zero line,
    and the values (with ``axis_label``, the unit, after the last)."""
    groups = groups or []
    colour = {group: index % len(PALETTE) for index, group in enumerate(groups)}
    top = max((bar.value for bar in bars), default=0) or 1
    legend_height = LEGEND_ROW * len(groups) + (8 if groups else 0)
    bars_bottom = legend_height + ROW * len(bars) + 6
    height = bars_bottom + (AXIS_ROW if bars else 0)
    width = ' width="640"' if standalone else ' width="100%"'
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    out = [
        f'<svg{namespace}{width} height="{height}" role="img" class="lb-chart"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="14">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    if standalone:
        out.append('<rect width="100%" height="100%" fill="#ffffff"/>')
    for index, group in enumerate(groups):
        y = index * LEGEND_ROW
        series = colour[group]
        out.append(
            f'<g class="lb-legend"><rect x="0" y="{y + 5}" width="14" height="14" rx="2"'
            f' class="lb-s{series}" fill="{PALETTE[series]}"/>'
            f'<text x="22" y="{y + 17}" class="lb-text" fill="{TEXT}">{escape(group)}</text></g>'
        )
    if bars:
        marks = ticks(top)
        for number, value in enumerate(marks):
            x = f"{value / top * BAR_SPAN:.3f}%"
            zero = value == 0
            out.append(
                f'<line x1="{x}" x2="{x}" y1="{legend_height + 18}" y2="{bars_bottom}"'
                f' class="{"lb-zero" if zero else "lb-grid"}"'
                f' stroke="{TEXT if zero else GRID}" stroke-width="1"/>'
            )
            unit = f" {axis_label}" if axis_label and number == len(marks) - 1 else ""
            anchor = "start" if zero else "middle"
            out.append(
                f'<text x="{x}" y="{bars_bottom + 16}" text-anchor="{anchor}" font-size="12"'
                f' class="lb-text lb-tick" fill="{TEXT}">'
                f"{escape(format_value(value) + unit)}</text>"
            )
    for index, bar in enumerate(bars):
        y = legend_height + index * ROW
        series = colour.get(bar.group, 0)
        length = max(bar.value, 0) / top * BAR_SPAN
        shown, cut = _label(bar.label)
        weight = ' font-weight="700"' if bar.highlighted else ""
        full = f"<title>{escape(bar.label)}</title>" if cut else ""
        classes = f"lb-bar lb-s{series}" + (" lb-highlight" if bar.highlighted else "")
        outline = ' stroke="#1d1d1b" stroke-width="2"' if bar.highlighted else ""
        out.append(
            f'<g class="lb-row">'
            f'<text x="0" y="{y + 15}" class="lb-text lb-label" fill="{TEXT}"{weight}>'
            f"{full}{bar.rank}. {escape(shown)}</text>"
            f'<rect x="0" y="{y + 22}" width="{length:.3f}%" height="16" rx="2"'
            f' class="{classes}" fill="{PALETTE[series]}"{outline}/>'
            f'<text x="{length:.3f}%" y="{y + 35}" dx="6" class="lb-text lb-value"'
            f' fill="{TEXT}"{weight}>{escape(format_value(bar.value))}</text>'
            f"</g>"
        )
    out.append("</svg>")
    return "".join(out)
