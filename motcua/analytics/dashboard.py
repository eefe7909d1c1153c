"""What the dashboard pages show, computed from the rollup selectors: headline figures with their
drill-down keys, time-series charts with their tables, breakdowns by agency and procedure.
Rates are percentages to 2 decimals, None (N/A) when the denominator is 0."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency
from motcua.analytics import charts, selectors
from motcua.analytics.index766 import rounded
from motcua.analytics.selectors import Bucket, Totals
from motcua.national_portal.rules import Period

TOP = 10


def pct(num: int, den: int) -> Decimal | None:
    return None if den == 0 else rounded(Fraction(100 * num, den))


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | Decimal | None
    metric: str = ""  # the drill-down key (selectors of `drill`), "" for none
    percent: bool = False


def headline(t: Totals) -> list[Figure]:
    return [
        Figure(_("Kỳ trước chuyển sang"), t.open_at_start, "open_start"),
        Figure(_("Tiếp nhận trong kỳ"), t.received, "received"),
        Figure(_("— trực tuyến"), t["received_online"], "online"),
        Figure(_("— trực tiếp"), t["received_counter"], "counter"),
        Figure(_("— qua bưu chính"), t["received_postal"], "postal"),
        Figure(_("Đã giải quyết"), t.resolved, "resolved"),
        Figure(_("— trước hạn"), t["resolved_early"], "resolved_early"),
        Figure(_("— đúng hạn"), t["resolved_on_time"], "resolved_on_time"),
        Figure(_("— trễ hạn"), t["resolved_late"], "resolved_late"),
        Figure(_("Đang giải quyết cuối kỳ: trong hạn"), t.within_time_at_end, "within_end"),
        Figure(_("Đang giải quyết cuối kỳ: quá hạn"), t.overdue_at_end, "overdue_end"),
        Figure(_("Yêu cầu bổ sung"), t["supplement_requests"], ""),
        Figure(_("Từ chối"), t["refused"] + t["rejected_at_reception"], "refused"),
        Figure(_("Dừng theo yêu cầu"), t["withdrawn"], "withdrawn"),
        Figure(_("Tỷ lệ giải quyết đúng hạn"), on_time_rate(t), "", True),
        Figure(_("Tỷ lệ nộp trực tuyến"), pct(t["received_online"], t.received), "", True),
        Figure(_("Tỷ lệ hài lòng"), pct(t["satisfied"], t["rated"]), "", True),
    ]


def on_time_rate(t: Totals | Bucket) -> Decimal | None:
    s = t.sums
    resolved = s["resolved_early"] + s["resolved_on_time"] + s["resolved_late"]
    return pct(s["resolved_early"] + s["resolved_on_time"], resolved)


@dataclass
class Chart:
    id: str
    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    percent: bool = False


def _label(b: Bucket, size: str) -> str:
    return b.start.strftime("%d/%m") if size == "week" else b.start.strftime("%m/%Y")


def time_series(agency: Agency, period: Period, procedure_id: int | None = None) -> list[Chart]:
    size = "week" if period.kind == "month" else "month"
    buckets = selectors.series(
        agency, period.start, period.end, size=size, procedure_id=procedure_id
    )
    labels = [_label(b, size) for b in buckets]
    s = [b.sums for b in buckets]
    received = [x["received_counter"] + x["received_online"] + x["received_postal"] for x in s]
    on_time = [on_time_rate(b) for b in buckets]
    online = [pct(x["received_online"], r) for x, r in zip(s, received, strict=True)]
    satisfied = [pct(x["satisfied"], x["rated"]) for x in s]
    period_col = _("Tuần từ") if size == "week" else _("Tháng")

    def series(name: str, values: list[Any]) -> charts.Series:
        return charts.Series(name, [None if v is None else float(v) for v in values])

    def chart(
        cid: str, title: str, lines: list[charts.Series], heads: list[str], percent: bool = False
    ) -> Chart:
        svg = charts.line_chart(
            chart_id=cid, title=title, x_labels=labels, series=lines, percent=percent
        )
        rows = [[lab, *(ln.values[i] for ln in lines)] for i, lab in enumerate(labels)]
        # built by charts.py, which escapes every text it draws
        return Chart(cid, title, mark_safe(svg), [period_col, *heads], rows, percent)  # noqa: S308

    volume = [
        series(_("Trực tuyến"), [x["received_online"] for x in s]),
        series(_("Trực tiếp"), [x["received_counter"] for x in s]),
        series(_("Bưu chính"), [x["received_postal"] for x in s]),
    ]
    backlog = [
        series(_("Đang giải quyết"), [b.open_at_end for b in buckets]),
        series(_("Quá hạn"), [b.overdue_at_end for b in buckets]),
    ]
    return [
        chart("bd-so-luong", _("Hồ sơ tiếp nhận theo kênh"), volume, [v.name for v in volume]),
        chart(
            "bd-dung-han",
            _("Tỷ lệ giải quyết đúng hạn (%)"),
            [series(_("Đúng hạn"), on_time)],
            [_("Đúng hạn (%)")],
            percent=True,
        ),
        chart(
            "bd-truc-tuyen",
            _("Tỷ lệ nộp trực tuyến (%)"),
            [series(_("Trực tuyến"), online)],
            [_("Trực tuyến (%)")],
            percent=True,
        ),
        chart(
            "bd-hai-long",
            _("Tỷ lệ hài lòng (%)"),
            [series(_("Hài lòng"), satisfied)],
            [_("Hài lòng (%)")],
            percent=True,
        ),
        chart(
            "bd-ton",
            _("Hồ sơ đang giải quyết cuối mỗi kỳ"),
            backlog,
            [v.name for v in backlog],
        ),
    ]


@dataclass(frozen=True)
class AgencyRow:
    agency: Agency
    t: Totals

    @property
    def on_time(self) -> Decimal | None:
        return on_time_rate(self.t)

    @property
    def online(self) -> Decimal | None:
        return pct(self.t["received_online"], self.t.received)

    @property
    def satisfaction(self) -> Decimal | None:
        return pct(self.t["satisfied"], self.t["rated"])

    @property
    def late(self) -> int:
        return self.t["resolved_late"] + self.t.overdue_at_end


def children(agency: Agency, period: Period) -> list[AgencyRow]:
    return [AgencyRow(a, t) for a, t in selectors.by_child(agency, period.start, period.end)]


def most_late_agencies(rows: list[AgencyRow]) -> list[AgencyRow]:
    return sorted((r for r in rows if r.late), key=lambda r: (-r.late, r.agency.name))[:TOP]


@dataclass(frozen=True)
class ProcedureLate:
    row: selectors.ProcedureRow

    @property
    def late(self) -> int:
        return self.row.sums["resolved_late"]

    @property
    def on_time(self) -> Decimal | None:
        s = self.row.sums
        return pct(s["resolved_early"] + s["resolved_on_time"], self.row.resolved)


def most_late_procedures(agency: Agency, period: Period) -> list[ProcedureLate]:
    return [
        ProcedureLate(r) for r in selectors.most_late(agency, period.start, period.end, limit=TOP)
    ]


def late_bar(cid: str, title: str, labels: list[str], values: list[int]) -> SafeString:
    svg = charts.bar_chart(
        chart_id=cid, title=title, labels=labels, values=[float(v) for v in values]
    )
    return mark_safe(svg)  # noqa: S308 - built by charts.py, every text escaped there


def forecast_chart(weeks: list[Any]) -> Chart | None:
    """The forecast weeks (`outlook.Week`) as a line chart with its interval, and its table."""
    if not weeks:
        return None
    labels = [w.start.strftime("%d/%m") for w in weeks]
    lines = [
        charts.Series(_("Dự báo"), [round(w.value, 1) for w in weeks]),
        charts.Series(_("Cận dưới"), [round(w.lower, 1) for w in weeks]),
        charts.Series(_("Cận trên"), [round(w.upper, 1) for w in weeks]),
    ]
    title = _("Hồ sơ tiếp nhận dự báo theo tuần")
    svg = charts.line_chart(chart_id="bd-du-bao", title=title, x_labels=labels, series=lines)
    rows = [[lab, *(ln.values[i] for ln in lines)] for i, lab in enumerate(labels)]
    safe = mark_safe(svg)  # noqa: S308 - built by charts.py, which escapes every text it draws
    return Chart("bd-du-bao", title, safe, [_("Tuần từ"), *(ln.name for ln in lines)], rows)
