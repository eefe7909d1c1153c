"""Agency, user and role services: validation, materialised paths, audit events."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from motcua.accounts.models import Agency, RoleAssignment, UserKind
from motcua.accounts.services import (
    agency_create,
    agency_update,
    role_grant,
    role_revoke,
    user_create_business,
    user_create_citizen,
    user_create_official,
    validate_agency_code,
    validate_sessions,
)
from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _events(stream_type: str, stream_id: object) -> list[str]:
    return [e.kind for e in audit.stream_events(stream_type, str(stream_id))]


# --- agencies --------------------------------------------------------------------------------


def test_agency_create_sets_materialised_path_and_audits(tree):
    assert tree.city.path == f"/{tree.city.pk}/"
    assert tree.ward.path == f"/{tree.city.pk}/{tree.ward.pk}/"
    assert tree.centre.path == f"{tree.ward.path}{tree.centre.pk}/"
    assert Agency.objects.get(pk=tree.centre.pk).path == tree.centre.path
    assert tree.centre.is_within(tree.city)
    assert not tree.centre.is_within(tree.dept)
    assert _events("agency", "001.02.90.H29") == ["agency.created"]
    event = audit.stream_events("agency", "001.02.90.H29")[0]
    assert event.payload["parent"] == "000.02.90.H29"
    assert audit.verify().ok


@pytest.mark.parametrize(
    "code",
    [
        "",
        "000.00.00.H2",
        "00.00.00.H29",
        "000-00-00-H29",
        "000.00.00.29H",
        "000.00.00.H299",
        "ABC.00.00.H29",
        "000.00.00.HH9",
        "000.000.00.H2",
        " 000.00.00.H29 x",
    ],
)
def test_agency_code_format_is_enforced(db, code):
    with pytest.raises(DomainError) as err:
        agency_create(code=code, name="Cơ quan", short_name="CQ", kind="department")
    assert err.value.code == "agency_code_format"
    assert "QCVN 102:2016" in err.value.message
    assert "V1V2V3.Z1Z2.Y1Y2.MX1X2" in err.value.message
    assert not Agency.objects.exists()
    assert not AuditEvent.objects.exists()


def test_agency_code_is_normalised():
    assert validate_agency_code(" 000.12.34.h29 ") == "000.12.34.H29"
    with pytest.raises(ValidationError) as err:
        validate_agency_code("H29")
    assert err.value.code == "agency_code_format"


def test_agency_code_must_be_unique(tree):
    with pytest.raises(DomainError) as err:
        agency_create(
            code="000.00.01.H29", name="Trùng", short_name="T", kind="department", parent=tree.city
        )
    assert err.value.code == "agency_code_taken"


def test_agency_kind_and_hours_are_checked(tree):
    with pytest.raises(DomainError) as err:
        agency_create(
            code="000.00.02.H29", name="X", short_name="X", kind="district", parent=tree.city
        )
    assert err.value.code == "invalid_agency_kind"
    for bad in (
        [["13:00", "11:00"]],
        [["07:30"]],
        [["7:30", "11:30"]],
        [["07:30", "11:30"], ["11:00", "17:00"]],
        "07:30-11:30",
    ):
        with pytest.raises(DomainError) as err:
            agency_create(
                code="000.00.02.H29",
                name="X",
                short_name="X",
                kind="department",
                parent=tree.city,
                office_hours=bad,
            )
        assert err.value.code == "office_hours_format"
    assert validate_sessions(None) == []
    agency = agency_create(
        code="000.00.02.H29",
        name="Sở Nội vụ",
        short_name="SNV",
        kind="department",
        parent=tree.city,
        office_hours=[["07:30", "11:30"], ["13:00", "17:00"]],
        saturday_hours=[("07:30", "11:30")],
    )
    assert agency.saturday_hours == [["07:30", "11:30"]]


def test_agency_update_writes_only_when_something_changed(tree):
    before = AuditEvent.objects.count()
    assert agency_update(agency=tree.ward, name=tree.ward.name, is_active=True) == []
    assert AuditEvent.objects.count() == before
    changed = agency_update(
        agency=tree.ward, name="UBND phường Bến Thành (mới)", saturday_hours=[["07:30", "11:30"]]
    )
    assert changed == ["name", "saturday_hours"]
    assert _events("agency", tree.ward.code)[-1] == "agency.updated"
    tree.ward.refresh_from_db()
    assert tree.ward.saturday_hours == [["07:30", "11:30"]]
    with pytest.raises(DomainError):
        agency_update(agency=tree.ward, code="000.99.90.H29")


# --- users -----------------------------------------------------------------------------------


def test_citizen_cccd_is_validated_and_unique(db):
    user = user_create_citizen(
        username="congdan",
        full_name="Nguyễn Văn A",
        cccd="079 085 012345",
        birth_date=date(1985, 3, 12),
        sex="male",
        password="mot-mat-khau-dai",
        phone="0901234567",
    )
    assert user.kind == UserKind.CITIZEN
    assert user.cccd == "079085012345"
    assert user.phone == "+84901234567"
    assert user.check_password("mot-mat-khau-dai")
    assert _events("user", user.pk) == ["user.created"]
    with pytest.raises(DomainError) as err:
        user_create_citizen(username="khac", full_name="B", cccd="079085012345")
    assert err.value.code == "cccd_taken"
    with pytest.raises(DomainError) as err:
        user_create_citizen(
            username="khac", full_name="B", cccd="079085012346", birth_date=date(1990, 1, 1)
        )
    assert err.value.code == "cccd_year"
    with pytest.raises(DomainError) as err:
        user_create_citizen(username="khac", full_name="B", cccd="999085012346")
    assert err.value.code == "cccd_province"
    with pytest.raises(DomainError) as err:
        user_create_citizen(username="CongDan", full_name="B", cccd="079192006789")
    assert err.value.code == "username_taken"


def test_business_tax_code_is_validated(db):
    user = user_create_business(
        username="dn",
        full_name="Lê Hoàng Nam",
        tax_code="0312345673",
        organisation_name="Công ty TNHH A",
    )
    assert user.kind == UserKind.BUSINESS
    assert user.tax_code == "0312345673"
    assert not user.has_usable_password()
    with pytest.raises(DomainError) as err:
        user_create_business(
            username="dn2", full_name="X", tax_code="0312345670", organisation_name="Công ty B"
        )
    assert err.value.code == "tax_code_checksum"
    with pytest.raises(DomainError) as err:
        user_create_business(
            username="dn2", full_name="X", tax_code="0312345673", organisation_name=" "
        )
    assert err.value.code == "invalid"


def test_official_password_rules_and_prehashed_password(tree):
    with pytest.raises(DomainError) as err:
        user_create_official(username="cb", full_name="X", password="123")
    assert err.value.code == "weak_password"
    user = user_create_official(
        username="cb",
        full_name="Cán bộ",
        home_agency=tree.ward,
        password_hash=make_password("motcua-demo"),
    )
    assert user.kind == UserKind.OFFICIAL
    assert user.home_agency == tree.ward
    assert user.check_password("motcua-demo")
    assert not user.is_staff
    boss = user_create_official(
        username="sa", full_name="Quản trị", is_superuser=True, password="motcua-demo-pass"
    )
    assert boss.is_staff
    assert boss.is_superuser


# --- roles -----------------------------------------------------------------------------------


def test_role_grant_is_idempotent_and_audited(tree, official):
    row = role_grant(user=official, agency=tree.ward, role="reception")
    again = role_grant(user=official, agency=tree.ward, role="reception")
    assert again.pk == row.pk
    assert _events("user", official.pk) == ["user.created", "user.role_granted"]
    widened = role_grant(
        user=official, agency=tree.ward, role="reception", include_descendants=True
    )
    assert widened.pk == row.pk
    assert widened.include_descendants
    assert _events("user", official.pk)[-1] == "user.role_changed"
    role_revoke(assignment=widened)
    assert not RoleAssignment.objects.exists()
    assert _events("user", official.pk)[-1] == "user.role_revoked"
    assert audit.verify().ok


def test_role_grant_rules(tree, official):
    citizen = user_create_citizen(username="cd", full_name="Công dân", cccd="079192006789")
    with pytest.raises(DomainError) as err:
        role_grant(user=citizen, agency=tree.ward, role="reception")
    assert err.value.code == "not_official"
    with pytest.raises(DomainError) as err:
        role_grant(user=official, agency=tree.ward, role="mayor")
    assert err.value.code == "invalid_role"
    agency_update(agency=tree.other_ward, is_active=False)
    tree.other_ward.refresh_from_db()
    with pytest.raises(DomainError) as err:
        role_grant(user=official, agency=tree.other_ward, role="reception")
    assert err.value.code == "agency_inactive"
