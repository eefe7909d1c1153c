"""A small catalogue written through the services, shared by the catalogue tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.accounts.models import Agency, AgencyKind
from motcua.catalog.models import Field
from motcua.catalog.services import (
    DocumentData,
    FeeData,
    ProcedureData,
    procedure_draft_save,
    procedure_publish,
)

WARD = "000.00.31.H29"
DEPT = "000.00.12.H29"

# (code, name, field, online type, agencies, requirements)
PROCEDURES = [
    ("1.000894", "Đăng ký kết hôn", "HT", "end_to_end", [WARD], ""),
    ("1.001022", "Đăng ký kết hôn có yếu tố nước ngoài", "HT", "partial", [DEPT], ""),
    ("1.000656", "Đăng ký lại kết hôn", "HT", "partial", [WARD], ""),
    ("1.001193", "Cấp bản sao giấy chứng nhận đăng ký kết hôn", "HT", "none", [WARD], ""),
    (
        "2.000547",
        "Ghi vào sổ hộ tịch việc kết hôn đã đăng ký ở nước ngoài",
        "HT",
        "partial",
        [DEPT],
        "",
    ),
    (
        "1.004873",
        "Xác nhận tình trạng hôn nhân",
        "HT",
        "end_to_end",
        [WARD],
        "Giấy xác nhận dùng để đăng ký kết hôn tại cơ quan có thẩm quyền.",
    ),
    ("1.001191", "Đăng ký khai sinh", "HT", "end_to_end", [WARD], ""),
    ("1.009994", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "XD", "partial", [DEPT], ""),
    ("1.012345", "Đăng ký đất đai lần đầu", "DD", "none", [DEPT], ""),
    ("1.012346", "Cấp đổi giấy chứng nhận quyền sử dụng đất", "DD", "partial", [DEPT], ""),
]


def make_data(
    code: str,
    name: str,
    field: str = "HT",
    online_type: str = "none",
    agencies: list[str] | None = None,
    requirements: str = "",
    **extra,
) -> ProcedureData:
    return ProcedureData(
        code=code,
        name=name,
        field_code=field,
        level="commune",
        time_limit_value=Decimal("5"),
        time_limit_unit="working_days",
        applicants="Công dân Việt Nam",
        result_type="Giấy chứng nhận",
        agency_codes=agencies or [],
        online_type=online_type,
        requirements=requirements,
        **extra,
    )


def publish(data: ProcedureData):
    return procedure_publish(version=procedure_draft_save(data=data))


@pytest.fixture
def catalogue(db):
    """Fields, two agencies and the PROCEDURES above, published. Also one draft-only procedure
    and one procedure whose name changed in its second version."""
    for code, name in [("HT", "Hộ tịch"), ("XD", "Xây dựng"), ("DD", "Đất đai")]:
        Field.objects.create(code=code, name=name)
    Agency.objects.create(
        code=WARD, name="UBND phường Bến Thành", short_name="P. Bến Thành", kind=AgencyKind.WARD
    )
    Agency.objects.create(
        code=DEPT, name="Sở Tư pháp", short_name="STP", kind=AgencyKind.DEPARTMENT
    )
    for code, name, field, online, agencies, requirements in PROCEDURES:
        publish(make_data(code, name, field, online, agencies, requirements))
    # Never published: must not be visible.
    procedure_draft_save(data=make_data("9.000001", "Đăng ký kết hôn lưu động"))
    # Version 1 "Chứng thực chữ ký", replaced by version 2.
    publish(make_data("2.000815", "Chứng thực chữ ký trong giấy tờ", "HT"))
    publish(
        make_data(
            "2.000815",
            "Chứng thực bản sao từ bản chính",
            "HT",
            "partial",
            [WARD],
            documents=[DocumentData(name="Bản chính giấy tờ", template_name="Mẫu tờ khai")],
            fees=[
                FeeData(
                    kind="charge",
                    description="Lệ phí chứng thực",
                    amount=2000,
                    condition="Mỗi trang",
                )
            ],
        )
    )
