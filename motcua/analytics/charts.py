"""Server-rendered, accessible SVG charts for the analytics dashboards (pure: no Django import).

Contract of every chart:
- one <svg> with role="img" and aria-labelledby naming its <title> and <desc>; the desc says
  in one sentence what the data shows (how many points, highest and lowest); ids are
  `<chart_id>`, `<chart_id>-title` and `<chart_id>-desc`, so two charts on a page must have
  different `chart_id`s;
- no style attribute (the pages' CSP is 'self' only): colours are presentation attributes,
  the rest is static/css/analytics.css; viewBox + width="100%", so it fits a 360 px phone;
- every text is escaped; None, NaN and ±inf are "no value" (a gap in a line, "N/A" on a bar);
- no value at all gives a small chart that says "Chưa có dữ liệu";
- numbers are Vietnamese style (1.234.567; 96,25%). Values may be Decimal (the ratios of
  `feedback.rules.pct`) and print exactly as given, rounded half-up.
The words of the desc come from `ChartTexts`: Vietnamese by default, translated by the
template tags (analytics/templatetags/analytics_charts.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from motcua.analytics import chart_svg as svg
from motcua.analytics.chart_format import (
    NOT_AVAILABLE,
    Number,
    finite,
    nice_ticks,
    step_decimals,
    truncate,
    vn_number,
    vn_percent,
)

PLOT_H = 200.0  # height of a line chart's plotting area, in viewBox units
BAR_ROW = 40.0  # one bar: its label line, the bar and the gap below

Format = Callable[[Number | None], str]
Scale = Callable[[float], float]


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number | None]  # one per x label; None (or NaN) is a gap in the line


Counted = Callable[[int], str]  # the template of a phrase for a count (plural forms)


def one_form(template: str) -> Counted:
    """A phrase that reads the same for every count, as Vietnamese does."""
    return lambda _count: template


_SPAN = one_form("%(count)s mốc từ %(first)s đến %(last)s")
_ITEMS = one_form("%(count)s mục")
_MISSING = one_form("thiếu số liệu ở %(count)s mốc")
_MISSING_ITEMS = one_form("thiếu số liệu ở %(count)s mục")


@dataclass(frozen=True)
class ChartTexts:
    """The few words a chart says, as %-style templates (gettext's python-format); a phrase
    with a count is a function of the count, so that a language with plurals can differ."""

    empty: str = "Chưa có dữ liệu"
    extremes: str = "cao nhất %(max)s tại %(max_at)s, thấp nhất %(min)s tại %(min_at)s"
    unit: str = "Đơn vị: %(unit)s"
    span: Counted = _SPAN
    items: Counted = _ITEMS
    missing: Counted = _MISSING
    missing_items: Counted = _MISSING_ITEMS


VIETNAMESE = ChartTexts()


def _clean(values: Sequence[Number | None]) -> list[Number | None]:
    return [v if finite(v) is not None else None for v in values]


def _formatter(percent: bool, y_unit: str) -> Format:
    if percent:
        return vn_percent
    return lambda v: vn_number(v) + (f" {y_unit}" if y_unit and v is not None else "")


def _extremes(
    values: list[Number | None], labels: Sequence[str], fmt: Format, t: ChartTexts
) -> str:
    known = [(float(v), i) for i, v in enumerate(values) if v is not None]
    hi = max(known, key=lambda p: p[0])[1]  # the first of equal values
    lo = min(known, key=lambda p: p[0])[1]
    return t.extremes % {
        "max": fmt(values[hi]),
        "max_at": labels[hi],
        "min": fmt(values[lo]),
        "min_at": labels[lo],
    }


def line_chart(
    *,
    chart_id: str,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    y_unit: str = "",
    y_max: float | None = None,
    percent: bool = False,
    texts: ChartTexts = VIETNAMESE,
) -> str:
    """A line per series over `x_labels` (a gap where a value is missing).

    The y axis runs from 0 (or the lowest value, if negative) to round ticks at or above the
    highest of the data, `y_max`, and 100 for a percent chart without `y_max`; data above
    `y_max` stretches the axis rather than leaving the plot. x labels are thinned to every
    k-th so that they do not overlap; all of them remain in each point's <title>.
    """
    svg.check_id(chart_id)
    cleaned = [_clean(s.values) for s in series]
    if any(len(values) != len(x_labels) for values in cleaned):
        raise ValueError("every series needs one value per x label")
    known = [float(v) for values in cleaned for v in values if v is not None]
    if not known:
        return svg.empty_svg(chart_id, "line", title, texts.empty)
    fmt = _formatter(percent, y_unit)
    ceiling = y_max if y_max is not None else (100.0 if percent else max(known))
    frame = _Frame.fit(nice_ticks(min(known), max(max(known), ceiling)), percent, bool(y_unit))
    xs = svg.x_positions(len(x_labels), frame.left + 10, svg.WIDTH - 14)
    parts = [svg.text(4, 14, texts.unit % {"unit": y_unit}, cls="chart-unit")] if y_unit else []
    parts.append(svg.y_axis(frame.ticks, frame.tick_text, frame.y_of, frame.left))
    parts.append(svg.x_axis(x_labels, xs, frame.bottom))
    for index, (one, values) in enumerate(zip(series, cleaned, strict=True)):
        parts.append(_series(index, one.name, values, x_labels, xs, frame.y_of, fmt))
    keys, keys_h = svg.legend([s.name for s in series], frame.bottom + 34)
    desc = _line_desc(x_labels, series, cleaned, fmt, texts)
    head = svg.open_svg(chart_id, "line", frame.bottom + 34 + keys_h, title, desc)
    return "".join([*head, *parts, *keys, "</svg>"])


@dataclass(frozen=True)
class _Frame:
    """The plotting area of a line chart: its y ticks, their labels and where the area lies."""

    ticks: list[float]
    tick_text: list[str]
    left: float  # room for the widest tick label
    bottom: float  # the y of the lowest tick; the top tick lies PLOT_H above

    @classmethod
    def fit(cls, ticks: list[float], percent: bool, has_unit: bool) -> _Frame:
        places = step_decimals(ticks[1] - ticks[0])
        text = [vn_number(t, places) + ("%" if percent else "") for t in ticks]
        left = max(len(t) for t in text) * svg.CHAR_W + 12
        return cls(ticks, text, left, (28.0 if has_unit else 12.0) + PLOT_H)

    def y_of(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return self.bottom - (value - low) / (high - low) * PLOT_H


def _line_desc(
    x_labels: Sequence[str],
    series: Sequence[Series],
    cleaned: list[list[Number | None]],
    fmt: Format,
    t: ChartTexts,
) -> str:
    count = len(x_labels)
    clauses = [t.span(count) % {"count": count, "first": x_labels[0], "last": x_labels[-1]}]
    for one, values in zip(series, cleaned, strict=True):
        gaps = sum(v is None for v in values)
        words = [] if gaps == count else [_extremes(values, x_labels, fmt, t)]
        if gaps:
            words.append(t.missing(gaps) % {"count": gaps})
        clauses.append(f"{one.name}: {', '.join(words)}")
    return "; ".join(clauses) + "."


def _series(
    index: int,
    name: str,
    values: list[Number | None],
    labels: Sequence[str],
    xs: list[float],
    y_of: Scale,
    fmt: Format,
) -> str:
    """One <path> per unbroken run of values (a None splits the line), and a marker per value."""
    look = svg.look(index)
    dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
    runs: list[list[tuple[float, float]]] = [[]]
    points = []
    for i, value in enumerate(values):
        if value is None:
            runs.append([])
            continue
        x, y = xs[i], y_of(float(value))
        runs[-1].append((x, y))
        points.append(
            svg.marker(look.marker, x, y, look.colour, f"{name}, {labels[i]}: {fmt(value)}")
        )
    paths = [
        f'<path class="chart-line" d="M{" L".join(f"{svg.num(x)},{svg.num(y)}" for x, y in run)}"'
        f' fill="none" stroke="{look.colour}" stroke-width="2.5" stroke-linejoin="round"{dash}/>'
        for run in runs
        if len(run) > 1
    ]
    return "".join(['<g class="chart-series">', *paths, *points, "</g>"])


def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[Number | None],
    percent: bool = False,
    y_unit: str = "",
    texts: ChartTexts = VIETNAMESE,
) -> str:
    """Horizontal bars, one per label, each with its label above it (cut with "…" to fit the
    width; the full text in the bar's <title>) and its value at its end. The scale runs from
    0 (or the lowest value, if negative) to the highest value, or to 100 for percentages."""
    svg.check_id(chart_id)
    cleaned = _clean(values)
    if len(cleaned) != len(labels):
        raise ValueError("bar_chart needs one value per label")
    known = [float(v) for v in cleaned if v is not None]
    if not known:
        return svg.empty_svg(chart_id, "bar", title, texts.empty)
    fmt = _formatter(percent, y_unit)
    low, high = min(0.0, *known), max(0.0, *known, 100.0 if percent else 0.0)
    value_w = max(len(fmt(v)) for v in cleaned) * svg.CHAR_W + 8
    start, end = 8.0, svg.WIDTH - value_w - 4

    def x_of(value: float) -> float:
        return start + (value - low) * (end - start) / ((high - low) or 1.0)

    rows = [
        _bar(i, label, value, fmt, x_of)
        for i, (label, value) in enumerate(zip(labels, cleaned, strict=True))
    ]
    height = 8 + BAR_ROW * len(labels)
    axis = (
        f'<line class="chart-axis" x1="{svg.num(x_of(0))}" y1="24" x2="{svg.num(x_of(0))}"'
        f' y2="{svg.num(height - 6)}" stroke="{svg.AXIS}" stroke-width="1"/>'
    )
    desc = _bar_desc(labels, cleaned, fmt, texts)
    head = svg.open_svg(chart_id, "bar", height, title, desc)
    return "".join([*head, *rows, axis, "</svg>"])


def _bar_desc(
    labels: Sequence[str], values: list[Number | None], fmt: Format, t: ChartTexts
) -> str:
    words = [t.items(len(labels)) % {"count": len(labels)}, _extremes(values, labels, fmt, t)]
    gaps = sum(v is None for v in values)
    if gaps:
        words.append(t.missing_items(gaps) % {"count": gaps})
    return "; ".join(words) + "."


def _bar(index: int, label: str, value: Number | None, fmt: Format, x_of: Scale) -> str:
    """A bar's row: its label (cut to the width), the bar from zero and its value at its end;
    the row's <title> holds the full label and value. No value: no bar, "N/A"."""
    top = 8 + index * BAR_ROW
    cut = truncate(label, int((svg.WIDTH - 16) / svg.CHAR_W))
    parts = [f'<g class="chart-bar-row"><title>{svg.esc(label)}: {svg.esc(fmt(value))}</title>']
    parts.append(svg.text(8, top + 12, cut, cls="chart-label"))
    zero = x_of(0)
    x = zero if value is None else x_of(float(value))
    if value is not None:
        parts.append(
            f'<rect class="chart-bar" x="{svg.num(min(x, zero))}" y="{svg.num(top + 17)}"'
            f' width="{svg.num(abs(x - zero))}" height="14" fill="{svg.PALETTE[0]}"/>'
        )
    shown = NOT_AVAILABLE if value is None else fmt(value)
    parts.append(svg.text(max(x, zero) + 4, top + 28, shown, cls="chart-value"))
    return "".join([*parts, "</g>"])
