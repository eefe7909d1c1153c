"""Demo processes of the two liên thông bundles (Decree 63/2024/NĐ-CP; docs/rules.md §15).

One published process per receiving ward, because the police and the social insurance that act
are the ward's own vertical branches (`Công an phường X`, `Bảo hiểm xã hội phường X`, found by
the demo's code convention, `catalog.demo.agencies`):

    civil status (ward specialist, 8 h) → residence (ward police, 8 h)
      → social insurance (6 h) → results gathered and returned by the ward (2 h)

24 working hours = the 3 working days of Decree 63/2024 Art. 7; the verification limit is 5
working days (40 h), applied once by `services.bundles.dossier_verification_extend`. The
dossier has one appointment (its `due_at`); the steps only split it. Called by
`demo_processes.seed_demo_processes` before the generic flows, so a bundle never gets one.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.db import transaction

from motcua.accounts.models import Agency
from motcua.catalog.demo.agencies import social_insurance_code, ward_police_code
from motcua.catalog.demo.procedures_bundles import BIRTH_BUNDLE, BUNDLE_CODES, DEATH_BUNDLE
from motcua.catalog.models import Procedure, VersionStatus
from motcua.dossiers.models import ProcessDefinition, ProcessStatus
from motcua.dossiers.services.process import process_create, process_publish

VERIFICATION_HOURS = Decimal(40)  # 5 working days (Decree 63/2024/NĐ-CP Art. 7)
VERIFICATION_BASIS = (
    "Nghị định số 63/2024/NĐ-CP, Điều 7: trường hợp cần xác minh thì thời hạn giải quyết "
    "không quá 05 ngày làm việc"
)
# procedure code → (civil status step, residence step, social insurance step) names.
STEP_NAMES = {
    BIRTH_BUNDLE: (
        "Công chức tư pháp - hộ tịch đăng ký khai sinh",
        "đăng ký thường trú cho trẻ",
        "cấp thẻ bảo hiểm y tế cho trẻ",
    ),
    DEATH_BUNDLE: (
        "Công chức tư pháp - hộ tịch đăng ký khai tử",
        "xóa đăng ký thường trú",
        "giải quyết trợ cấp mai táng, chế độ tử tuất",
    ),
}


def seed_bundle_processes() -> int:
    """Create and publish the bundle process of every ward that receives a published bundle
    and has no published process of its own for it; returns how many were created."""
    created = 0
    procedures = Procedure.objects.filter(
        code__in=BUNDLE_CODES, current__status=VersionStatus.PUBLISHED
    ).select_related("current")
    for procedure in procedures:
        assert procedure.current is not None  # filtered on its status
        for ward in procedure.current.agencies.order_by("code"):
            if _has_process(procedure, ward):
                continue
            if _seed_one(procedure, ward) is not None:
                created += 1
    return created


def _has_process(procedure: Procedure, ward: Agency) -> bool:
    return ProcessDefinition.objects.filter(
        procedure=procedure, agency=ward, status=ProcessStatus.PUBLISHED
    ).exists()


def branches_of(ward: Agency) -> tuple[Agency, Agency] | None:
    """The ward's police and social insurance (code `000.ZZ.90.H29` → `000.ZZ.40/42.H29`)."""
    zz = ward.code.split(".")[1]
    found = {
        a.code: a
        for a in Agency.objects.filter(
            code__in=[ward_police_code(zz), social_insurance_code(zz)], is_active=True
        )
    }
    police, insurance = found.get(ward_police_code(zz)), found.get(social_insurance_code(zz))
    return (police, insurance) if police and insurance else None


@transaction.atomic
def _seed_one(procedure: Procedure, ward: Agency) -> ProcessDefinition | None:
    branches = branches_of(ward)
    if branches is None:
        return None
    steps = bundle_steps(procedure.code, *branches)
    keys: list[str | None] = [None, *(s["key"] for s in steps), None]
    process = process_create(
        procedure=procedure,
        agency=ward,
        name=f"Quy trình liên thông {ward.short_name}: {procedure.code}",
        steps=steps,
        edges=[{"source": a, "target": b} for a, b in pairwise(keys)],
        verification_limit_hours=VERIFICATION_HOURS,
        verification_legal_basis=VERIFICATION_BASIS,
    )
    return process_publish(process=process)


def bundle_steps(code: str, police: Agency, insurance: Agency) -> list[dict[str, Any]]:
    civil, residence, benefit = STEP_NAMES[code]
    rows = [
        ("civil_status", civil, "receiving", None, 8, ["approve", "supplement", "refuse"]),
        ("residence", f"{police.name} {residence}", "other", police, 8,
         ["approve", "return", "supplement", "refuse"]),
        ("insurance", f"{insurance.name} {benefit}", "other", insurance, 6,
         ["approve", "return", "supplement", "refuse"]),
        ("handover", "Ủy ban nhân dân phường tổng hợp, trả kết quả liên thông", "receiving",
         None, 2, ["approve"]),
    ]  # fmt: skip
    return [
        {
            "key": key,
            "name": name[:255],
            "order": order,
            "agency_rule": rule,
            "agency": agency.code if agency is not None else None,
            "role": "specialist",
            "allotted_hours": Decimal(hours),
            "outcomes": outcomes,
        }
        for order, (key, name, rule, agency, hours, outcomes) in enumerate(rows, 1)
    ]
