"""The lateness risk of an open dossier, 0–100, with the reasons that make it (pure; docs/rules.md
§31). Points, added and capped at 100, so that a leader can read why:
- overdue: the deadline has passed → 100 (and nothing else needs saying);
- time left: up to 40 points as the share of the allotted working hours still left falls
  (40 × (1 − left/allotted)), and 10 more when less than one working day (8 hours) is left;
- step: up to 25 points, the share of dossiers that went late after this step in the last
  twelve weeks × 25;
- backlog: up to 20 points when the agency holds more open dossiers than it resolves in a week
  (20 × (weeks of backlog − 1) / 3, full at four weeks of backlog);
- the official's load: up to 15 points when the official holding the dossier has more open
  steps than the agency's median (15 × (ratio − 1), full at twice the median).
While the dossier waits for the applicant (supplement) its deadline is suspended: the score is
halved and the reason "paused" is given first.
A reason is listed only when it adds at least one point, largest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

WORKING_DAY_HOURS = 8.0


@dataclass(frozen=True)
class RiskInputs:
    hours_left: float  # working hours until the deadline; negative once it has passed
    hours_allotted: float  # working hours from receipt to the deadline
    step_key: str = ""
    step_name: str = ""
    step_late_rate: float | None = None  # 0..1
    agency_backlog: int = 0  # open dossiers at the receiving agency
    agency_weekly_capacity: float = 0.0  # dossiers it resolved per week lately
    assignee_open: int | None = None  # open steps held by the official
    agency_median_open: float | None = None
    paused: bool = False


@dataclass(frozen=True)
class Reason:
    code: str
    weight: float
    detail: dict[str, Any] = field(default_factory=dict)


def _clamp(x: float, high: float) -> float:
    return max(0.0, min(high, x))


def score(inputs: RiskInputs) -> tuple[int, tuple[Reason, ...]]:
    if inputs.hours_left < 0 and not inputs.paused:
        return 100, (Reason("overdue", 100.0, {"hours_left": round(inputs.hours_left, 1)}),)
    reasons = []
    allotted = max(inputs.hours_allotted, 1.0)
    used = _clamp(1 - max(inputs.hours_left, 0.0) / allotted, 1.0)
    time_points = 40 * used + (10 if inputs.hours_left < WORKING_DAY_HOURS else 0)
    reasons.append(Reason("time_left", time_points, {"hours_left": round(inputs.hours_left, 1)}))
    if inputs.step_late_rate is not None:
        reasons.append(
            Reason(
                "step",
                25 * _clamp(inputs.step_late_rate, 1.0),
                {"step_name": inputs.step_name, "late_rate": round(inputs.step_late_rate, 3)},
            )
        )
    if inputs.agency_weekly_capacity > 0:
        weeks = inputs.agency_backlog / inputs.agency_weekly_capacity
        reasons.append(
            Reason(
                "backlog",
                _clamp(20 * (weeks - 1) / 3, 20),
                {"backlog": inputs.agency_backlog,
                 "capacity": round(inputs.agency_weekly_capacity, 1)},
            )
        )  # fmt: skip
    if inputs.assignee_open is not None and inputs.agency_median_open:
        ratio = inputs.assignee_open / inputs.agency_median_open
        reasons.append(
            Reason(
                "assignee_load",
                _clamp(15 * (ratio - 1), 15),
                {"assignee_open": inputs.assignee_open,
                 "median_open": inputs.agency_median_open},
            )
        )  # fmt: skip
    counted = sorted((r for r in reasons if r.weight >= 1), key=lambda r: -r.weight)
    total = min(sum(r.weight for r in counted), 100.0)
    if inputs.paused:
        total /= 2
        counted.insert(0, Reason("paused", 0.0, {}))
    return round(total), tuple(counted)
