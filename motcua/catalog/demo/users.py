"""Demo accounts. Every password is DEMO_PASSWORD. Names, CCCD numbers and the tax code are
fictional (the CCCD numbers are valid in form: HCMC birth-registration code 079, century/sex
digit and birth year consistent with the birth date)."""

from __future__ import annotations

from datetime import date

from motcua.catalog.demo.agencies import (
    BEN_THANH,
    BEN_THANH_CENTRE,
    BEN_THANH_POLICE,
    BEN_THANH_SOCIAL_INSURANCE,
    CITY,
    CITY_CENTRE,
    SO_TU_PHAP,
)

DEMO_PASSWORD = "motcua-demo"  # noqa: S105 - published demo credential, see docs/demo-data.md

# (username, full name, home agency, [(role, agency, include_descendants)], staff?, superuser?)
OFFICIALS: list[dict] = [
    {
        "username": "admin",
        "full_name": "Quản trị hệ thống Thành phố",
        "home": CITY,
        "roles": [("city_admin", CITY, True)],
        "superuser": True,
    },
    {
        "username": "thanhtra",
        "full_name": "Lê Minh Thanh",
        "home": CITY,
        "roles": [("inspector", CITY, True)],
    },
    # Phường Bến Thành: reception sits at the ward's service centre, roles are held at the ward.
    {
        "username": "tiepnhan.benthanh",
        "full_name": "Nguyễn Thị Lan",
        "home": BEN_THANH_CENTRE,
        "roles": [("reception", BEN_THANH, False), ("reception", BEN_THANH_CENTRE, False)],
    },
    {
        "username": "chuyenvien.benthanh",
        "full_name": "Trần Văn Bình",
        "home": "002.02.90.H29",
        "roles": [("specialist", BEN_THANH, True)],
    },
    {
        "username": "truongphong.benthanh",
        "full_name": "Phạm Thị Hoa",
        "home": "002.02.90.H29",
        "roles": [("unit_head", BEN_THANH, True)],
    },
    {
        "username": "lanhdao.benthanh",
        "full_name": "Võ Quốc Hùng",
        "home": BEN_THANH,
        "roles": [("signer", BEN_THANH, False)],
    },
    {
        "username": "vanthu.benthanh",
        "full_name": "Đặng Thị Mai",
        "home": BEN_THANH,
        "roles": [("clerk", BEN_THANH, False)],
    },
    {
        "username": "quantri.benthanh",
        "full_name": "Huỳnh Văn Tâm",
        "home": BEN_THANH,
        "roles": [("agency_admin", BEN_THANH, True)],
        "staff": True,
    },
    # The liên thông bundles (Decree 63/2024): the ward police registers residence, the ward's
    # social insurance issues the health-insurance card or settles the death benefits.
    {
        "username": "congan.benthanh",
        "full_name": "Lâm Văn Cường",
        "home": BEN_THANH_POLICE,
        "roles": [("specialist", BEN_THANH_POLICE, False)],
    },
    {
        "username": "bhxh.benthanh",
        "full_name": "Tạ Thị Yến",
        "home": BEN_THANH_SOCIAL_INSURANCE,
        "roles": [("specialist", BEN_THANH_SOCIAL_INSURANCE, False)],
    },
    # Sở Tư pháp: its dossiers are received at the city service centre.
    {
        "username": "tiepnhan.sotuphap",
        "full_name": "Bùi Thị Ngọc",
        "home": CITY_CENTRE,
        "roles": [("reception", SO_TU_PHAP, False)],
    },
    {
        "username": "chuyenvien.sotuphap",
        "full_name": "Đỗ Văn Khoa",
        "home": "000.01.01.H29",
        "roles": [("specialist", SO_TU_PHAP, True)],
    },
    {
        "username": "truongphong.sotuphap",
        "full_name": "Ngô Thị Thu",
        "home": "000.01.01.H29",
        "roles": [("unit_head", SO_TU_PHAP, True)],
    },
    {
        "username": "lanhdao.sotuphap",
        "full_name": "Hoàng Minh Đức",
        "home": SO_TU_PHAP,
        "roles": [("signer", SO_TU_PHAP, False)],
    },
    {
        "username": "vanthu.sotuphap",
        "full_name": "Lý Thị Hạnh",
        "home": SO_TU_PHAP,
        "roles": [("clerk", SO_TU_PHAP, False)],
    },
    {
        "username": "quantri.sotuphap",
        "full_name": "Trương Văn Phúc",
        "home": SO_TU_PHAP,
        "roles": [("agency_admin", SO_TU_PHAP, True)],
        "staff": True,
    },
]

CITIZENS: list[dict] = [
    {
        "username": "congdan1",
        "full_name": "Nguyễn Văn An",
        "cccd": "079085012345",
        "birth_date": date(1985, 3, 12),
        "sex": "male",
        "phone": "0901234567",
    },
    {
        "username": "congdan2",
        "full_name": "Trần Thị Bích Ngọc",
        "cccd": "079192006789",
        "birth_date": date(1992, 11, 5),
        "sex": "female",
        "phone": "0987654321",
    },
]

BUSINESSES: list[dict] = [
    {
        "username": "doanhnghiep1",
        "full_name": "Lê Hoàng Nam",
        "tax_code": "0312345673",
        "organisation_name": "Công ty TNHH Thương mại Dịch vụ Sao Mai (minh họa)",
        "cccd": "079088004321",
        "phone": "0912345678",
    },
]
