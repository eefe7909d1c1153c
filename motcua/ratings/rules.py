"""The nine indicators of Decree 61/2018/NĐ-CP (docs/rules.md §22): pure arithmetic, no Django.

Contract:
- Each indicator scores 0, 1 or 2; the total is at most 18.
- 1. Total handling time vs the statutory time: the moment the result was recorded
  (`finished_at`) against the first appointment (`due_at`, which already moved by every
  supplement pause; an apology's new date does not count as statutory time). Compared at
  minute precision, as the control sheet prints it: earlier 2, the same minute 1, later 0.
- 2. Each participating agency's time vs its allotted time: every closed step instance is
  timed against its own due time (early / on time / late, `Timing`). All early 2; the worst on
  time 1; any late 0. A dossier with no process steps scores as indicator 1 (the receiving
  agency was the only participant).
- 3. Times the applicant had to contact the reception point to complete the dossier: the
  supplement requests (reception stage and during processing, both go through the desk).
  0 → 2, 1 → 1, more → 0. "Unless the applicant was at fault" is not recorded [U]: not applied.
- 4. Agencies the applicant had to contact besides the one-stop desk where they filed: the
  distinct agencies, other than the receiving one, that asked them for documents. 0 → 2,
  1 → 1, more → 0 (Tuyên Quang form confirms 2 points; the rest [U]).
- 5–9 are the person's choice among 0/1/2 (labels configurable: `MOTCUA_RATINGS["LABELS"]`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

RULES_VERSION = "ND61_2018.v1"
POINTS = (0, 1, 2)
PERSON_INDICATORS = (5, 6, 7, 8, 9)
MAX_TOTAL = 18


@dataclass(frozen=True)
class Computed:
    i1: int
    i2: int
    i3: int
    i4: int
    inputs: dict[str, object]


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def indicator_1(finished_at: datetime, due_at: datetime) -> int:
    finished, due = _minute(finished_at), _minute(due_at)
    if finished < due:
        return 2
    return 1 if finished == due else 0


def indicator_2(timings: Iterable[str], fallback: int) -> int:
    """`timings`: the `Timing` values ("early", "on_time", "late") of the closed steps."""
    seen = set(timings)
    if not seen:
        return fallback
    if "late" in seen:
        return 0
    return 1 if "on_time" in seen else 2


def count_points(count: int) -> int:
    """Indicators 3 and 4: none 2, one 1, more 0."""
    if count <= 0:
        return 2
    return 1 if count == 1 else 0


def compute(
    *,
    finished_at: datetime,
    due_at: datetime,
    step_timings: list[str],
    supplement_requests: int,
    other_agencies: int,
) -> Computed:
    i1 = indicator_1(finished_at, due_at)
    return Computed(
        i1=i1,
        i2=indicator_2(step_timings, i1),
        i3=count_points(supplement_requests),
        i4=count_points(other_agencies),
        inputs={
            "finished_at": finished_at.isoformat(),
            "due_at": due_at.isoformat(),
            "step_timings": sorted(step_timings),
            "supplement_requests": supplement_requests,
            "other_agencies": other_agencies,
        },
    )


def check_points(values: dict[int, int]) -> list[str]:
    """Problems with the person's indicators 5–9: each present and 0/1/2, and no other key
    (indicators 1–4 are computed, never given)."""
    problems = [f"i{n}" for n in PERSON_INDICATORS if values.get(n) not in POINTS]
    problems += [f"i{n}" for n in values if n not in PERSON_INDICATORS]
    return problems


def official_points_ok(*values: int) -> bool:
    return all(v in POINTS for v in values)
