"""A small city for lifecycle tests: a ward that receives, a department it consults, the
officials of each role, a citizen, and two published procedures with their processes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from motcua.accounts.models import Agency, AgencyKind, Role, User
from motcua.accounts.services import agency_create, role_grant
from motcua.catalog.models import Field
from motcua.catalog.services import (
    DocumentData,
    FeeData,
    ProcedureData,
    procedure_draft_save,
    procedure_publish,
)
from motcua.dossiers.services.process import process_create, process_publish
from motcua.dossiers.services.submission import ApplicantData

CITIZEN_CCCD = "079090001234"


@dataclass
class World:
    city: Agency
    ward: Agency
    dept: Agency
    other_ward: Agency
    users: dict[str, User]
    simple: str  # procedure code with a linear process (3 working days)
    liaison: str  # procedure code with a parallel inter-agency branch (2 working days)

    def u(self, name: str) -> User:
        return self.users[name]


def _user(username: str, agency: Agency, roles: list[str], kind: str = "official") -> User:
    user = User.objects.create_user(
        username=username,
        password="x-test-pass",
        kind=kind,
        full_name=username.title(),
        home_agency=agency,
    )
    for role in roles:
        role_grant(user=user, agency=agency, role=role)
    return user


def _procedure(code: str, name: str, days: int, agencies: list[Agency], **extra: Any) -> None:
    data = ProcedureData(
        code=code,
        name=name,
        field_code="HT",
        level="commune",
        time_limit_value=Decimal(days),
        time_limit_unit="working_days",
        applicants="Công dân",
        result_type="Giấy chứng nhận",
        agency_codes=[a.code for a in agencies],
        channels=["counter", "online"],
        online_type="partial",
        documents=[
            DocumentData(name="Tờ khai"),
            DocumentData(name="Bản sao CCCD", copy_type="copy"),
        ],
        fees=[FeeData(kind="charge", description="Lệ phí", amount=50000)],
        form_schema=[{"name": "purpose", "label": "Mục đích", "type": "text", "required": True}],
        **extra,
    )
    procedure_publish(version=procedure_draft_save(data=data))


def _step(key: str, role: str, hours: int, **extra: Any) -> dict[str, Any]:
    outcomes = ["approve", "return", "supplement", "refuse", "forward"]
    return {
        "key": key,
        "name": key.replace("_", " ").title(),
        "role": role,
        "allotted_hours": hours,
        "outcomes": outcomes,
        "agency_rule": "receiving",
        **extra,
    }


def _processes(world: World) -> None:
    from motcua.catalog.models import Procedure

    simple = Procedure.objects.get(code=world.simple)
    p = process_create(
        procedure=simple,
        name="Quy trình 3 ngày",
        steps=[
            _step("review", Role.SPECIALIST, 16),
            _step("sign", Role.SIGNER, 8),
        ],
        edges=[
            {"source": None, "target": "review"},
            {"source": "review", "target": "sign"},
            {"source": "sign", "target": None},
        ],
    )
    process_publish(process=p)
    liaison = Procedure.objects.get(code=world.liaison)
    p = process_create(
        procedure=liaison,
        name="Liên thông 2 ngày",
        steps=[
            _step("intake", Role.SPECIALIST, 4),
            _step("ward_check", Role.SPECIALIST, 8),
            _step("dept_check", Role.SPECIALIST, 8, agency_rule="fixed", agency=world.dept.code),
            _step("sign", Role.SIGNER, 4),
        ],
        edges=[
            {"source": None, "target": "intake"},
            {"source": "intake", "target": "ward_check"},
            {"source": "intake", "target": "dept_check"},
            {"source": "ward_check", "target": "sign"},
            {"source": "dept_check", "target": "sign"},
            {"source": "sign", "target": None},
        ],
    )
    process_publish(process=p)


def city_and_ward(city_name: str = "UBND Thành phố Hồ Chí Minh") -> tuple[Agency, Agency]:
    """The civil-status field, the city committee and the Bến Thành ward: the start of every
    test city (the `world` fixture, tests/crash/city.py)."""
    Field.objects.get_or_create(code="HT", defaults={"name": "Hộ tịch"})
    city = agency_create(
        code="000.00.00.H29", name=city_name, short_name="UBND", kind=AgencyKind.CITY_COMMITTEE
    )
    ward = agency_create(
        code="000.01.30.H29",
        name="UBND Phường Bến Thành",
        short_name="UBNDP",
        kind=AgencyKind.WARD,
        parent=city,
    )
    return city, ward


@pytest.fixture
def world(db: Any) -> World:
    city, ward = city_and_ward()
    dept = agency_create(
        code="000.00.05.H29",
        name="Sở Tư pháp",
        short_name="STP",
        kind=AgencyKind.DEPARTMENT,
        parent=city,
    )
    other = agency_create(
        code="000.01.31.H29",
        name="UBND Phường Sài Gòn",
        short_name="UBNDP",
        kind=AgencyKind.WARD,
        parent=city,
    )
    users = {
        "reception": _user("reception", ward, [Role.RECEPTION]),
        "specialist": _user("specialist", ward, [Role.SPECIALIST]),
        "specialist2": _user("specialist2", ward, [Role.SPECIALIST]),
        "head": _user("head", ward, [Role.UNIT_HEAD]),
        "signer": _user("signer", ward, [Role.SIGNER, Role.CLERK]),
        "dept_specialist": _user("dept_specialist", dept, [Role.SPECIALIST]),
        "other_reception": _user("other_reception", other, [Role.RECEPTION]),
        "citizen": User.objects.create_user(
            username="citizen", password="x-test-pass", kind="citizen", cccd=CITIZEN_CCCD
        ),
        "stranger": User.objects.create_user(username="stranger", password="x-test-pass"),
    }
    w = World(city, ward, dept, other, users, simple="9.000001", liaison="9.000002")
    _procedure(w.simple, "Đăng ký khai sinh thử nghiệm", 3, [ward, other])
    _procedure(w.liaison, "Đăng ký hộ kinh doanh liên thông thử nghiệm", 2, [ward])
    _processes(w)
    return w


def applicant(**overrides: Any) -> ApplicantData:
    data = {
        "kind": "person",
        "name": "Nguyễn Văn An",
        "id_number": CITIZEN_CCCD,
        "phone": "0901234567",
        "address": "12 Lê Lợi, Phường Bến Thành",
    }
    return ApplicantData(**{**data, **overrides})
