"""`motcua seed_demo`: idempotent, and the demo city has what the demo promises."""

from __future__ import annotations

import copy
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.http import HttpRequest

from motcua.accounts.models import Agency, Role, RoleAssignment, User, UserKind
from motcua.accounts.selectors import user_has_role
from motcua.accounts.services import AGENCY_CODE_RE
from motcua.catalog.demo import seed
from motcua.catalog.demo.agencies import BEN_THANH, CITY, POLICE, SO_TU_PHAP
from motcua.catalog.demo.users import DEMO_PASSWORD
from motcua.catalog.models import Field, Procedure, ProcedureVersion, VersionStatus
from motcua.core import audit
from motcua.core.identifiers import validate_cccd, validate_tax_code
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_seed_demo_twice_changes_nothing():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "tạo mới" in out.getvalue()
    counts = _row_counts()
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    versions = list(ProcedureVersion.objects.values_list("pk", "status", "published_at"))

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert _row_counts() == counts
    assert AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() == last_event
    assert list(ProcedureVersion.objects.values_list("pk", "status", "published_at")) == versions
    assert "tạo mới" not in out.getvalue()
    assert "không đổi" in out.getvalue()
    assert audit.verify().ok


def test_demo_city_has_what_the_demo_promises():
    report = seed.seed_demo()
    assert report["procedures"]["created"] >= 40

    kinds = {
        k: Agency.objects.filter(kind=k)
        for k in (
            "department",
            "ward",
            "commune",
            "special_zone",
            "service_centre",
            "public_service_unit",
            "vertical_branch",
        )
    }
    assert kinds["department"].count() >= 8
    assert kinds["ward"].filter(is_active=True).count() + kinds["commune"].count() >= 8
    assert kinds["special_zone"].filter(name__contains="Côn Đảo").exists()
    assert kinds["service_centre"].filter(code="000.00.30.H29").exists()
    assert kinds["public_service_unit"].count() >= 2
    assert kinds["vertical_branch"].filter(name__startswith="Công an").exists()
    assert kinds["vertical_branch"].filter(name__startswith="Thuế").exists()
    historic = Agency.objects.get(kind="historic_district")
    assert not historic.is_active
    assert "Quận 1" in historic.name
    assert Agency.objects.filter(saturday_hours=[["07:30", "11:30"]]).count() >= 3
    for agency in Agency.objects.all():
        assert AGENCY_CODE_RE.fullmatch(agency.code), agency.code
        assert len(agency.short_name) <= 20, agency.short_name
        assert agency.path.endswith(f"/{agency.pk}/")

    published = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
    assert published.count() >= 40
    assert Field.objects.filter(procedure_versions__status="published").distinct().count() >= 10
    units = set(published.values_list("time_limit_unit", flat=True))
    assert {"days", "working_days"} <= units
    # same-day procedures are 0 working days with the 15:00 cut-off, not 8 hours (rules.md §2)
    same_day = published.filter(time_limit_unit="working_days", time_limit_value=0)
    assert same_day.count() >= 8
    assert not same_day.filter(receipt_cutoff__isnull=True).exists()
    assert published.exclude(form_schema=[]).count() >= 10
    assert published.filter(online_type="end_to_end").exists()
    assert published.filter(eligible_end_to_end=True).exists()
    for version in published.prefetch_related("agencies", "documents"):
        assert version.agencies.exists(), version.procedure_id
        assert version.documents.exists(), version.procedure_id
        assert version.name_folded
        assert version.search_folded
        assert version.publication_decision_number
        assert version.legal_basis
    khai_sinh = Procedure.objects.get(code="1.001193").current
    assert khai_sinh.agencies.filter(code=BEN_THANH).exists()
    assert khai_sinh.fees.get().amount == 0
    lltp = Procedure.objects.get(code="3.000333").current  # by the police from 1/3/2025
    assert list(lltp.agencies.values_list("code", flat=True)) == [POLICE]
    assert not Procedure.objects.filter(code__in=["2.000488", "2.000505"]).exists()
    assert lltp.fees.filter(amount=200000).exists()


def test_demo_users_cover_every_role_and_can_log_in(client):
    seed.seed_demo()
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    for agency in (BEN_THANH, SO_TU_PHAP):
        at = set(RoleAssignment.objects.filter(agency__code=agency).values_list("role", flat=True))
        assert {"reception", "specialist", "unit_head", "signer", "clerk", "agency_admin"} <= at
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.kind == UserKind.OFFICIAL
    for citizen in User.objects.filter(kind=UserKind.CITIZEN):
        assert validate_cccd(citizen.cccd) == citizen.cccd
        assert citizen.cccd.startswith("079")
    business = User.objects.get(kind=UserKind.BUSINESS)
    assert validate_tax_code(business.tax_code) == business.tax_code
    # login throttling (django-axes) needs the request that authenticates
    assert client.login(request=HttpRequest(), username="tiepnhan.benthanh", password=DEMO_PASSWORD)
    assert client.login(request=HttpRequest(), username="congdan1", password=DEMO_PASSWORD)

    reception = User.objects.get(username="tiepnhan.benthanh")
    inspector = User.objects.get(username="thanhtra")
    con_dao_centre = Agency.objects.get(code="001.12.90.H29")
    assert user_has_role(reception, "reception", Agency.objects.get(code=BEN_THANH))
    assert not user_has_role(reception, "reception", Agency.objects.get(code=SO_TU_PHAP))
    assert user_has_role(inspector, "inspector", con_dao_centre)
    assert user_has_role(inspector, "inspector", Agency.objects.get(code=CITY))


def test_changed_demo_procedure_publishes_a_new_version(monkeypatch):
    seed.seed_demo()
    rows = copy.deepcopy(seed.PROCEDURES)
    rows[0]["name"] = rows[0]["name"] + " (sửa đổi)"
    monkeypatch.setattr(seed, "PROCEDURES", rows)

    report = seed.seed_demo()

    assert report["procedures"]["updated"] == 1
    assert report["procedures"]["unchanged"] == len(rows) - 1
    procedure = Procedure.objects.get(code=rows[0]["code"])
    assert list(procedure.versions.order_by("number").values_list("number", "status")) == [
        (1, "superseded"),
        (2, "published"),
    ]
    assert procedure.current.name.endswith("(sửa đổi)")


def test_existing_non_official_admin_is_left_alone(django_user_model):
    django_user_model.objects.create_superuser("admin", "a@example.org", "another-password")
    out: list[str] = []
    report = seed.seed_demo(echo=out.append)
    assert report["roles"]["skipped"] == 1
    assert any("admin" in line and "không phải cán bộ" in line for line in out)
    assert User.objects.get(username="admin").check_password("another-password")
