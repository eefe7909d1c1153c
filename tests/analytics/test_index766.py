"""Each Decision 766 indicator on hand-made counts; the expected scores are worked out by hand
in the comments (docs/rules.md §30)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.analytics import index766, index_counts, rollups
from motcua.analytics.models import DossierFact
from motcua.dossiers.models import StepInstance
from motcua.dossiers.services import processing, reception, results
from motcua.national_portal.rules import parse_period
from tests.dossiers.test_lifecycle_edges import counter, do

HCM = ZoneInfo("Asia/Ho_Chi_Minh")

# A ward's quarter, made up so every ratio is easy to check by hand.
COUNTS = {
    "announced": 4, "published_on_time": 3,  # 1.1: 6 × 3/4 = 4.5
    "to_update": 5, "updated_on_time": 5,  # 1.2: 4 × 1 = 4
    "published": 10, "content_full": 8,  # 1.3: 2 × 0.8 = 1.6
    "synced": 90, "sync_base": 100,  # 1.4: 6 × 0.9 = 5.4
    "in_time": 95, "handled": 100,  # 2.1: 20 × 0.95 = 19
    "handling_days": Fraction(240), "resolved": 80,  # 2.2: 3 days on average, no score
    "online_procedures": 6, "procedures": 10,  # 3.1: 2 × 0.6 / 0.8 = 1.5
    "services_used": 3,  # 3.2: 4 × 3/6 = 2
    "online_synced": 40, "received": 100,  # 3.3: min(6, 6 × 0.4 / 0.5) = 4.8
    "e_result": 60,  # 4.1: 6 × 60/80 = 4.5
    "digitised": 72,  # 4.2: min(4, 4 × 0.9 / 0.8) = 4 (capped)
    "reused": 20,  # 4.3: 2 × 0.2 / 0.8 = 0.5
    "personal_store": 25,  # 4.4: 4 × 0.25 = 1
    "vneid_procedures": 2, "individual_procedures": 8,  # 4.5a: 2 × 0.25 = 0.5
    "vneid": 50,  # 4.5b: 2 × 0.5 = 1
    "certified_copies": 0, "certified_base": 0,  # 4.6: N/A, 0
    "fees_integrated": 3, "fee_procedures": 5,  # 3.5: 4 × 0.6 / 0.8 = 3
    "paid_online": 30, "fee_bearing": 40,  # 3.6: 6 × 0.75 = 4.5
    "feedback": 0, "feedback_on_time": 0, "feedback_satisfied": 0,  # 5.2, 5.3: 6 each (none)
    "satisfaction": 85, "satisfaction_base": 100,  # 5.4: 6 × 0.85 / 0.9 = 5.67
}  # fmt: skip

EXPECTED = {
    "1.1": Decimal("4.50"),
    "1.2": Decimal("4.00"),
    "1.3": Decimal("1.60"),
    "1.4": Decimal("5.40"),
    "2.1": Decimal("19.00"),
    "3.1": Decimal("1.50"),
    "3.2": Decimal("2.00"),
    "3.3": Decimal("4.80"),
    "4.1": Decimal("4.50"),
    "4.2": Decimal("4.00"),
    "4.3": Decimal("0.50"),
    "4.4": Decimal("1.00"),
    "4.5a": Decimal("0.50"),
    "4.5b": Decimal("1.00"),
    "4.6": Decimal("0.00"),
    "3.5": Decimal("3.00"),
    "3.6": Decimal("4.50"),
    "5.2": Decimal("6.00"),
    "5.3": Decimal("6.00"),
    "5.4": Decimal("5.67"),  # 17/3 = 5.666…
}


def by_id(counts: dict[str, object]) -> dict[str, index766.Result]:
    return {r.id: r for r in index766.compute(counts)}  # type: ignore[arg-type]


@pytest.mark.parametrize("indicator", sorted(EXPECTED))
def test_each_indicator_scores_as_worked_out_by_hand(indicator: str) -> None:
    assert by_id(COUNTS)[indicator].points == EXPECTED[indicator]


def test_display_only_and_not_applicable() -> None:
    results = by_id(COUNTS)
    assert results["2.2"].score is None
    assert results["2.2"].ratio == 3  # 240 days over 80 dossiers
    assert results["4.6"].ratio is None
    assert results["4.6"].percent is None  # shown "N/A"


def test_groups_and_total_by_hand() -> None:
    results = index766.compute(COUNTS)  # type: ignore[arg-type]
    groups = {g.id: index766.rounded(g.score) for g in index766.groups(results)}
    # 1: 4.5 + 4 + 1.6 + 5.4 = 15.5; 2: 19; 3: 1.5 + 2 + 4.8 = 8.3;
    # 4: 4.5 + 4 + 0.5 + 1 + 0.5 + 1 + 0 = 11.5; 5: 3 + 4.5 = 7.5; 6: 6 + 6 + 17/3 = 17.67
    assert groups == {
        "1": Decimal("15.50"),
        "2": Decimal("19.00"),
        "3": Decimal("8.30"),
        "4": Decimal("11.50"),
        "5": Decimal("7.50"),
        "6": Decimal("17.67"),
    }
    # 15.5 + 19 + 8.3 + 11.5 + 7.5 + 17 2/3 = 79.4666…
    assert index766.rounded(index766.total(results)) == Decimal("79.47")
    assert sum(m for _, m in index766.GROUPS.values()) == 100


def test_special_rules_when_there_is_nothing_to_count() -> None:
    empty = by_id({})
    assert empty["5.2"].points == Decimal("6.00")  # no feedback: full points
    assert empty["5.3"].points == Decimal("6.00")
    assert empty["5.4"].points == Decimal("0.00")  # no dossier: 0
    assert empty["2.1"].points == Decimal("0.00")
    assert empty["2.1"].ratio is None  # N/A


def test_feedback_when_there_is_some() -> None:
    # 8 of 10 on time: 6 × 0.8 = 4.8; 7 of 10 satisfied: 6 × 0.7 = 4.2
    r = by_id({"feedback": 10, "feedback_on_time": 8, "feedback_satisfied": 7})
    assert (r["5.2"].points, r["5.3"].points) == (Decimal("4.80"), Decimal("4.20"))


def test_a_ratio_above_one_scores_the_maximum_and_the_version_is_known() -> None:
    assert by_id({"synced": 120, "sync_base": 100})["1.4"].points == Decimal("6.00")
    assert index766.CURRENT_VERSION in index766.FORMULAS


# ---- on real dossiers ----------------------------------------------------------------------


def _finish(w: Any, code: str, *, resolve: bool = True) -> None:
    while inst := StepInstance.objects.filter(dossier__code=code, status="active").first():
        do(w, code, inst.step.key)
    if resolve:
        results.result_record(actor=w.u("signer"), code=code, summary="Đã cấp")


def _at(*args: int) -> Any:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


@pytest.mark.django_db
def test_on_time_in_december_worked_out_by_hand(world: Any) -> None:
    """The procedure takes 3 working days; received Wednesday 2/12 09:00, the appointment is
    Monday 7/12 17:00.
    - A resolved on 3/12: before time.
    - B resolved on 9/12: late.
    - C still open on 1/1: overdue at the end of the period.
    - D received Wednesday 30/12: appointment Monday 4/1 (1/1 is a holiday), within time.
    - E asked for a supplement on 3/12 10:00, supplied 8/12 10:00 (120 hours), resolved 10/12
      10:00: the end less the supplement time is 5/12 10:00, before the appointment: before time
      (without the subtraction it would be late).
    2.1 = (A + E + D) ÷ (A + B + E resolved + C + D open) = 3/5, score 20 × 0.6 = 12.
    5.4 = 100% − (2 late of 5: B and C) − 0% disliked = 60%, score 6 × 0.6 / 0.9 = 4."""
    w = world
    with _at(2026, 12, 2, 9, 0):
        a, b, c, e = (counter(w) for _ in range(4))
    with _at(2026, 12, 3, 10, 0):
        _finish(w, a)
        inst = StepInstance.objects.get(dossier__code=e, status="active")
        processing.step_complete(
            actor=w.u("specialist"), code=e, step_id=inst.pk, outcome="supplement",
            items=[{"name": "Bản sao CCCD", "reason": "Mờ"}],
        )  # fmt: skip
    with _at(2026, 12, 8, 10, 0):
        reception.dossier_supplement(actor=w.u("citizen"), code=e)
    with _at(2026, 12, 9, 10, 0):
        _finish(w, b)
    with _at(2026, 12, 10, 10, 0):
        _finish(w, e)
    with _at(2026, 12, 30, 9, 0):
        counter(w)
        rollups.consume()
    facts = {f.dossier.code: f for f in DossierFact.objects.select_related("dossier")}
    assert [facts[x].timing for x in (a, b, e)] == ["early", "late", "early"]
    assert facts[c].outcome == ""
    assert facts[c].deadline_day == date(2026, 12, 7)
    n = index_counts.counts(w.ward, parse_period("2026-12"), today=date(2027, 1, 5))
    assert (n["in_time"], n["handled"], n["late"]) == (3, 5, 2)
    r = {x.id: x for x in index766.compute(n)}
    assert r["2.1"].points == Decimal("12.00")
    assert r["5.4"].points == Decimal("4.00")
    assert r["2.1"].percent == Decimal("60.00")
