"""The dossier lifecycle through its services: the happy path and every side path."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.core import calendar
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.models import AuditEvent, OutboxMessage
from motcua.dossiers.models import Dossier, DossierStatus, StepInstance, StepStatus, Timing
from motcua.dossiers.services import processing, reception, results
from motcua.dossiers.services.submission import dossier_intake_counter, dossier_submit
from tests.dossiers.conftest import World, applicant

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def submit(w: World, procedure: str | None = None, key: str | None = None) -> Dossier:
    dossier, _ = dossier_submit(
        actor=w.u("citizen"),
        procedure_code=procedure or w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "Đi học"},
        idempotency_key=key,
    )
    return dossier


def open_step(code: str, key: str | None = None) -> StepInstance:
    qs = StepInstance.objects.filter(dossier__code=code, status=StepStatus.ACTIVE)
    return qs.get(step__key=key) if key else qs.get()


def finish_steps(w: World, code: str) -> None:
    """Complete every open step in order, each by an official of its role at its agency."""
    by_role = {"specialist": "specialist", "signer": "signer"}
    while StepInstance.objects.filter(dossier__code=code, status=StepStatus.ACTIVE).exists():
        step = StepInstance.objects.filter(dossier__code=code, status=StepStatus.ACTIVE).first()
        user = "dept_specialist" if step.agency_id == w.dept.pk else by_role[step.step.role]
        processing.step_complete(actor=w.u(user), code=code, step_id=step.pk, outcome="approve")


def test_happy_path_from_online_submission_to_returned_result(world: World) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):  # Monday
        d = submit(w)
        assert d.status == DossierStatus.SUBMITTED
        assert d.code == f"{w.ward.code}-260302-0001"
        d = reception.dossier_receive(actor=w.u("reception"), code=d.code)
    assert d.status == DossierStatus.RECEIVED
    assert d.profile_code == "ND118_2025"
    assert d.due_at == datetime(
        2026, 3, 5, 17, 0, tzinfo=HCM
    )  # 3 working days, receipt day not counted
    with at(2026, 3, 3, 10, 0):
        processing.step_claim(actor=w.u("specialist"), code=d.code, step_id=open_step(d.code).pk)
        processing.step_complete(
            actor=w.u("specialist"),
            code=d.code,
            step_id=open_step(d.code, "review").pk,
            outcome="approve",
        )
    with at(2026, 3, 3, 14, 0):
        processing.step_complete(
            actor=w.u("signer"),
            code=d.code,
            step_id=open_step(d.code, "sign").pk,
            outcome="approve",
        )
        results.result_record(actor=w.u("signer"), code=d.code, summary="Giấy khai sinh số 12")
    with at(2026, 3, 4, 8, 0):
        d = results.result_return(actor=w.u("reception"), code=d.code, channel="counter")
    assert d.status == DossierStatus.RETURNED
    assert d.returned_at
    assert d.finished_at
    timings = list(d.steps.values_list("timing", flat=True))
    assert timings == [Timing.EARLY, Timing.EARLY]
    kinds = list(
        AuditEvent.objects.filter(stream_type="dossier", stream_id=d.code)
        .order_by("seq")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "dossier.submitted",
        "dossier.received",
        "step.claimed",
        "step.approve",
        "step.approve",
        "dossier.result_recorded",
        "dossier.returned",
    ]
    assert OutboxMessage.objects.filter(subject_id=d.code, kind="dossier.returned").exists()
    call_command("audit_checkpoint", stdout=StringIO())  # what the hourly job does
    call_command("audit_verify", stdout=StringIO())


def test_counter_intake_receives_at_once_and_requires_reception_role(world: World) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):
        d = dossier_intake_counter(
            actor=w.u("reception"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "x"},
        )
        assert d.status == DossierStatus.RECEIVED
        assert d.channel == "counter"
        with pytest.raises(PermissionDenied):
            dossier_intake_counter(
                actor=w.u("other_reception"),
                procedure_code=w.simple,
                agency_code=w.ward.code,
                applicant=applicant(),
                form_data={"purpose": "x"},
            )
    assert Dossier.objects.count() == 1


def test_appointment_across_tet_2026_with_the_1500_cutoff(world: World) -> None:
    w = world
    # Friday 13/2/2026 before 15:00: counting starts the next day; Tết break 14–22/2.
    with at(2026, 2, 13, 10, 0):
        early = dossier_intake_counter(
            actor=w.u("reception"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "x"},
        )
    # Same day after 15:00: deemed received Monday 23/2, then three working days.
    with at(2026, 2, 13, 15, 30):
        late = dossier_intake_counter(
            actor=w.u("reception"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "x"},
        )
    assert early.due_at == datetime(2026, 2, 25, 17, 0, tzinfo=HCM)
    assert late.deemed_received_at == datetime(2026, 2, 23, 7, 30, tzinfo=HCM)
    assert late.due_at == datetime(2026, 2, 26, 17, 0, tzinfo=HCM)


def test_reception_supplement_once_then_override_with_legal_basis(world: World) -> None:
    w = world
    d = submit(w)
    items = [{"name": "Bản sao CCCD", "reason": "Ảnh mờ, không đọc được số"}]
    with pytest.raises(DomainError) as err:
        reception.dossier_request_supplement(actor=w.u("reception"), code=d.code, items=[])
    assert err.value.code == "supplement_items_required"
    reception.dossier_request_supplement(actor=w.u("reception"), code=d.code, items=items)
    assert Dossier.objects.get(code=d.code).status == DossierStatus.NEEDS_SUPPLEMENT
    reception.dossier_supplement(actor=w.u("citizen"), code=d.code)
    with pytest.raises(DomainError) as err:
        reception.dossier_request_supplement(actor=w.u("reception"), code=d.code, items=items)
    assert err.value.code == "supplement_limit"
    with pytest.raises(DomainError) as err:
        reception.dossier_request_supplement(
            actor=w.u("reception"), code=d.code, items=items, override=True
        )
    assert err.value.code == "legal_basis_required"
    reception.dossier_request_supplement(
        actor=w.u("reception"),
        code=d.code,
        items=items,
        override=True,
        legal_basis="Điều 9 Luật Hộ tịch",
    )
    d.refresh_from_db()
    assert d.supplement_flagged
    assert d.reception_supplements == 2


def test_refusal_at_reception_and_during_processing(world: World) -> None:
    w = world
    d = submit(w)
    with pytest.raises(DomainError):
        reception.dossier_refuse(actor=w.u("reception"), code=d.code, reasons=["  "])
    reception.dossier_refuse(
        actor=w.u("reception"), code=d.code, reasons=["Không thuộc thẩm quyền"]
    )
    assert Dossier.objects.get(code=d.code).status == DossierStatus.REJECTED
    d2 = submit(w)
    reception.dossier_receive(actor=w.u("reception"), code=d2.code)
    processing.step_complete(
        actor=w.u("specialist"),
        code=d2.code,
        step_id=open_step(d2.code).pk,
        outcome="refuse",
        reasons=["Không đủ điều kiện"],
    )
    d2.refresh_from_db()
    assert d2.status == DossierStatus.REJECTED
    assert d2.refusal_reasons == ["Không đủ điều kiện"]
    assert not StepInstance.objects.filter(dossier=d2, status=StepStatus.ACTIVE).exists()


def test_supplement_during_processing_moves_due_by_the_paused_working_time(world: World) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):
        d = dossier_intake_counter(
            actor=w.u("reception"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "x"},
        )
        step_due = open_step(d.code).due_at
    with at(2026, 3, 3, 10, 0):  # Tuesday 10:00: ask the citizen for more
        processing.step_complete(
            actor=w.u("specialist"),
            code=d.code,
            step_id=open_step(d.code).pk,
            outcome="supplement",
            items=[{"name": "Giấy chứng sinh", "reason": "Thiếu"}],
        )
        with pytest.raises(Conflict):
            processing.step_complete(
                actor=w.u("specialist"),
                code=d.code,
                step_id=open_step(d.code).pk,
                outcome="approve",
            )
    with at(2026, 3, 6, 14, 0):  # Friday 14:00: supplied
        reception.dossier_supplement(actor=w.u("citizen"), code=d.code)
    after = Dossier.objects.get(code=d.code)
    paused = calendar.working_seconds_between(
        datetime(2026, 3, 3, 10, 0, tzinfo=HCM), datetime(2026, 3, 6, 14, 0, tzinfo=HCM)
    )
    assert after.paused_seconds == paused == (5.5 + 8 + 8 + 5) * 3600  # Tue 10:00 → Fri 14:00
    assert calendar.working_seconds_between(d.due_at, after.due_at) == paused
    assert calendar.working_seconds_between(step_due, open_step(d.code).due_at) == paused
    assert after.pause_reason == ""


def test_inter_agency_parallel_branch_joins_before_signing(world: World) -> None:
    w = world
    d = submit(w, procedure=w.liaison)
    reception.dossier_receive(actor=w.u("reception"), code=d.code)
    processing.step_complete(
        actor=w.u("specialist"),
        code=d.code,
        step_id=open_step(d.code, "intake").pk,
        outcome="approve",
    )
    open_keys = set(
        StepInstance.objects.filter(dossier=d, status=StepStatus.ACTIVE).values_list(
            "step__key", flat=True
        )
    )
    assert open_keys == {"ward_check", "dept_check"}
    dept_step = open_step(d.code, "dept_check")
    assert dept_step.agency_id == w.dept.pk
    with pytest.raises(PermissionDenied):  # a ward specialist can't act for the department
        processing.step_complete(
            actor=w.u("specialist"), code=d.code, step_id=dept_step.pk, outcome="approve"
        )
    processing.step_complete(
        actor=w.u("specialist"),
        code=d.code,
        step_id=open_step(d.code, "ward_check").pk,
        outcome="approve",
    )
    assert not StepInstance.objects.filter(dossier=d, step__key="sign").exists()  # waits
    processing.step_complete(
        actor=w.u("dept_specialist"), code=d.code, step_id=dept_step.pk, outcome="approve"
    )
    assert open_step(d.code, "sign")
    finish_steps(w, d.code)
    results.result_record(actor=w.u("signer"), code=d.code, summary="Giấy chứng nhận")
    assert Dossier.objects.get(code=d.code).status == DossierStatus.RESULT_READY


def test_return_to_previous_step_and_forward_to_another_agency(world: World) -> None:
    w = world
    d = submit(w)
    reception.dossier_receive(actor=w.u("reception"), code=d.code)
    processing.step_complete(
        actor=w.u("specialist"), code=d.code, step_id=open_step(d.code).pk, outcome="approve"
    )
    processing.step_complete(
        actor=w.u("signer"),
        code=d.code,
        step_id=open_step(d.code).pk,
        outcome="return",
        note="Sai tên cha",
    )
    assert open_step(d.code).step.key == "review"
    with pytest.raises(DomainError) as err:
        processing.step_complete(
            actor=w.u("specialist"), code=d.code, step_id=open_step(d.code).pk, outcome="return"
        )
    assert err.value.code == "no_previous_step"
    processing.step_complete(
        actor=w.u("specialist"),
        code=d.code,
        step_id=open_step(d.code).pk,
        outcome="forward",
        target_agency=w.dept.code,
    )
    moved = open_step(d.code)
    assert moved.agency_id == w.dept.pk
    assert moved.step.key == "review"


def test_claim_conflicts_and_assignment(world: World) -> None:
    w = world
    d = submit(w)
    reception.dossier_receive(actor=w.u("reception"), code=d.code)
    step = open_step(d.code)
    processing.step_claim(actor=w.u("specialist"), code=d.code, step_id=step.pk)
    with pytest.raises(Conflict):
        processing.step_claim(actor=w.u("specialist2"), code=d.code, step_id=step.pk)
    with pytest.raises(PermissionDenied):
        processing.step_complete(
            actor=w.u("specialist2"), code=d.code, step_id=step.pk, outcome="approve"
        )
    processing.step_assign(
        actor=w.u("head"), code=d.code, step_id=step.pk, assignee=w.u("specialist2")
    )
    with pytest.raises(DomainError):
        processing.step_assign(
            actor=w.u("head"), code=d.code, step_id=step.pk, assignee=w.u("reception")
        )
    processing.step_complete(
        actor=w.u("specialist2"), code=d.code, step_id=step.pk, outcome="approve"
    )
    with pytest.raises(Conflict):  # the step is closed now
        processing.step_complete(
            actor=w.u("specialist2"), code=d.code, step_id=step.pk, outcome="approve"
        )


def test_withdraw_cancel_and_guards(world: World) -> None:
    w = world
    d = submit(w)
    with pytest.raises(PermissionDenied):
        results.dossier_withdraw(actor=w.u("stranger"), code=d.code, reason="x")
    reception.dossier_receive(actor=w.u("reception"), code=d.code)
    with pytest.raises(Conflict):
        results.dossier_cancel(actor=w.u("reception"), code=d.code, reason="nhầm")
    results.dossier_withdraw(actor=w.u("citizen"), code=d.code, reason="Không cần nữa")
    d.refresh_from_db()
    assert d.status == DossierStatus.WITHDRAWN
    assert not StepInstance.objects.filter(dossier=d, status=StepStatus.ACTIVE).exists()
    d2 = submit(w)
    results.dossier_cancel(actor=w.u("reception"), code=d2.code, reason="Nhập trùng")
    assert Dossier.objects.get(code=d2.code).status == DossierStatus.CANCELLED
    with pytest.raises(Conflict):
        reception.dossier_receive(actor=w.u("reception"), code=d2.code)
    with pytest.raises(Conflict):
        reception.dossier_receive(actor=w.u("reception"), code=d.code, expected_version=1)


def test_version_check_and_foreign_agency(world: World) -> None:
    w = world
    d = submit(w)
    with pytest.raises(PermissionDenied):
        reception.dossier_receive(actor=w.u("other_reception"), code=d.code)
    with pytest.raises(Conflict) as err:
        reception.dossier_receive(
            actor=w.u("reception"), code=d.code, expected_version=d.version + 5
        )
    assert err.value.code == "version_conflict"
    assert Dossier.objects.get(code=d.code).status == DossierStatus.SUBMITTED


def test_bad_input_changes_nothing(world: World) -> None:
    from django.core.exceptions import ValidationError

    w = world
    before = (Dossier.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as err:
        dossier_submit(
            actor=w.u("citizen"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(id_number="079090001"),
            form_data={},
        )
    assert "id_number" in err.value.message_dict
    assert "purpose" in err.value.message_dict
    with pytest.raises(DomainError):
        dossier_submit(
            actor=w.u("citizen"),
            procedure_code=w.liaison,
            agency_code=w.other_ward.code,
            applicant=applicant(),
            form_data={"purpose": "x"},
        )
    with pytest.raises(ValidationError):
        dossier_submit(
            actor=w.u("citizen"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "x", "evil": "y"},
        )
    assert (Dossier.objects.count(), AuditEvent.objects.count()) == before


def test_idempotency_key_returns_the_same_dossier(world: World) -> None:
    w = world
    first = submit(w, key="abc-1")
    again, created = dossier_submit(
        actor=w.u("citizen"),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "x"},
        idempotency_key="abc-1",
    )
    assert not created
    assert again.pk == first.pk
    with pytest.raises(Conflict):
        dossier_submit(
            actor=w.u("citizen"),
            procedure_code=w.liaison,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "x"},
            idempotency_key="abc-1",
        )
    second = submit(w, key="abc-2")
    assert second.code.endswith("-0002")


def test_audit_verify_fails_after_a_manual_row_edit(world: World) -> None:
    w = world
    d = submit(w)
    reception.dossier_receive(actor=w.u("reception"), code=d.code)
    call_command("audit_checkpoint", stdout=StringIO())  # what the hourly job does
    call_command("audit_verify", stdout=StringIO())
    AuditEvent.objects.filter(stream_id=d.code, seq=2).update(payload={"status": "returned"})
    with pytest.raises(CommandError, match=d.code):
        call_command("audit_verify")


def test_profile_is_pinned_at_receipt(world: World) -> None:
    w = world
    with at(2025, 6, 30, 9, 0):
        d = submit(w)
        d = reception.dossier_receive(actor=w.u("reception"), code=d.code)
    assert d.profile_code == "ND61_2018"
    assert date(2025, 7, 1) > d.received_at.date()
