"""Every table of the analytics pages as (title, columns, rows), for the XLSX and CSV exports.
Each table has its own function; `TABLES` names them for the export view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.models import Agency
from motcua.analytics import (
    dashboard,
    drill,
    index766,
    index_counts,
    outlook,
    par,
    reports,
    selectors,
)
from motcua.national_portal.rules import Period


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class Query:
    agency: Agency
    period: Period
    today: Any
    metric: str = ""
    procedure_code: str | None = None


def report_table(q: Query) -> Table:
    r = reports.report(q.agency, q.period)
    return Table(_("Báo cáo tình hình giải quyết thủ tục hành chính"), r.columns, r.rows)


def figures_table(q: Query) -> Table:
    t = selectors.totals(q.agency, q.period.start, q.period.end)
    rows = [[f.label, f.value] for f in dashboard.headline(t)]
    return Table(_("Số liệu trong kỳ"), [_("Chỉ tiêu"), _("Giá trị")], rows)


def children_table(q: Query) -> Table:
    rows = [
        [r.agency.name, r.t.received, r.t.resolved, r.t["resolved_late"], r.t.overdue_at_end,
         r.on_time, r.online, r.satisfaction]
        for r in dashboard.children(q.agency, q.period)
    ]  # fmt: skip
    columns = [
        _("Cơ quan"), _("Tiếp nhận"), _("Đã giải quyết"), _("Trễ hạn"), _("Đang quá hạn"),
        _("Đúng hạn (%)"), _("Trực tuyến (%)"), _("Hài lòng (%)"),
    ]  # fmt: skip
    return Table(_("Theo cơ quan, đơn vị"), columns, rows)


def procedures_table(q: Query) -> Table:
    rows = []
    for p in sorted(
        selectors.by_procedure(q.agency, q.period.start, q.period.end), key=lambda r: r.code
    ):
        s = p.sums
        rows.append(
            [p.code, p.name, p.received, p.resolved, s["resolved_late"],
             dashboard.pct(s["resolved_early"] + s["resolved_on_time"], p.resolved)]
        )  # fmt: skip
    columns = [
        _("Mã thủ tục"), _("Thủ tục"), _("Tiếp nhận"), _("Đã giải quyết"), _("Trễ hạn"),
        _("Đúng hạn (%)"),
    ]  # fmt: skip
    return Table(_("Theo thủ tục"), columns, rows)


def series_table(q: Query) -> Table:
    charts = dashboard.time_series(q.agency, q.period)
    columns = [charts[0].columns[0]]
    merged: list[list[Any]] = [[row[0]] for row in charts[0].rows]
    for c in charts:
        columns += c.columns[1:]
        for out, row in zip(merged, c.rows, strict=True):
            out += row[1:]
    return Table(_("Diễn biến"), columns, merged)


def index_table(q: Query) -> Table:
    counts = index_counts.counts(q.agency, q.period, today=q.today)
    rows = [
        [r.id, r.name, r.numerator, r.denominator, r.percent, r.points, r.max_points, r.rule]
        for r in index766.compute(counts)
    ]
    columns = [
        _("Chỉ số"), _("Tên"), _("Tử số"), _("Mẫu số"), _("Tỷ lệ (%)"), _("Điểm"), _("Tối đa"),
        _("Cách tính"),
    ]  # fmt: skip
    return Table(_("Chỉ số 766") + f" ({index766.CURRENT_VERSION})", columns, rows)


def par_table(q: Query) -> Table:
    counts = index_counts.counts(q.agency, q.period, today=q.today)
    rows = [
        [str(c.area), str(c.name), c.numerator, c.denominator, c.percent]
        for c in par.criteria(counts)
    ]
    columns = [_("Lĩnh vực"), _("Tiêu chí"), _("Tử số"), _("Mẫu số"), _("Tỷ lệ (%)")]
    return Table(_("Chỉ số cải cách hành chính"), columns, rows)


def dossiers_table(q: Query) -> Table:
    qs = drill.facts_for(
        q.agency, q.metric, q.period.start, q.period.end, procedure_code=q.procedure_code
    )
    rows = [
        [f.dossier.code, f.procedure.code, f.agency.name, f.received_day, f.closed_day,
         f.timing_label]
        for f in qs[:50000]
    ]  # fmt: skip
    columns = [
        _("Mã hồ sơ"), _("Mã thủ tục"), _("Cơ quan"), _("Ngày tiếp nhận"), _("Ngày kết thúc"),
        _("Kết quả"),
    ]  # fmt: skip
    return Table(str(drill.METRIC_LABELS[q.metric]), columns, rows)


def forecast_table(q: Query) -> Table:
    o = outlook.outlook(q.agency)
    rows = [
        [w.start, round(w.value, 1), round(w.lower, 1), round(w.upper, 1),
         None if w.officials is None else round(w.officials, 1)]
        for w in o.total
    ]  # fmt: skip
    columns = [
        _("Tuần từ"), _("Hồ sơ dự báo"), _("Cận dưới"), _("Cận trên"), _("Cán bộ cần"),
    ]  # fmt: skip
    return Table(_("Dự báo số hồ sơ tiếp nhận 8 tuần tới"), columns, rows)


def risk_table(q: Query) -> Table:
    rows = [
        [r.code, r.agency, r.score, r.due_at, "; ".join(r.reasons)]
        for r in outlook.riskiest(q.agency, limit=1000)
    ]
    columns = [_("Mã hồ sơ"), _("Cơ quan"), _("Điểm rủi ro"), _("Hạn giải quyết"), _("Lý do")]
    return Table(_("Hồ sơ có nguy cơ trễ hạn"), columns, rows)


TABLES = {
    "bao-cao": report_table,
    "so-lieu": figures_table,
    "don-vi": children_table,
    "thu-tuc": procedures_table,
    "dien-bien": series_table,
    "chi-so-766": index_table,
    "cai-cach-hanh-chinh": par_table,
    "ho-so": dossiers_table,
    "du-bao": forecast_table,
    "rui-ro": risk_table,
}
