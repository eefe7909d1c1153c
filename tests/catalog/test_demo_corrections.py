"""Corrections to the demo catalogue from the issue 6 review (docs/demo-data.md). The demo
dicts are read directly: no database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from motcua.catalog.demo.agencies import POLICE
from motcua.catalog.demo.seed import PROCEDURES


def demo(code: str) -> dict[str, Any]:
    rows = [row for row in PROCEDURES if row["code"] == code]
    assert len(rows) == 1, code
    return rows[0]


def codes() -> set[str]:
    return {row["code"] for row in PROCEDURES}


def test_codes_are_unique() -> None:
    assert len(codes()) == len(PROCEDURES)


def test_judicial_records_are_issued_by_the_police_under_the_new_codes() -> None:
    assert not {"2.000488", "2.000505"} & codes()
    form_1, form_2 = demo("3.000333"), demo("3.000334")
    assert "số 1" in form_1["name"]
    assert "số 2" in form_2["name"]
    assert form_1["agencies"] == form_2["agencies"] == [POLICE]
    assert form_2["applicant_types"] == ["individual"]  # form no. 2 is only for the person


def test_land_use_change_without_permission_is_seven_working_days() -> None:
    row = demo("1.013992")
    assert "không phải được cơ quan nhà nước có thẩm quyền cho phép" in row["name"]
    assert (row["time_limit_value"], row["time_limit_unit"]) == (Decimal(7), "working_days")


def test_first_time_land_registration_for_individuals() -> None:
    assert not {"1.012787", "1.012753"} & codes()
    row = demo("1.013978")
    assert row["name"].endswith("lần đầu đối với cá nhân")
    assert "151/2025/NĐ-CP" in row["legal_basis"]
    assert "118/2025/NĐ-CP" in row["legal_basis"]


def test_2_001610_is_the_private_enterprise() -> None:
    assert demo("2.001610")["name"] == "Đăng ký thành lập doanh nghiệp tư nhân"
    names = [row["name"] for row in PROCEDURES]
    assert names.count("Đăng ký thành lập doanh nghiệp tư nhân") == 1
    assert "2.001599" not in codes()
