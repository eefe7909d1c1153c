"""Reads for the forecast and risk page: the newest forecasts of an agency's subtree summed week
by week, each agency's and busiest procedure's own forecast with its backtest beside it, the
officials needed, and the riskiest open dossiers. Only the stored forecasts and scores are read
(made by the weekly and hourly jobs)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency
from motcua.analytics import risk_scores
from motcua.analytics.models import RiskScore, StaffingForecast, VolumeForecast

RISKY_SHOWN = 50


@dataclass
class Week:
    start: date
    value: float = 0.0
    lower: float = 0.0
    upper: float = 0.0
    officials: float | None = None


@dataclass
class Line:
    """One stored forecast: whose, its next weeks, its backtest against the baseline."""

    label: str
    code: str
    weeks: list[Week]
    method: str
    wape: float | None  # percent
    baseline_wape: float | None  # percent
    beats_baseline: bool | None

    @property
    def next_week(self) -> float:
        return self.weeks[0].value if self.weeks else 0.0


@dataclass
class Outlook:
    as_of: date | None
    total: list[Week] = field(default_factory=list)
    agencies: list[Line] = field(default_factory=list)
    procedures: list[Line] = field(default_factory=list)
    officials_now: int = 0


def _weeks(points: list[dict[str, Any]]) -> list[Week]:
    return [
        Week(date.fromisoformat(p["week"]), float(p["value"]), float(p["lower"]),
             float(p["upper"]))
        for p in points
    ]  # fmt: skip


def _percent(ratio: float | None) -> float | None:
    return None if ratio is None else 100 * float(ratio)


def _line(f: VolumeForecast, label: str, code: str) -> Line:
    backtest = f.backtest or {}
    return Line(
        label,
        code,
        _weeks(f.points),
        f.method,
        _percent(backtest.get("wape")),
        _percent(backtest.get("baseline_wape")),
        f.beats_baseline,
    )


def outlook(agency: Agency) -> Outlook:
    rows = VolumeForecast.objects.filter(agency__path__startswith=agency.path)
    as_of = rows.aggregate(m=Max("as_of"))["m"]
    if as_of is None:
        return Outlook(None)
    rows = rows.filter(as_of=as_of).select_related("agency", "procedure__current")
    out = Outlook(as_of)
    total: dict[date, Week] = {}
    for f in rows.order_by("agency__path", "procedure_id"):
        if f.procedure_id is None:
            line = _line(f, f.agency.name, f.agency.code)
            out.agencies.append(line)
            for w in line.weeks:
                week = total.setdefault(w.start, Week(w.start))
                week.value += w.value
                week.lower += w.lower
                week.upper += w.upper
        elif f.agency_id == agency.pk:
            procedure = f.procedure
            assert procedure is not None
            name = procedure.current.name if procedure.current else procedure.code
            out.procedures.append(_line(f, name, procedure.code))
    officials: dict[date, float] = defaultdict(float)
    staffing = StaffingForecast.objects.filter(
        agency__path__startswith=agency.path, as_of=as_of
    ).values_list("weeks", "officials_now")
    for weeks, now in staffing:
        out.officials_now += now
        for w in weeks:
            officials[date.fromisoformat(w["week"])] += float(w["officials"])
    out.total = [total[d] for d in sorted(total)]
    for week in out.total:
        week.officials = officials.get(week.start)
    out.agencies.sort(key=lambda line: -line.next_week)
    return out


@dataclass(frozen=True)
class Risky:
    code: str
    agency: str
    score: int
    due_at: Any
    reasons: list[str]


def riskiest(agency: Agency, limit: int = RISKY_SHOWN) -> list[Risky]:
    rows = (
        RiskScore.objects.filter(agency__path__startswith=agency.path)
        .select_related("dossier", "agency")
        .order_by("-score", "dossier__due_at", "dossier_id")[:limit]
    )
    return [
        Risky(
            r.dossier.code,
            r.agency.name,
            r.score,
            r.dossier.effective_due_at,
            [risk_scores.reason_text(x) for x in r.reasons] or [_("Không có yếu tố nổi bật.")],
        )
        for r in rows
    ]
