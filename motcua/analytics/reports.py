"""The periodic report of procedure handling (báo cáo tình hình giải quyết TTHC) in the standard
buckets, and every dashboard table, as rows for a page, XLSX or CSV.

Buckets (docs/rules.md §30): received = carried over + new (online, counter, postal); resolved
(before time, on time, late); in progress at the end (within time, overdue); returned for
supplement; refused; withdrawn. One row per agency directly below the chosen one (each with its
own subtree), and a total; an agency with nothing below it gets one row per procedure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency
from motcua.analytics import selectors
from motcua.analytics.models import RollupMonth
from motcua.analytics.selectors import CLOSED, RECEIVED, Totals
from motcua.catalog.models import Procedure
from motcua.national_portal.rules import Period


def columns() -> list[str]:
    return [
        _("Đơn vị / thủ tục"),
        _("Tổng số hồ sơ"),
        _("Kỳ trước chuyển sang"),
        _("Tiếp nhận mới"),
        _("Trực tuyến"),
        _("Trực tiếp"),
        _("Bưu chính"),
        _("Đã giải quyết"),
        _("Trước hạn"),
        _("Đúng hạn"),
        _("Trễ hạn"),
        _("Đang giải quyết"),
        _("Trong hạn"),
        _("Quá hạn"),
        _("Yêu cầu bổ sung"),
        _("Từ chối"),
        _("Dừng theo yêu cầu"),
    ]


def _row(label: str, t: Totals) -> list[Any]:
    s = t.sums
    return [
        label,
        t.open_at_start + t.received,
        t.open_at_start,
        t.received,
        s["received_online"],
        s["received_counter"],
        s["received_postal"],
        t.resolved,
        s["resolved_early"],
        s["resolved_on_time"],
        s["resolved_late"],
        t.open_at_end,
        t.within_time_at_end,
        t.overdue_at_end,
        s["supplement_requests"],
        s["refused"] + s["rejected_at_reception"],
        s["withdrawn"],
    ]


@dataclass(frozen=True)
class Report:
    agency: Agency
    period: Period
    columns: list[str]
    rows: list[list[Any]]  # the last one is the total


def _by_procedure(agency: Agency, period: Period) -> list[tuple[str, Totals]]:
    """Per procedure over the period's months, with its stocks at both ends."""
    first, last = selectors.month_bounds(period.start, period.end)
    base = RollupMonth.objects.filter(agency__in=selectors.subtree(agency))
    opened = sum((F(m) for m in RECEIVED[1:]), F(RECEIVED[0])) - sum(
        (F(m) for m in CLOSED[1:]), F(CLOSED[0])
    )
    stocks: dict[str, dict[int, tuple[int, int]]] = {}
    for label, before in (("start", first), ("end", last)):
        rows = (
            base.filter(month__lt=before)
            .values("procedure_id")
            .annotate(o=Sum(opened), d=Sum(F("deadline_passed") - F("closed_after_deadline")))
        )
        stocks[label] = {r["procedure_id"]: (r["o"] or 0, r["d"] or 0) for r in rows}
    rows_by_id = {r.procedure_id: r for r in selectors.by_procedure(agency, first, last)}
    ids = set(rows_by_id) | set(stocks["end"]) | set(stocks["start"])
    names = {
        pk: f"{name or code} ({code})"
        for pk, code, name in Procedure.objects.filter(pk__in=ids - set(rows_by_id)).values_list(
            "pk", "code", "current__name"
        )
    }
    out = []
    for pid in sorted(ids, key=lambda p: rows_by_id[p].code if p in rows_by_id else str(p)):
        row = rows_by_id.get(pid)
        t = Totals(sums=dict(row.sums)) if row else Totals()
        t.open_at_start = stocks["start"].get(pid, (0, 0))[0]
        t.open_at_end, t.overdue_at_end = stocks["end"].get(pid, (0, 0))
        if not (t.open_at_start or t.open_at_end or t.received or t.resolved):
            continue
        label = f"{row.name} ({row.code})" if row else names.get(pid, str(pid))
        out.append((label, t))
    return out


def report(agency: Agency, period: Period) -> Report:
    children = selectors.by_child(agency, period.start, period.end)
    parts = [(a.name, t) for a, t in children] if children else _by_procedure(agency, period)
    total = selectors.totals(agency, period.start, period.end)
    rows = [_row(label, t) for label, t in parts]
    rows.append(_row(_("Tổng cộng"), total))
    return Report(agency, period, columns(), rows)
