"""The Decree 63/2024 liên thông bundles on the demo city: ward → police → social insurance →
result returned by the ward; 3 working days with the 15:00 cut-off; "cần xác minh" moves the
one appointment to 5 working days, once (docs/rules.md §15)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from motcua.accounts.models import Agency, User
from motcua.catalog.demo import seed
from motcua.catalog.demo.agencies import (
    BEN_THANH,
    BEN_THANH_POLICE,
    BEN_THANH_SOCIAL_INSURANCE,
    COMMUNE_CODES,
)
from motcua.catalog.demo.procedures_bundles import BIRTH_BUNDLE, BUNDLE_CODES, DEATH_BUNDLE
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.models import AuditEvent, OutboxMessage
from motcua.dossiers.demo_processes import seed_demo_processes
from motcua.dossiers.models import Dossier, DossierStatus, ProcessDefinition, StepInstance
from motcua.dossiers.models import StepStatus as S
from motcua.dossiers.services import processing, reception, results
from motcua.dossiers.services.bundles import dossier_verification_extend
from motcua.dossiers.services.lateness import apology_issue
from motcua.dossiers.services.submission import ApplicantData, dossier_submit

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BIRTH_FORM = {
    "ho_ten_tre": "Nguyễn Minh Khôi",
    "ngay_sinh": "2026-02-20",
    "gioi_tinh": "Nam",
    "noi_sinh": "Bệnh viện Từ Dũ",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "ho_ten_me": "Trần Thị Bích Ngọc",
    "cccd_me": "079192006789",
    "dia_chi_thuong_tru": "12 Lê Lợi, phường Bến Thành",
    "ho_ten_chu_ho": "Nguyễn Văn An",
    "cccd_chu_ho": "079085012345",
    "quan_he_chu_ho": "Con",
    "noi_kham_bhyt": "Bệnh viện Nhi Đồng 2",
    "nhan_the_bhyt": "Thẻ điện tử trên VNeID",
    "so_dien_thoai": "0901234567",
}


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=HCM)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo city with its processes, loaded once for the module."""
    with django_db_blocker.unblock():
        seed.seed_demo()
        seed_demo_processes()
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def u(name: str) -> User:
    return User.objects.get(username=name)


def submit_birth(when: tuple[int, ...] = (2026, 3, 2, 9, 0)) -> Dossier:
    with at(*when):
        dossier, _ = dossier_submit(
            actor=u("congdan1"),
            procedure_code=BIRTH_BUNDLE,
            agency_code=BEN_THANH,
            applicant=ApplicantData(
                kind="person",
                name="Nguyễn Văn An",
                id_number="079085012345",
                phone="0901234567",
                address="12 Lê Lợi, phường Bến Thành",
            ),
            form_data=BIRTH_FORM,
        )
    return dossier


def receive(dossier: Dossier, when: tuple[int, ...]) -> Dossier:
    with at(*when):
        return reception.dossier_receive(actor=u("tiepnhan.benthanh"), code=dossier.code)


def active(code: str) -> StepInstance:
    return StepInstance.objects.select_related("step", "agency").get(
        dossier__code=code, status=S.ACTIVE
    )


def complete(code: str, user: str) -> StepInstance:
    step = active(code)
    processing.step_complete(actor=u(user), code=code, step_id=step.pk, outcome="approve")
    return step


def test_seed_demo_loads_both_bundles_with_a_process_per_ward(demo: Any) -> None:
    for code in BUNDLE_CODES:
        process = ProcessDefinition.objects.get(
            procedure__code=code, agency__code=BEN_THANH, status="published"
        )
        assert process.critical_path_hours == 24
        assert process.verification_limit_hours == 40
        assert "63/2024" in process.verification_legal_basis
        steps = list(process.steps.order_by("order").select_related("agency"))
        assert [s.key for s in steps] == ["civil_status", "residence", "insurance", "handover"]
        assert steps[1].agency.code == BEN_THANH_POLICE
        assert steps[1].agency.name == "Công an phường Bến Thành"
        assert steps[2].agency.code == BEN_THANH_SOCIAL_INSURANCE
        assert steps[2].agency.name.startswith("Bảo hiểm xã hội")
        wards = ProcessDefinition.objects.filter(procedure__code=code, status="published")
        assert wards.count() == len(COMMUNE_CODES)
        assert not wards.filter(agency__isnull=True).exists()  # no generic flow for a bundle
    birth = ProcessDefinition.objects.get(procedure__code=BIRTH_BUNDLE, agency__code=BEN_THANH)
    labels = [f["label"] for f in birth.procedure.current.form_schema]
    assert "Địa chỉ đăng ký thường trú của trẻ" in labels
    assert "Nơi đăng ký khám bệnh, chữa bệnh bảo hiểm y tế ban đầu" in labels
    death = ProcessDefinition.objects.get(procedure__code=DEATH_BUNDLE, agency__code=BEN_THANH)
    assert "mai táng" in death.steps.get(key="insurance").name
    for username, agency in (
        ("congan.benthanh", BEN_THANH_POLICE),
        ("bhxh.benthanh", BEN_THANH_SOCIAL_INSURANCE),
    ):
        roles = list(u(username).role_assignments.values_list("role", "agency__code"))
        assert roles == [("specialist", agency)]
        assert u(username).kind == "official"
    assert Agency.objects.get(code=BEN_THANH_SOCIAL_INSURANCE).kind == "vertical_branch"
    assert seed_demo_processes() == 0  # idempotent


def test_bundle_goes_ward_police_insurance_and_back_to_the_ward(demo: Any) -> None:
    d = submit_birth()
    d = receive(d, (2026, 3, 2, 14, 0))  # Monday before 15:00
    assert d.due_at == local(2026, 3, 5, 17, 0)  # Thursday: 3 working days
    with at(2026, 3, 2, 14, 30):
        first = active(d.code)
        assert (first.step.key, first.agency.code) == ("civil_status", BEN_THANH)
        with pytest.raises(PermissionDenied):  # the police cannot act at the ward
            processing.step_complete(
                actor=u("congan.benthanh"), code=d.code, step_id=first.pk, outcome="approve"
            )
        complete(d.code, "chuyenvien.benthanh")
        police = active(d.code)
        assert (police.step.key, police.agency.code) == ("residence", BEN_THANH_POLICE)
        for outsider in ("chuyenvien.benthanh", "bhxh.benthanh", "truongphong.benthanh"):
            with pytest.raises(PermissionDenied):
                processing.step_complete(
                    actor=u(outsider), code=d.code, step_id=police.pk, outcome="approve"
                )
        complete(d.code, "congan.benthanh")
        insurance = active(d.code)
        assert insurance.agency.code == BEN_THANH_SOCIAL_INSURANCE
        with pytest.raises(PermissionDenied):
            processing.step_complete(
                actor=u("congan.benthanh"), code=d.code, step_id=insurance.pk, outcome="approve"
            )
        complete(d.code, "bhxh.benthanh")
        assert active(d.code).step.key == "handover"
        complete(d.code, "chuyenvien.benthanh")
        with pytest.raises(PermissionDenied):  # results are recorded by the ward only
            results.result_record(actor=u("bhxh.benthanh"), code=d.code, summary="x")
        results.result_record(
            actor=u("chuyenvien.benthanh"), code=d.code, summary="Giấy khai sinh, thẻ BHYT"
        )
        done = results.result_return(actor=u("tiepnhan.benthanh"), code=d.code, channel="counter")
    assert done.status == DossierStatus.RETURNED
    assert done.due_at == local(2026, 3, 5, 17, 0)  # one appointment throughout
    steps = StepInstance.objects.filter(dossier=done).order_by("pk")
    assert [(s.step.key, s.completed_by.username) for s in steps] == [
        ("civil_status", "chuyenvien.benthanh"),
        ("residence", "congan.benthanh"),
        ("insurance", "bhxh.benthanh"),
        ("handover", "chuyenvien.benthanh"),
    ]


def test_received_after_the_cutoff_counts_from_the_next_working_day(demo: Any) -> None:
    d = receive(submit_birth(), (2026, 3, 2, 15, 1))  # Monday, a minute after 15:00
    assert d.due_at == local(2026, 3, 6, 17, 0)  # Friday
    d = receive(submit_birth((2026, 3, 6, 9, 0)), (2026, 3, 6, 15, 0))  # Friday 15:00 sharp
    assert d.due_at == local(2026, 3, 10, 17, 0)  # Bến Thành's Saturday session counts: Tuesday


def test_verification_extends_to_five_working_days_once(demo: Any) -> None:
    d = receive(submit_birth(), (2026, 3, 2, 10, 0))
    with at(2026, 3, 2, 11, 0):
        complete(d.code, "chuyenvien.benthanh")
        police_due = active(d.code).due_at
    with at(2026, 3, 3, 9, 0):
        with pytest.raises(PermissionDenied):  # the social insurance holds no open step
            dossier_verification_extend(actor=u("bhxh.benthanh"), code=d.code, reason="x")
        with pytest.raises(DomainError) as err:
            dossier_verification_extend(actor=u("congan.benthanh"), code=d.code, reason="  ")
        assert err.value.code == "reason_required"
        with pytest.raises(ValidationError):
            dossier_verification_extend(actor=u("congan.benthanh"), code=d.code, reason="a\x00")
        d = dossier_verification_extend(
            actor=u("congan.benthanh"), code=d.code, reason="Xác minh chỗ ở hợp pháp"
        )
    # 5 working days from receipt at Bến Thành: Tue–Fri and the Saturday morning session.
    assert d.due_at == local(2026, 3, 7, 11, 30)
    assert d.verification_at == local(2026, 3, 3, 9, 0)
    assert d.verification_reason == "Xác minh chỗ ở hợp pháp"
    assert active(d.code).due_at > police_due  # the step got the extra 16 working hours
    event = AuditEvent.objects.filter(kind="dossier.verification_extended").latest("pk")
    assert event.payload["legal_basis"].startswith("Nghị định số 63/2024/NĐ-CP, Điều 7")
    assert datetime.fromisoformat(event.payload["old_due_at"]) == local(2026, 3, 5, 17, 0)
    message = OutboxMessage.objects.get(subject_id=d.code, kind="dossier.verification")
    assert datetime.fromisoformat(message.payload["new_due_at"]) == local(2026, 3, 7, 11, 30)
    with at(2026, 3, 3, 10, 0), pytest.raises(DomainError) as err:
        dossier_verification_extend(actor=u("congan.benthanh"), code=d.code, reason="lần hai")
    assert err.value.code == "verification_once"


def test_public_tracking_shows_the_extended_appointment(demo: Any, client: Client) -> None:
    d = receive(submit_birth(), (2026, 3, 2, 10, 0))
    with at(2026, 3, 3, 9, 0):
        d = dossier_verification_extend(
            actor=u("chuyenvien.benthanh"), code=d.code, reason="Xác minh nơi sinh"
        )
        public = client.get(f"/tra-cuu/{d.code}/")
        private = client.get(f"/tra-cuu/{d.code}/", {"pin": d.tracking_pin})
    assert public.status_code == 200
    html = public.content.decode()
    assert "Đã gia hạn do hồ sơ cần xác minh (Nghị định 63/2024/NĐ-CP, Điều 7)." in html
    assert "07/03/2026" in html  # the one appointment, moved
    assert "Xác minh nơi sinh" not in html  # the reason needs the secret
    assert private.status_code == 200
    assert "Nội dung xác minh: Xác minh nơi sinh" in private.content.decode()


def test_verification_is_refused_after_the_appointment_or_an_apology(demo: Any) -> None:
    late = receive(submit_birth(), (2026, 3, 2, 10, 0))
    with at(2026, 3, 6, 8, 0), pytest.raises(Conflict) as err:  # due Thursday 17:00
        dossier_verification_extend(actor=u("chuyenvien.benthanh"), code=late.code, reason="x")
    assert err.value.code == "verification_too_late"
    d = receive(submit_birth(), (2026, 3, 2, 10, 0))
    with at(2026, 3, 3, 9, 0):
        apology_issue(
            actor=u("truongphong.benthanh"),
            code=d.code,
            reason="Chờ xác minh",
            new_due=local(2026, 3, 12).date(),
        )
        with pytest.raises(Conflict) as err:
            dossier_verification_extend(actor=u("chuyenvien.benthanh"), code=d.code, reason="x")
    assert err.value.code == "already_reappointed"
