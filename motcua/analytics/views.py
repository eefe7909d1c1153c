"""The analytics pages under /can-bo/thong-ke/: the dashboard (city → agency → procedure), the
Decision 766 breakdown, the dossiers behind a number, and the PAR self-assessment figures.
Thin: parse, check the scope (`access`), read through the selectors, render. An agency outside
the viewer's scope, an unknown period or metric is a 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from motcua.accounts.access import official_required
from motcua.analytics import (
    access,
    dashboard,
    drill,
    exports,
    index766,
    index_counts,
    index_store,
    outlook,
    par,
    periods,
    reports,
    tables,
)
from motcua.catalog.models import Procedure
from motcua.core.errors import NotFound, PermissionDenied
from motcua.national_portal.rules import Period


def _today() -> Any:
    return timezone.localdate()


def _agency_and_period(request: HttpRequest) -> tuple[Any, Period]:
    try:
        agency = access.agency_for(request.user, request.GET.get("co_quan") or None)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc
    try:
        period = periods.parse(request.GET.get("ky") or str(_today().year))
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    return agency, period


def _procedure(request: HttpRequest) -> Procedure | None:
    code = request.GET.get("thu_tuc") or ""
    if not code:
        return None
    if "\x00" in code:  # PostgreSQL refuses the character outright; no code holds it
        raise Http404("Không tìm thấy thủ tục.")
    procedure = Procedure.objects.select_related("current").filter(code=code[:32]).first()
    if procedure is None:
        raise Http404("Không tìm thấy thủ tục.")
    return procedure


@require_safe
@official_required
def overview(request: HttpRequest) -> HttpResponse:
    agency, period = _agency_and_period(request)
    procedure = _procedure(request)
    pid = procedure.pk if procedure else None
    totals = dashboard.selectors.totals(agency, period.start, period.end, procedure_id=pid)
    context: dict[str, Any] = {
        "agency": agency,
        "period": period,
        "procedure": procedure,
        "parent": access.visible_parent(request.user, agency),
        "figures": dashboard.headline(totals),
        "charts": dashboard.time_series(agency, period, pid),
        "section": "analytics",
    }
    if procedure is None:
        rows = dashboard.children(agency, period)
        late_agencies = dashboard.most_late_agencies(rows)
        late_procedures = dashboard.most_late_procedures(agency, period)
        context.update(
            children=rows,
            late_agencies=late_agencies,
            late_agencies_svg=dashboard.late_bar(
                "bd-co-quan-tre",
                "Cơ quan có nhiều hồ sơ trễ hạn nhất",
                [r.agency.name for r in late_agencies],
                [r.late for r in late_agencies],
            )
            if late_agencies
            else "",
            late_procedures=late_procedures,
            late_procedures_svg=dashboard.late_bar(
                "bd-thu-tuc-tre",
                "Thủ tục có nhiều hồ sơ trễ hạn nhất",
                [r.row.name for r in late_procedures],
                [r.late for r in late_procedures],
            )
            if late_procedures
            else "",
        )
    return render(request, "analytics/overview.html", context)


@require_safe
@official_required
def index_766(request: HttpRequest) -> HttpResponse:
    agency, period = _agency_and_period(request)
    snapshot = index_store.found(agency, period)
    if snapshot:  # a closed period: the kept result, scored by its own version
        results, version = index_store.snapshot_results(snapshot), snapshot.version
    else:
        counts = index_counts.counts(agency, period, today=_today())
        results, version = index766.compute(counts), index766.CURRENT_VERSION
    groups = index766.groups(results)
    context = {
        "agency": agency,
        "period": period,
        "version": version,
        "snapshot": snapshot,
        "groups": [(g, [r for r in results if r.group == g.id]) for g in groups],
        "total": index766.rounded(index766.total(results)),
        "maximum": sum(m for _, m in index766.GROUPS.values()),
        "section": "analytics",
    }
    return render(request, "analytics/index766.html", context)


@require_safe
@official_required
def dossiers(request: HttpRequest) -> HttpResponse:
    agency, period = _agency_and_period(request)
    metric = request.GET.get("so", "")
    procedure = _procedure(request)
    try:
        qs = drill.facts_for(
            agency,
            metric,
            period.start,
            period.end,
            procedure_code=procedure.code if procedure else None,
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    rows = list(qs[: drill.LIMIT + 1])
    context = {
        "agency": agency,
        "period": period,
        "procedure": procedure,
        "metric": metric,
        "label": drill.METRIC_LABELS[metric],
        "count": qs.count() if len(rows) > drill.LIMIT else len(rows),
        "rows": rows[: drill.LIMIT],
        "more": len(rows) > drill.LIMIT,
        "section": "analytics",
    }
    return render(request, "analytics/dossiers.html", context)


@require_safe
@official_required
def par_sheet(request: HttpRequest) -> HttpResponse:
    agency, period = _agency_and_period(request)
    if period.kind != "year":
        period = periods.parse(str(period.start.year))
    counts = index_counts.counts(agency, period, today=_today())
    context = {
        "agency": agency,
        "period": period,
        "criteria": par.criteria(counts),
        "section": "analytics",
    }
    return render(request, "analytics/par.html", context)


@require_safe
@official_required
def report(request: HttpRequest) -> HttpResponse:
    agency, period = _agency_and_period(request)
    context = {
        "agency": agency,
        "period": period,
        "report": reports.report(agency, period),
        "section": "analytics",
    }
    return render(request, "analytics/report.html", context)


@require_safe
@official_required
def forecast(request: HttpRequest) -> HttpResponse:
    agency, period = _agency_and_period(request)
    view = outlook.outlook(agency)
    context = {
        "agency": agency,
        "period": period,
        "outlook": view,
        "chart": dashboard.forecast_chart(view.total),
        "risky": outlook.riskiest(agency),
        "section": "analytics",
    }
    return render(request, "analytics/forecast.html", context)


FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@require_safe
@official_required
def export(request: HttpRequest, table: str) -> HttpResponse:
    """One table of the pages as XLSX (default) or CSV (`dinh_dang=csv`)."""
    build = tables.TABLES.get(table)
    fmt = request.GET.get("dinh_dang") or "xlsx"
    if build is None or fmt not in FORMATS:
        raise Http404("Không có bảng này.")
    agency, period = _agency_and_period(request)
    procedure = _procedure(request)
    metric = request.GET.get("so", "")
    if table == "ho-so" and metric not in drill.METRIC_LABELS:
        raise Http404("Không có số liệu này.")
    query = tables.Query(
        agency,
        period,
        _today(),
        metric=metric,
        procedure_code=procedure.code if procedure else None,
    )
    t = build(query)
    subtitle = f"{agency.name} — {period.label}"
    if fmt == "csv":
        body = exports.csv_bytes(columns=t.columns, rows=t.rows)
    else:
        body = exports.xlsx(title=t.title, subtitle=subtitle, columns=t.columns, rows=t.rows)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = f"{table}-{agency.code}-{period.label}.{fmt}".replace(" ", "")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
