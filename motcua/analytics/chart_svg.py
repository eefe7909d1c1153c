"""SVG building blocks shared by the line and bar charts (pure: no Django import).

The pages' Content-Security-Policy forbids style attributes, so every visual property is an
SVG presentation attribute (fill, stroke, stroke-dasharray) or a class styled by
static/css/analytics.css. All text goes through `esc`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from motcua.analytics.chart_format import truncate

WIDTH = 400  # viewBox width; the SVG is width="100%" so it shrinks to a 360 px phone
FONT = 15  # viewBox units: about 12 px on a 360 px phone (smaller on wide screens: analytics.css)
CHAR_W = FONT * 0.6  # a generous average glyph width, to keep estimated labels apart
TEXT = "#0b0c0c"
AXIS = "#505a5f"
GRID = "#d9dcde"

# Each series differs by colour, dash pattern and marker, so none needs colour to be told
# apart. Every colour has at least 3:1 contrast on white (WCAG 1.4.11; tests check it).
PALETTE = ("#1d70b8", "#b3261e", "#00703c", "#6f2c91", "#8a5200", "#005a70")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 5")
MARKERS = ("circle", "square", "triangle", "diamond", "ring", "box")

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def num(value: float) -> str:
    """A coordinate to one decimal, without a trailing ".0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def check_id(chart_id: str) -> str:
    """`chart_id` unchanged if it can prefix HTML ids (a letter, then letters, digits, - or _).

    Refused rather than cleaned: two charts whose ids clean to the same string would share
    ids on one page, and `aria-labelledby` would then name the wrong chart.
    """
    if not _ID.fullmatch(chart_id):
        raise ValueError(f"chart_id must match {_ID.pattern}: {chart_id!r}")
    return chart_id


@dataclass(frozen=True)
class Look:
    colour: str
    dash: str
    marker: str


def look(index: int) -> Look:
    return Look(
        PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)], MARKERS[index % len(MARKERS)]
    )


def open_svg(chart_id: str, kind: str, height: float, title: str, desc: str) -> list[str]:
    """The root element with its accessible name (<title>) and description (<desc>)."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}-chart" id="{chart_id}"'
        f' viewBox="0 0 {WIDTH} {num(height)}" width="100%" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{FONT}" fill="{TEXT}">',
        f'<title id="{chart_id}-title">{esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{esc(desc)}</desc>',
    ]


def empty_svg(chart_id: str, kind: str, title: str, message: str) -> str:
    """A small chart that says there is no data, still named and described."""
    parts = open_svg(chart_id, kind, 48, title, message)
    parts.append(
        f'<text class="chart-empty" x="{WIDTH // 2}" y="29" text-anchor="middle">'
        f"{esc(message)}</text></svg>"
    )
    return "".join(parts)


def text(x: float, y: float, content: str, *, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text{klass} x="{num(x)}" y="{num(y)}" text-anchor="{anchor}">{esc(content)}</text>'


def marker(shape: str, x: float, y: float, colour: str, tip: str | None) -> str:
    """One data point (class chart-point) whose <title> gives the exact value on hover; with
    `tip=None` the same shape as a legend key (class chart-key)."""
    r = 4.0
    head = f'class="{"chart-key" if tip is None else "chart-point"}"'
    paint = f'fill="{colour}" stroke="{colour}"'
    if shape in ("ring", "box"):
        paint = f'fill="#ffffff" stroke="{colour}" stroke-width="2"'
    if shape in ("circle", "ring"):
        tag, geometry = "circle", f'cx="{num(x)}" cy="{num(y)}" r="{num(r)}"'
    elif shape in ("square", "box"):
        tag = "rect"
        geometry = f'x="{num(x - r)}" y="{num(y - r)}" width="{num(2 * r)}" height="{num(2 * r)}"'
    else:
        tag = "path"
        a = r + 1
        corners = (
            [(x, y - a), (x + a, y + r), (x - a, y + r)]
            if shape == "triangle"
            else [(x, y - a), (x + a, y), (x, y + a), (x - a, y)]
        )
        geometry = 'd="M' + " L".join(f"{num(px)},{num(py)}" for px, py in corners) + ' Z"'
    if tip is None:
        return f"<{tag} {head} {geometry} {paint}/>"
    return f"<{tag} {head} {geometry} {paint}><title>{esc(tip)}</title></{tag}>"


def legend(names: list[str], top: float) -> tuple[list[str], float]:
    """Legend items flowed into rows across the width; returns the elements and their height.

    Each item shows the series' dash pattern and marker beside its name, as on the plot.
    """
    parts = ['<g class="chart-legend">']
    x, y, row_h, sample = 8.0, top + 10, 20.0, 28.0
    for index, full in enumerate(names):
        name = truncate(full, 30)
        width = sample + 6 + len(name) * CHAR_W + 14
        if x > 8 and x + width > WIDTH:
            x, y = 8.0, y + row_h
        style = look(index)
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(
            f'<g class="chart-legend-item"><title>{esc(full)}</title>'
            f'<line x1="{num(x)}" y1="{num(y)}" x2="{num(x + sample)}" y2="{num(y)}"'
            f' stroke="{style.colour}" stroke-width="2.5"{dash}/>'
            + marker(style.marker, x + sample / 2, y, style.colour, None)
            + text(x + sample + 6, y + FONT * 0.35, name)
            + "</g>"
        )
        x += width
    parts.append("</g>")
    return parts, y - top + 12


def x_positions(count: int, start: float, end: float) -> list[float]:
    if count == 1:
        return [(start + end) / 2]
    return [start + i * (end - start) / (count - 1) for i in range(count)]


def y_axis(
    ticks: list[float], labels: list[str], y_of: Callable[[float], float], left: float
) -> str:
    """A grid line and a label per tick; the zero line is drawn darker, as the axis."""
    parts = ['<g class="chart-axis chart-axis-y">']
    for tick, label in zip(ticks, labels, strict=True):
        y = num(y_of(tick))
        parts.append(
            f'<line class="chart-grid" x1="{num(left)}" y1="{y}" x2="{WIDTH - 4}"'
            f' y2="{y}" stroke="{GRID if tick else AXIS}" stroke-width="1"/>'
        )
        parts.append(text(left - 6, y_of(tick) + FONT * 0.35, label, anchor="end"))
    return "".join([*parts, "</g>"])


def label_spans(labels: Sequence[str], xs: list[float], every: int) -> list[tuple[float, float]]:
    """Where each shown label (every `every`-th, cut to 16 characters) starts and ends; a label
    at either edge is shifted inward so that it stays inside the viewBox."""
    spans = []
    for i in range(0, len(labels), every):
        half = len(truncate(labels[i], 16)) * CHAR_W / 2
        centre = min(max(xs[i], half + 2), WIDTH - half - 2)
        spans.append((centre - half, centre + half))
    return spans


def x_axis(labels: Sequence[str], xs: list[float], bottom: float) -> str:
    """Every k-th label, with the smallest k at which no two shown labels come closer than
    6 units (by the generous width estimate CHAR_W); all labels stay in the points' titles."""
    every = next(k for k in range(1, len(labels) + 1) if _apart(label_spans(labels, xs, k)))
    parts = [f'<g class="chart-axis chart-axis-x" data-every="{every}">']
    shown = range(0, len(labels), every)
    for (start, end), i in zip(label_spans(labels, xs, every), shown, strict=True):
        label = truncate(labels[i], 16)
        parts.append(
            text((start + end) / 2, bottom + 20, label, anchor="middle", cls="chart-xlabel")
        )
    return "".join([*parts, "</g>"])


def _apart(spans: list[tuple[float, float]]) -> bool:
    return all(right[0] - left[1] >= 6 for left, right in pairwise(spans))
