"""Edge cases found in review: joins across rounds, repeated supplements during processing,
sweep notifications after a new appointment, apologies while paused or late."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier, DueState, StepInstance, StepStatus
from motcua.dossiers.services import lateness, processing, reception, results
from motcua.dossiers.services.process import process_create, process_publish
from motcua.dossiers.services.submission import dossier_intake_counter, dossier_submit
from tests.dossiers.conftest import World, _step, applicant

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def counter(w: World, procedure: str | None = None) -> str:
    return dossier_intake_counter(
        actor=w.u("reception"),
        procedure_code=procedure or w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "x"},
    ).code


def active(code: str) -> list[str]:
    return sorted(
        StepInstance.objects.filter(dossier__code=code, status=StepStatus.ACTIVE).values_list(
            "step__key", flat=True
        )
    )


def do(w: World, code: str, key: str, outcome: str = "approve", **kw: object) -> None:
    inst = StepInstance.objects.get(dossier__code=code, status=StepStatus.ACTIVE, step__key=key)
    user = (
        "dept_specialist"
        if inst.agency_id == w.dept.pk
        else ("signer" if inst.step.role == "signer" else "specialist")
    )
    processing.step_complete(actor=w.u(user), code=code, step_id=inst.pk, outcome=outcome, **kw)


def test_forward_then_return_does_not_open_the_join(world: World) -> None:
    w = world
    code = counter(w, w.liaison)
    do(w, code, "intake")
    do(w, code, "ward_check", "forward", target_agency=w.dept.code)
    do(w, code, "ward_check", "return")  # the department hands it back to intake
    do(w, code, "dept_check")
    assert active(code) == ["intake"]  # sign waits: ward_check was never approved


def test_a_join_opens_once_per_round(world: World) -> None:
    w = world
    code = counter(w, w.liaison)
    for key in ("intake", "ward_check", "dept_check"):
        do(w, code, key)
    do(w, code, "sign", "return")
    assert active(code) == ["dept_check", "ward_check"]
    do(w, code, "dept_check", "return")
    assert active(code) == ["intake", "ward_check"]
    do(w, code, "ward_check")
    assert active(code) == ["intake"]
    do(w, code, "intake")
    assert active(code) == ["dept_check", "ward_check"]
    do(w, code, "ward_check")
    do(w, code, "dept_check")
    assert active(code) == ["sign"]


def test_a_step_with_a_start_edge_and_another_predecessor_waits_for_it(world: World) -> None:
    w = world
    proc = Procedure.objects.get(code=w.simple)
    p = process_create(
        procedure=proc,
        agency=w.ward,
        name="Start edge into a join",
        steps=[_step("review", "specialist", 16), _step("sign", "signer", 8)],
        edges=[
            {"source": None, "target": "review"},
            {"source": None, "target": "sign"},
            {"source": "review", "target": "sign"},
            {"source": "sign", "target": None},
        ],
        allotment_note="test",
    )
    process_publish(process=p)
    code = counter(w)
    assert active(code) == ["review"]
    do(w, code, "review")
    assert active(code) == ["sign"]


def test_a_second_supplement_during_processing_needs_an_override(world: World) -> None:
    w = world
    code = counter(w)
    items = [{"name": "Giấy chứng sinh", "reason": "Thiếu"}]
    do(w, code, "review", "supplement", items=items)
    reception.dossier_supplement(actor=w.u("citizen"), code=code)
    with pytest.raises(DomainError) as err:
        do(w, code, "review", "supplement", items=items)
    assert err.value.code == "supplement_limit"
    do(w, code, "review", "supplement", items=items, override=True, legal_basis="Điều 16 NĐ X")
    assert Dossier.objects.get(code=code).supplement_flagged


def test_apology_while_paused_is_refused_and_a_late_dossier_stays_late(world: World) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):
        code = counter(w)
        do(w, code, "review", "supplement", items=[{"name": "A", "reason": "B"}])
        with pytest.raises(Conflict):
            lateness.apology_issue(
                actor=w.u("signer"), code=code, reason="x", new_due=date(2026, 3, 20)
            )
        reception.dossier_supplement(actor=w.u("citizen"), code=code)
    with at(2026, 3, 9, 9, 0):  # past the appointment of 05/03 17:00
        lateness.deadline_sweep()
        apology = lateness.apology_issue(
            actor=w.u("signer"), code=code, reason="Chậm", new_due=date(2026, 3, 12)
        )
    d = Dossier.objects.get(code=code)
    assert apology.issued_in_time is False
    assert d.due_state == DueState.OVERDUE


def test_sweep_notifies_again_when_the_new_appointment_passes(world: World) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):
        code = counter(w)
    with at(2026, 3, 4, 9, 0):
        lateness.apology_issue(
            actor=w.u("signer"), code=code, reason="Chờ xác minh", new_due=date(2026, 3, 10)
        )
    with at(2026, 3, 10, 9, 0):  # 7 working hours before the new appointment
        assert lateness.deadline_sweep().due_soon == 1
        assert lateness.deadline_sweep().due_soon == 0  # idempotent
    with at(2026, 3, 11, 9, 0):
        assert lateness.deadline_sweep().overdue == 1
    kinds = list(
        OutboxMessage.objects.filter(subject_type="dossier").values_list("kind", flat=True)
    )
    assert kinds.count("dossier.overdue") == 1
    assert kinds.count("dossier.due_soon") == 1


def test_only_the_receiving_agency_records_the_result(world: World) -> None:
    w = world
    code = counter(w, w.liaison)
    for key in ("intake", "ward_check", "dept_check", "sign"):
        do(w, code, key)
    with pytest.raises(PermissionDenied):
        results.result_record(actor=w.u("dept_specialist"), code=code, summary="x")
    results.result_record(actor=w.u("signer"), code=code, summary="Đã cấp")


def test_idempotency_key_reused_for_another_applicant_is_a_conflict(world: World) -> None:
    w = world
    dossier_submit(
        actor=w.u("citizen"),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "x"},
        idempotency_key="k",
    )
    with pytest.raises(Conflict):
        dossier_submit(
            actor=w.u("citizen"),
            procedure_code=w.simple,
            agency_code=w.other_ward.code,
            applicant=applicant(),
            form_data={"purpose": "x"},
            idempotency_key="k",
        )


def test_cancel_notifies_and_withdraw_closes_an_open_pause(world: World) -> None:
    w = world
    d, _ = dossier_submit(
        actor=w.u("citizen"),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "x"},
    )
    results.dossier_cancel(actor=w.u("reception"), code=d.code, reason="Nộp trùng")
    assert OutboxMessage.objects.filter(subject_id=d.code, kind="dossier.cancelled").exists()
    code = counter(w)
    do(w, code, "review", "supplement", items=[{"name": "A", "reason": "B"}])
    results.dossier_withdraw(actor=w.u("citizen"), code=code, reason="Không cần nữa")
    d2 = Dossier.objects.get(code=code)
    assert d2.paused_at is None
    assert not d2.supplement_requests.filter(completed_at__isnull=True).exists()
