"""`{% load analytics_charts %}`: the SVG charts of `analytics.charts` and their data tables.

    <figure class="chart-figure">
      <figcaption>{% translate "Tỷ lệ đúng hạn" %}</figcaption>
      {% line_chart chart_id="dung-han" title=title x_labels=months series=series percent=True %}
    </figure>
    {% chart_table caption=title columns=columns rows=rows percent=True %}
    {{ ratio|vn_percent }}  {{ count|vn_number }}

The pure chart module cannot call gettext (it imports no Django), so it takes its few words as
a `ChartTexts`; this module builds one with gettext at render time, in the request's language.
Numbers stay Vietnamese style in every language, as in the tables of Decision 766.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.analytics import chart_format, charts
from motcua.analytics.chart_format import Number

register = template.Library()


# One function per phrase with a count, each calling ngettext with its literal msgids, so that
# makemessages extracts them with their plural forms (Vietnamese has one form, English two).
def _span(count: int) -> str:
    return ngettext(
        "%(count)s mốc từ %(first)s đến %(last)s", "%(count)s mốc từ %(first)s đến %(last)s", count
    )


def _items(count: int) -> str:
    return ngettext("%(count)s mục", "%(count)s mục", count)


def _missing(count: int) -> str:
    return ngettext("thiếu số liệu ở %(count)s mốc", "thiếu số liệu ở %(count)s mốc", count)


def _missing_items(count: int) -> str:
    return ngettext("thiếu số liệu ở %(count)s mục", "thiếu số liệu ở %(count)s mục", count)


def chart_texts() -> charts.ChartTexts:
    """The chart words in the active language (msgids are the Vietnamese defaults)."""
    return charts.ChartTexts(
        empty=_("Chưa có dữ liệu"),
        extremes=_("cao nhất %(max)s tại %(max_at)s, thấp nhất %(min)s tại %(min_at)s"),
        unit=_("Đơn vị: %(unit)s"),
        span=_span,
        items=_items,
        missing=_missing,
        missing_items=_missing_items,
    )


@register.simple_tag
def line_chart(
    *,
    chart_id: str,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[charts.Series],
    y_unit: str = "",
    y_max: float | None = None,
    percent: bool = False,
) -> SafeString:
    svg = charts.line_chart(
        chart_id=chart_id,
        title=str(title),
        x_labels=[str(label) for label in x_labels],
        series=series,
        y_unit=str(y_unit),
        y_max=y_max,
        percent=percent,
        texts=chart_texts(),
    )
    return mark_safe(svg)  # noqa: S308 - charts escape every text they draw


@register.simple_tag
def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[Number | None],
    percent: bool = False,
    y_unit: str = "",
) -> SafeString:
    svg = charts.bar_chart(
        chart_id=chart_id,
        title=str(title),
        labels=[str(label) for label in labels],
        values=values,
        percent=percent,
        y_unit=str(y_unit),
        texts=chart_texts(),
    )
    return mark_safe(svg)  # noqa: S308 - charts escape every text they draw


@register.filter
def vn_number(value: Number | None, decimals: int | None = None) -> str:
    """{{ 1234567|vn_number }} → "1.234.567"; {{ x|vn_number:1 }}; None → "N/A"."""
    return chart_format.vn_number(value, decimals)


@register.filter
def vn_percent(value: Number | None, decimals: int = 2) -> str:
    """{{ 96.25|vn_percent }} → "96,25%"; None (a 0 denominator) → "N/A"."""
    return chart_format.vn_percent(value, decimals)


def _cell(value: Any, percent: bool) -> Any:
    """A number in Vietnamese style (None: "N/A"); anything else as it is."""
    if value is None or (isinstance(value, int | float | Decimal) and not isinstance(value, bool)):
        return chart_format.vn_percent(value) if percent else chart_format.vn_number(value)
    return value


@register.inclusion_tag("analytics/_chart_table.html")
def chart_table(
    *, caption: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], percent: bool = False
) -> dict[str, Any]:
    """`analytics/_chart_table.html` with every number after the first column formatted
    (`percent=True`: as percentages); the first cell of a row is its header, kept as given."""
    formatted = [[row[0], *(_cell(v, percent) for v in row[1:])] for row in rows if row]
    return {"caption": caption, "columns": list(columns), "rows": formatted}
