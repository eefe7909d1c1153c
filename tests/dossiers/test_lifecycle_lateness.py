"""Deadlines found in the issue 6 review: the apology's new time at a Saturday-session agency,
the due state computed when read, the sweep committing per chunk with dossier codes as outbox
subjects, a refused step kept on the control sheet (docs/rules.md §4, §7, §8)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from motcua.core import calendar
from motcua.core.models import AuditEvent, OutboxMessage
from motcua.dossiers.due import due_state
from motcua.dossiers.models import Dossier, DueState, StepInstance, StepStatus
from motcua.dossiers.presenters import dossier_out
from motcua.dossiers.selectors.due import dossier_due_state, due_filter
from motcua.dossiers.selectors.tracking import track_public
from motcua.dossiers.services import lateness, processing
from motcua.dossiers.slips import control_rows
from tests.dossiers.conftest import World
from tests.dossiers.test_lifecycle_edges import HCM, at, counter, do

# -- apology at a Saturday-session agency ------------------------------------------------------


def test_apology_new_time_on_a_saturday_session_is_its_closing_time(world: World) -> None:
    w = world
    type(w.ward).objects.filter(pk=w.ward.pk).update(saturday_hours=[["07:30", "11:30"]])
    calendar.reset()
    with at(2026, 3, 2, 9, 0):
        code = counter(w)
    with at(2026, 3, 3, 9, 0):
        apology = lateness.apology_issue(
            actor=w.u("signer"), code=code, reason="Chờ xác minh", new_due=date(2026, 3, 7)
        )
    assert apology.new_due_at == datetime(2026, 3, 7, 11, 30, tzinfo=HCM)  # Saturday session


def test_apology_new_time_on_a_weekday_is_17h(world: World) -> None:
    with at(2026, 3, 2, 9, 0):
        code = counter(world)
    with at(2026, 3, 3, 9, 0):
        apology = lateness.apology_issue(
            actor=world.u("signer"), code=code, reason="Chờ", new_due=date(2026, 3, 9)
        )
    assert apology.new_due_at == datetime(2026, 3, 9, 17, 0, tzinfo=HCM)


# -- due state computed when read --------------------------------------------------------------

T = datetime(2026, 3, 10, 9, 0, tzinfo=HCM)
SOON = datetime(2026, 3, 11, 9, 0, tzinfo=HCM)


@pytest.mark.parametrize(
    ("now", "due", "extended", "status", "recorded", "expected"),
    [
        (T, datetime(2026, 3, 9, 17, tzinfo=HCM), None, "received", "on_track", "overdue"),
        (T, datetime(2026, 3, 10, 9, tzinfo=HCM), None, "in_progress", "on_track", "due_soon"),
        (T, datetime(2026, 3, 10, 17, tzinfo=HCM), None, "in_progress", "on_track", "due_soon"),
        (T, datetime(2026, 3, 20, 17, tzinfo=HCM), None, "in_progress", "on_track", "on_track"),
        (T, datetime(2026, 3, 20, 17, tzinfo=HCM), None, "in_progress", "due_soon", "on_track"),
        # the apology's new appointment counts ...
        (
            T,
            datetime(2026, 3, 9, 17, tzinfo=HCM),
            datetime(2026, 3, 20, 17, tzinfo=HCM),
            "in_progress",
            "on_track",
            "on_track",
        ),
        # ... but lateness once recorded stays
        (
            T,
            datetime(2026, 3, 9, 17, tzinfo=HCM),
            datetime(2026, 3, 20, 17, tzinfo=HCM),
            "in_progress",
            "overdue",
            "overdue",
        ),
        # no clock running: what was recorded
        (T, datetime(2026, 3, 9, 17, tzinfo=HCM), None, "returned", "on_track", "on_track"),
        (T, datetime(2026, 3, 9, 17, tzinfo=HCM), None, "result_ready", "overdue", "overdue"),
        (T, None, None, "submitted", "on_track", "on_track"),
    ],
)
def test_due_state_rule(
    now: datetime,
    due: datetime | None,
    extended: datetime | None,
    status: str,
    recorded: str,
    expected: str,
) -> None:
    assert due_state(now, due, extended, SOON, status, recorded=recorded) == expected


def test_an_overdue_dossier_shows_overdue_before_the_sweep_runs(world: World) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):
        code = counter(w)  # due 05/03 17:00
    with at(2026, 3, 9, 9, 0):
        dossier = Dossier.objects.get(code=code)
        assert dossier.due_state == DueState.ON_TRACK  # the sweep has not run
        assert dossier_out(dossier)["due_state"] == DueState.OVERDUE
        view = track_public(code=code, id_last4=None, client="127.0.0.1")
        assert view.due_state == DueState.OVERDUE
        assert Dossier.objects.filter(due_filter(DueState.OVERDUE), code=code).exists()
    with at(2026, 3, 5, 9, 0):  # the day of the appointment
        assert dossier_due_state(Dossier.objects.get(code=code)) == DueState.DUE_SOON
        assert Dossier.objects.filter(due_filter(DueState.DUE_SOON), code=code).exists()


def test_a_paused_dossier_is_judged_when_its_clock_stopped(world: World) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):
        code = counter(w)
        do(w, code, "review", "supplement", items=[{"name": "A", "reason": "B"}])
    with at(2026, 3, 20, 9, 0):  # long after the appointment, still waiting for the applicant
        dossier = Dossier.objects.get(code=code)
        assert dossier_due_state(dossier) == DueState.ON_TRACK
        assert not Dossier.objects.filter(due_filter(DueState.OVERDUE), code=code).exists()
        assert not Dossier.objects.filter(due_filter(DueState.DUE_SOON), code=code).exists()


# -- the sweep ---------------------------------------------------------------------------------


def test_sweep_outbox_subjects_are_dossier_codes(world: World) -> None:
    with at(2026, 3, 2, 9, 0):
        code = counter(world)
    with at(2026, 3, 9, 9, 0):
        result = lateness.deadline_sweep()
    assert (result.overdue, result.steps_overdue) == (1, 1)
    rows = OutboxMessage.objects.filter(kind__in=["dossier.overdue", "step.overdue"])
    assert {(r.subject_type, r.subject_id) for r in rows} == {("dossier", code)}
    step = StepInstance.objects.get(dossier__code=code, status=StepStatus.ACTIVE)
    assert rows.get(kind="step.overdue").payload["step_instance"] == step.pk
    # the applicant's inbox gets the dossier's notice; a step's deadline is internal
    applicant = Dossier.objects.get(code=code).applicant_user
    assert applicant is not None
    assert rows.get(kind="dossier.overdue").user == applicant
    assert rows.get(kind="step.overdue").user is None


class Crash(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_sweep_commits_per_chunk_and_a_rerun_completes(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given five overdue dossiers, chunks of two, and a crash while writing the second chunk
    with at(2026, 3, 2, 9, 0):
        codes = [counter(world) for _ in range(5)]
    monkeypatch.setattr(lateness, "CHUNK", 2)
    real_write, calls = lateness._write_chunk, []

    def crash_on_second(mark: object, rows: list) -> None:
        calls.append(len(rows))
        real_write(mark, rows)
        if len(calls) == 2:
            raise Crash

    monkeypatch.setattr(lateness, "_write_chunk", crash_on_second)
    with at(2026, 3, 9, 9, 0), pytest.raises(Crash):
        lateness.deadline_sweep()
    # then the first chunk is committed, the second rolled back
    marked = Dossier.objects.filter(code__in=codes, due_state=DueState.OVERDUE)
    assert marked.count() == 2
    assert OutboxMessage.objects.filter(kind="dossier.overdue").count() == 2
    assert AuditEvent.objects.filter(kind="deadline.marked").count() == 1
    # when the sweep runs again it completes without duplicates
    monkeypatch.setattr(lateness, "_write_chunk", real_write)
    with at(2026, 3, 9, 9, 5):
        assert lateness.deadline_sweep().overdue == 3
        assert lateness.deadline_sweep().overdue == 0
    assert marked.count() == 5
    overdue = OutboxMessage.objects.filter(kind="dossier.overdue")
    assert sorted(overdue.values_list("subject_id", flat=True)) == sorted(codes)


# -- a step refused as an outcome ----------------------------------------------------------------


def test_a_refused_step_keeps_who_refused_it_and_when(world: World) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):
        code = counter(w)
    with at(2026, 3, 3, 10, 15):
        inst = StepInstance.objects.get(dossier__code=code, status=StepStatus.ACTIVE)
        processing.step_complete(
            actor=w.u("specialist"),
            code=code,
            step_id=inst.pk,
            outcome="refuse",
            reasons=["Không đủ điều kiện"],
        )
    inst.refresh_from_db()
    assert (inst.status, inst.outcome) == (StepStatus.DONE, "refuse")
    assert inst.completed_by == w.u("specialist")
    assert inst.completed_at == datetime(2026, 3, 3, 10, 15, tzinfo=HCM)
    row = control_rows(Dossier.objects.get(code=code))[0]
    assert row["receiver"] == "Specialist"
    assert "Từ chối giải quyết: Specialist, 10:15 03/03/2026" in row["notes"]


# -- one definition of the running clock ---------------------------------------------------------


def test_clock_statuses_are_defined_once() -> None:
    pair = re.compile(r"DossierStatus\.RECEIVED,\s*DossierStatus\.IN_PROGRESS")
    root = Path(__file__).resolve().parents[2] / "motcua"
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "migrations" not in path.parts and pair.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["dossiers/models/dossier.py"]
