"""Due today, and the list filters that also look at open steps (docs/rules.md §4): a step due
11:30 today showed in neither "soon" nor "overdue" while its dossier was due two days later."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone

from motcua.dossiers.models import Dossier, DueState, StepInstance
from motcua.dossiers.selectors.dossiers import dossier_list_for_user
from motcua.dossiers.selectors.due import (
    DUE_TODAY,
    dossier_due_label,
    due_filter,
    end_of_today,
    soon_threshold,
    step_due_filter,
    step_due_label,
)
from motcua.dossiers.services import processing
from tests.dossiers.conftest import World
from tests.dossiers.test_lifecycle_edges import HCM, at, counter


def listed(w: World, due: str) -> int:
    return dossier_list_for_user(user=w.u("reception"), due=due)[0]


@pytest.fixture
def liaison(world: World) -> str:
    with at(2026, 3, 2, 7, 30):  # Monday: intake (4 h) due 11:30, the dossier Wed 17:00
        return counter(world, world.liaison)


def test_a_step_due_this_morning_is_due_today_and_soon_then_overdue(
    world: World, liaison: str
) -> None:
    step = StepInstance.objects.select_related("dossier").get(dossier__code=liaison)
    assert step.due_at == datetime(2026, 3, 2, 11, 30, tzinfo=HCM)
    with at(2026, 3, 2, 9, 30):
        now = timezone.now()
        assert listed(world, "today") == listed(world, "soon") == 1
        assert listed(world, "overdue") == 0
        assert step_due_label(step, at=now, threshold=soon_threshold(now)) == DUE_TODAY
        assert dossier_due_label(step.dossier, at=now) == DueState.ON_TRACK
    with at(2026, 3, 2, 23, 30):
        assert (listed(world, "today"), listed(world, "soon"), listed(world, "overdue")) == (
            0,
            0,
            1,
        )
        now = timezone.now()
        assert step_due_label(step, at=now, threshold=soon_threshold(now)) == DueState.OVERDUE


def test_a_dossier_due_this_afternoon_is_due_today(world: World, liaison: str) -> None:
    with at(2026, 3, 4, 9, 0):  # Wednesday, the appointment at 17:00
        dossier = Dossier.objects.get(code=liaison)
        now = timezone.now()
        assert dossier_due_label(dossier, at=now) == DUE_TODAY
        assert Dossier.objects.filter(due_filter(DUE_TODAY)).count() == 1
        assert end_of_today(now) == datetime(2026, 3, 5, 0, 0, tzinfo=HCM)
    with at(2026, 3, 4, 17, 1):
        assert dossier_due_label(Dossier.objects.get(code=liaison), at=timezone.now()) == (
            DueState.OVERDUE
        )
        assert Dossier.objects.filter(due_filter(DUE_TODAY)).count() == 0


def test_steps_of_a_paused_dossier_are_judged_at_the_pause(world: World, liaison: str) -> None:
    step = StepInstance.objects.get(dossier__code=liaison)
    with at(2026, 3, 2, 9, 0):
        processing.step_complete(
            actor=world.u("specialist"),
            code=liaison,
            step_id=step.pk,
            outcome="supplement",
            items=[{"name": "Tờ khai", "reason": "Thiếu chữ ký"}],
        )
    step = StepInstance.objects.select_related("dossier").get(pk=step.pk)
    with at(2026, 3, 9, 9, 0):  # a week later, still waiting for the applicant
        now = timezone.now()
        assert step_due_label(step, at=now, threshold=soon_threshold(now)) == DueState.ON_TRACK
        for state in (DueState.OVERDUE, DUE_TODAY, DueState.DUE_SOON):
            assert not StepInstance.objects.filter(step_due_filter(state)).exists()
        assert dossier_due_label(step.dossier, at=now) == DueState.ON_TRACK
    StepInstance.objects.filter(pk=step.pk).update(due_state=DueState.OVERDUE)
    with at(2026, 3, 9, 9, 0):
        assert StepInstance.objects.filter(step_due_filter(DueState.OVERDUE)).exists()


def test_the_api_offers_today(world: World, liaison: str, client: Client) -> None:
    client.force_login(world.u("reception"))
    with at(2026, 3, 2, 9, 30):
        body = client.get("/api/v1/dossiers?due=today").json()
    assert [d["code"] for d in body["items"]] == [liaison]
