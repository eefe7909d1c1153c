"""`dossier_verification_extend` and the process's verification limit on the small test world
(tests/dossiers/conftest.py): which processes may extend, and what is refused."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.accounts.models import AgencyKind
from motcua.accounts.services import agency_create
from motcua.catalog.demo.procedures_bundles import BIRTH_BUNDLE
from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, DomainError
from motcua.core.models import AuditEvent
from motcua.dossiers.demo_bundle_processes import seed_bundle_processes
from motcua.dossiers.models import Dossier, ProcessDefinition, StepInstance, StepStatus
from motcua.dossiers.services import processing, reception
from motcua.dossiers.services.bundles import dossier_verification_extend
from motcua.dossiers.services.process import process_create, process_new_version, process_publish
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import World, _procedure, applicant

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BASIS = "Nghị định số 63/2024/NĐ-CP, Điều 7"


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def received(w: World, code: str) -> Dossier:
    with at(2026, 3, 2, 9, 0):  # Monday; the test ward has no Saturday session
        dossier, _ = dossier_submit(
            actor=w.u("citizen"),
            procedure_code=code,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "Đi học"},
        )
        return reception.dossier_receive(actor=w.u("reception"), code=dossier.code)


def republish_with_verification(w: World, code: str, hours: Any, basis: str = BASIS) -> Any:
    process = ProcessDefinition.objects.get(procedure__code=code, status="published")
    draft = process_new_version(process=process)
    draft.verification_limit_hours = hours
    draft.verification_legal_basis = basis
    draft.save(update_fields=["verification_limit_hours", "verification_legal_basis"])
    return process_publish(process=draft)


def test_a_process_without_a_verification_limit_cannot_extend(world: World) -> None:
    d = received(world, world.simple)
    with at(2026, 3, 2, 10, 0), pytest.raises(DomainError) as err:
        dossier_verification_extend(actor=world.u("specialist"), code=d.code, reason="x")
    assert err.value.code == "verification_not_allowed"


def test_the_limit_is_recounted_from_receipt_and_steps_move(world: World) -> None:
    republish_with_verification(world, world.simple, Decimal(40))
    d = received(world, world.simple)
    assert d.due_at == datetime(2026, 3, 5, 17, 0, tzinfo=HCM)
    step = StepInstance.objects.get(dossier=d, status=StepStatus.ACTIVE)
    with at(2026, 3, 2, 10, 0):
        d = dossier_verification_extend(actor=world.u("head"), code=d.code, reason="Xác minh")
    assert d.due_at == datetime(2026, 3, 9, 17, 0, tzinfo=HCM)  # Monday: 5 working days
    step.refresh_from_db()
    assert step.due_at == datetime(2026, 3, 6, 9, 0, tzinfo=HCM)  # Wed 09:00 + 16 h more
    event = AuditEvent.objects.get(kind="dossier.verification_extended")
    assert event.payload["extra_seconds"] == 16 * 3600
    assert event.actor_id == world.u("head").pk


def test_a_paused_dossier_cannot_extend(world: World) -> None:
    republish_with_verification(world, world.simple, 40)
    d = received(world, world.simple)
    step = StepInstance.objects.get(dossier=d, status=StepStatus.ACTIVE)
    with at(2026, 3, 2, 10, 0):
        processing.step_complete(
            actor=world.u("specialist"),
            code=d.code,
            step_id=step.pk,
            outcome="supplement",
            items=[{"name": "Giấy chứng sinh", "reason": "Bản mờ"}],
        )
        with pytest.raises(Conflict) as err:
            dossier_verification_extend(actor=world.u("specialist"), code=d.code, reason="x")
    assert err.value.code == "dossier_paused"


def test_the_extension_counts_time_already_paused(world: World) -> None:
    republish_with_verification(world, world.simple, 40)
    d = received(world, world.simple)
    step = StepInstance.objects.get(dossier=d, status=StepStatus.ACTIVE)
    with at(2026, 3, 2, 10, 0):
        processing.step_complete(
            actor=world.u("specialist"),
            code=d.code,
            step_id=step.pk,
            outcome="supplement",
            items=[{"name": "Giấy chứng sinh", "reason": "Bản mờ"}],
        )
    with at(2026, 3, 3, 10, 0):  # paused one working day
        d = reception.dossier_supplement(actor=world.u("citizen"), code=d.code)
        assert d.due_at == datetime(2026, 3, 6, 17, 0, tzinfo=HCM)
        d = dossier_verification_extend(actor=world.u("specialist"), code=d.code, reason="x")
    assert d.due_at == datetime(2026, 3, 10, 17, 0, tzinfo=HCM)


def test_a_dossier_not_received_cannot_extend(world: World) -> None:
    republish_with_verification(world, world.simple, 40)
    with at(2026, 3, 2, 9, 0):
        d, _ = dossier_submit(
            actor=world.u("citizen"),
            procedure_code=world.simple,
            agency_code=world.ward.code,
            applicant=applicant(),
            form_data={"purpose": "Đi học"},
        )
        with pytest.raises(Conflict) as err:
            dossier_verification_extend(actor=world.u("specialist"), code=d.code, reason="x")
    assert err.value.code == "invalid_state"


@pytest.mark.parametrize(
    ("hours", "basis"), [(Decimal(0), BASIS), (Decimal(-8), BASIS), (Decimal(40), "  ")]
)
def test_process_create_refuses_a_bad_verification_limit(
    world: World, hours: Decimal, basis: str
) -> None:
    procedure = Procedure.objects.get(code=world.simple)
    with pytest.raises(DomainError) as err:
        process_create(
            procedure=procedure,
            name="x",
            steps=[{"key": "a", "role": "specialist", "allotted_hours": 24}],
            edges=[{"source": None, "target": "a"}, {"source": "a", "target": None}],
            verification_limit_hours=hours,
            verification_legal_basis=basis,
        )
    assert err.value.code == "verification_limit_invalid"


def test_publish_refuses_a_verification_limit_not_longer_than_the_limit(world: World) -> None:
    with pytest.raises(DomainError) as err:
        republish_with_verification(world, world.simple, 24)
    assert err.value.code == "verification_limit_invalid"


def test_a_new_version_keeps_the_verification_limit(world: World) -> None:
    process = republish_with_verification(world, world.simple, 40)
    draft = process_new_version(process=process)
    assert draft.verification_limit_hours == 40
    assert draft.verification_legal_basis == BASIS


def test_a_ward_without_its_police_and_social_insurance_gets_no_bundle_process(
    world: World,
) -> None:
    _procedure(BIRTH_BUNDLE, "Liên thông khai sinh thử nghiệm", 3, [world.ward])
    assert seed_bundle_processes() == 0  # no Công an / BHXH for ward 01 yet
    for code, name in (("000.01.40.H29", "Công an phường 01"), ("000.01.42.H29", "BHXH phường 01")):
        agency_create(
            code=code, name=name, short_name=name[:20], kind=AgencyKind.VERTICAL_BRANCH,
            parent=world.city,
        )  # fmt: skip
    assert seed_bundle_processes() == 1
    process = ProcessDefinition.objects.get(procedure__code=BIRTH_BUNDLE, agency=world.ward)
    assert process.steps.get(key="residence").agency.code == "000.01.40.H29"
    assert seed_bundle_processes() == 0
