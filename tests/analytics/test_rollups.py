"""The rollups kept current from the audit stream equal a rebuild from scratch, after any
sequence of transitions (hypothesis drives the sequence; the clock moves by chosen steps)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from motcua.analytics import rollups
from motcua.analytics.models import (
    DossierFact,
    RollupAgencyDay,
    RollupAgencyMonth,
    RollupDay,
    RollupMonth,
)
from motcua.analytics.rules import MEASURES
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier, StepInstance, StepStatus
from motcua.dossiers.services import processing, reception, results
from motcua.ratings.services import rating_submit
from tests.dossiers.conftest import World
from tests.dossiers.test_lifecycle_edges import counter, do
from tests.ratings.conftest import data

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 11, 2, 8, 0, tzinfo=HCM)  # a Monday
# "step" three times: most sequences should reach a result
ACTIONS = (
    "new",
    "step",
    "step",
    "step",
    "supplement",
    "supply",
    "result",
    "return",
    "withdraw",
    "refuse",
    "rate",
    "consume",
)


def snapshot() -> dict[str, Any]:
    def rows(model: Any, *keys: str) -> dict[tuple[Any, ...], tuple[int, ...]]:
        return {
            tuple(r[k] for k in keys): tuple(r[m] for m in MEASURES)
            for r in model.objects.values(*keys, *MEASURES)
        }

    return {
        "day": rows(RollupDay, "agency_id", "procedure_id", "day"),
        "agency_day": rows(RollupAgencyDay, "agency_id", "day"),
        "agency_month": rows(RollupAgencyMonth, "agency_id", "month"),
        "month": rows(RollupMonth, "agency_id", "procedure_id", "month"),
        "facts": {f["dossier_id"]: f for f in DossierFact.objects.values()},
    }


def _open_step(code: str) -> StepInstance | None:
    return StepInstance.objects.filter(dossier__code=code, status=StepStatus.ACTIVE).first()


def act(w: World, action: str, codes: list[str], pick: int) -> None:
    if action == "new" or not codes:
        codes.append(counter(w))
        return
    if action == "consume":
        rollups.consume()
        return
    code = codes[pick % len(codes)]
    inst = _open_step(code)
    if action == "step" and inst is not None:
        do(w, code, inst.step.key)
    elif action in ("supplement", "refuse") and inst is not None:
        processing.step_complete(
            actor=w.u("specialist"),
            code=code,
            step_id=inst.pk,
            outcome=action,
            items=[{"name": "Bản sao CCCD", "reason": "Mờ"}],
            reasons=["Không đủ điều kiện"],
            override=True,
            legal_basis="Điều 9",
        )
    elif action == "supply":
        reception.dossier_supplement(actor=w.u("citizen"), code=code)
    elif action == "result":
        results.result_record(actor=w.u("signer"), code=code, summary="Đã cấp")
    elif action == "return":
        results.result_return(actor=w.u("reception"), code=code, channel="counter")
    elif action == "withdraw":
        results.dossier_withdraw(actor=w.u("reception"), code=code, reason="Người nộp rút")
    elif action == "rate":
        rating_submit(actor=w.u("citizen"), code=code, data=data(satisfied=pick % 2 == 0))


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(ACTIONS), st.integers(0, 5), st.integers(1, 80)),
        min_size=3,
        max_size=30,
    )
)
def test_rebuild_equals_the_incremental_rollups(world: World, steps: list[Any]) -> None:
    w = world
    with transaction.atomic():
        codes: list[str] = []
        at = START
        for action, pick, hours in steps:
            at += timedelta(hours=hours)
            with time_machine.travel(at, tick=False):
                try:
                    with transaction.atomic():
                        act(w, action, codes, pick)
                except DomainError:
                    pass  # not allowed in that state: nothing changed
        with time_machine.travel(at, tick=False):
            rollups.consume()
            incremental = snapshot()
            rollups.rebuild(step=3)
            rebuilt = snapshot()
        assert incremental == rebuilt
        outcomes = sorted({f["outcome"] or "open" for f in rebuilt["facts"].values()})
        event(f"outcomes: {','.join(outcomes)}")
        assert len(rebuilt["facts"]) == Dossier.objects.count() >= 1
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_dossier_resolved_late_and_one_early_land_on_their_days(world: World) -> None:
    w = world
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=HCM), tick=False):
        early = counter(w)
        late = counter(w)
    # 3 working days: the appointment is Monday 7/12 17:00
    with time_machine.travel(datetime(2026, 12, 3, 10, 0, tzinfo=HCM), tick=False):
        while (inst := _open_step(early)) is not None:
            do(w, early, inst.step.key)
        results.result_record(actor=w.u("signer"), code=early, summary="Đã cấp")
    with time_machine.travel(datetime(2026, 12, 9, 10, 0, tzinfo=HCM), tick=False):
        while (inst := _open_step(late)) is not None:
            do(w, late, inst.step.key)
        results.result_record(actor=w.u("signer"), code=late, summary="Đã cấp")
        assert rollups.consume() > 0
    day = {r.day.isoformat(): r for r in RollupAgencyDay.objects.filter(agency=w.ward)}
    assert day["2026-12-02"].received_counter == 2
    assert day["2026-12-03"].resolved_early == 1
    assert day["2026-12-09"].resolved_late == 1
    assert day["2026-12-09"].closed_after_deadline == 1
    assert day["2026-12-07"].deadline_passed == 1  # the late one's deadline passed that day
    assert rollups.consume() == 0  # nothing new
