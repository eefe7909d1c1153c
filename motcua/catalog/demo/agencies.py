"""Demo agency tree: Ho Chi Minh City after 1/7/2025 (two-tier local government).

Codes follow the 13-character QCVN 102:2016 format V1V2V3.Z1Z2.Y1Y2.MX1X2 with the city letter
code H29, but the numbers are illustrative (docs/demo-data.md):
- 000.00.00.H29             UBND TP.HCM (root)
- 000.00.01–19.H29          departments (sở); 000.ZZ.YY.H29 their divisions and public units
- 000.00.30.H29             the city public administration service centre
- 000.00.40/41/42.H29       vertical branches (police, tax, social insurance); 000.ZZ.40.H29
                            ward police, 000.ZZ.42.H29 ward social insurance (liên thông bundles)
- 000.00.60.H29             historic district (inactive, kept for old data)
- 000.ZZ.90.H29             wards, communes and the special zone (block 90, ZZ = sequence);
                            001.ZZ.90.H29 their service centres, 00N.ZZ.90.H29 their divisions
Rows are parents first; `parent` names the parent's code.
"""

from __future__ import annotations

from typing import Any

OFFICE_HOURS = [["07:30", "11:30"], ["13:00", "17:00"]]
SATURDAY_MORNING = [["07:30", "11:30"]]  # HCMC Saturday reception (docs/rules.md §1, §3)

CITY = "000.00.00.H29"
CITY_CENTRE = "000.00.30.H29"
POLICE = "000.00.40.H29"
TAX = "000.00.41.H29"
SOCIAL_INSURANCE = "000.00.42.H29"

# Departments: (Y1Y2, name, short name). Post-2025 names (merged departments).
DEPARTMENTS = [
    ("01", "Sở Tư pháp", "Sở Tư pháp"),
    ("02", "Sở Nội vụ", "Sở Nội vụ"),
    ("03", "Sở Tài chính", "Sở Tài chính"),
    ("04", "Sở Xây dựng", "Sở Xây dựng"),
    ("05", "Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
    ("06", "Sở Công Thương", "Sở Công Thương"),
    ("07", "Sở Y tế", "Sở Y tế"),
    ("08", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
    ("09", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("10", "Sở Văn hóa và Thể thao", "Sở VH&TT"),
    ("11", "Sở Quy hoạch - Kiến trúc", "Sở QH-KT"),
]


def dept(yy: str) -> str:
    return f"000.00.{yy}.H29"


SO_TU_PHAP = dept("01")
SO_NOI_VU = dept("02")
SO_TAI_CHINH = dept("03")
SO_XAY_DUNG = dept("04")
SO_NN_MT = dept("05")
SO_CONG_THUONG = dept("06")
SO_Y_TE = dept("07")
SO_GD_DT = dept("08")

# Wards, communes, special zone: (Z1Z2, kind, name, short, Saturday reception?).
COMMUNES = [
    ("01", "ward", "Phường Sài Gòn", "Sài Gòn", True),
    ("02", "ward", "Phường Bến Thành", "Bến Thành", True),
    ("03", "ward", "Phường Tân Định", "Tân Định", False),
    ("04", "ward", "Phường Cầu Ông Lãnh", "Cầu Ông Lãnh", False),
    ("05", "ward", "Phường Chợ Lớn", "Chợ Lớn", False),
    ("06", "ward", "Phường Thủ Đức", "Thủ Đức", False),
    ("07", "ward", "Phường Thủ Dầu Một", "Thủ Dầu Một", True),
    ("08", "ward", "Phường Vũng Tàu", "Vũng Tàu", True),
    ("09", "commune", "Xã Cần Giờ", "Cần Giờ", False),
    ("10", "commune", "Xã Củ Chi", "Củ Chi", False),
    ("11", "commune", "Xã Bình Chánh", "Bình Chánh", False),
    ("12", "special_zone", "Đặc khu Côn Đảo", "Côn Đảo", False),
]
_PREFIX = {"ward": ("phường", "P."), "commune": ("xã", "X."), "special_zone": ("đặc khu", "ĐK")}


def commune_code(zz: str) -> str:
    return f"000.{zz}.90.H29"


def commune_centre_code(zz: str) -> str:
    return f"001.{zz}.90.H29"


def ward_police_code(zz: str) -> str:
    return f"000.{zz}.40.H29"


def social_insurance_code(zz: str) -> str:
    return f"000.{zz}.42.H29"


BEN_THANH = commune_code("02")
BEN_THANH_CENTRE = commune_centre_code("02")
COMMUNE_CODES = [commune_code(zz) for zz, *_ in COMMUNES]


def _row(code: str, name: str, short: str, kind: str, parent: str | None, **extra: Any) -> dict:
    row = {
        "code": code,
        "name": name,
        "short_name": short,
        "kind": kind,
        "parent": parent,
        "address": "",
        "office_hours": OFFICE_HOURS,
        "saturday_hours": [],
        "phone": "",
        "email": "",
        "is_active": True,
    }
    row.update(extra)
    return row


def _city_rows() -> list[dict]:
    rows = [
        _row(
            CITY,
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            "UBND TP.HCM",
            "city_committee",
            None,
            address="86 Lê Thánh Tôn, phường Sài Gòn, Thành phố Hồ Chí Minh",
        ),
        _row(
            CITY_CENTRE,
            "Trung tâm Phục vụ hành chính công Thành phố Hồ Chí Minh",
            "TTPVHCC TP.HCM",
            "service_centre",
            CITY,
            saturday_hours=SATURDAY_MORNING,
        ),
    ]
    rows += [_row(dept(yy), name, short, "department", CITY) for yy, name, short in DEPARTMENTS]
    rows += [
        _row("000.01.01.H29", "Phòng Hành chính tư pháp", "P. HCTP", "division", SO_TU_PHAP),
        _row("000.01.03.H29", "Phòng Đăng ký kinh doanh", "P. ĐKKD", "division", SO_TAI_CHINH),
        _row(
            "000.01.07.H29",
            "Bệnh viện Nhân dân 115",
            "BV ND 115",
            "public_service_unit",
            SO_Y_TE,
            address="527 Sư Vạn Hạnh, Thành phố Hồ Chí Minh",
        ),
        _row(
            "000.02.07.H29",
            "Bệnh viện Nhân dân Gia Định",
            "BV ND Gia Định",
            "public_service_unit",
            SO_Y_TE,
        ),
        _row(
            "000.01.08.H29",
            "Trường Trung học phổ thông Lê Quý Đôn",
            "THPT Lê Quý Đôn",
            "public_service_unit",
            SO_GD_DT,
            address="110 Nguyễn Thị Minh Khai, Thành phố Hồ Chí Minh",
        ),
        _row(
            "000.02.08.H29",
            "Trường Trung học phổ thông chuyên Lê Hồng Phong",
            "THPT LHP",
            "public_service_unit",
            SO_GD_DT,
        ),
        _row(POLICE, "Công an Thành phố Hồ Chí Minh", "CA TP.HCM", "vertical_branch", CITY),
        _row(TAX, "Thuế Thành phố Hồ Chí Minh", "Thuế TP.HCM", "vertical_branch", CITY),
        _row(
            SOCIAL_INSURANCE,
            "Bảo hiểm xã hội Thành phố Hồ Chí Minh",
            "BHXH TP.HCM",
            "vertical_branch",
            CITY,
        ),
        _row(
            "000.00.60.H29",
            "Ủy ban nhân dân Quận 1 (trước 1/7/2025)",
            "UBND Quận 1 (cũ)",
            "historic_district",
            CITY,
            is_active=False,
        ),
        _row(
            "000.01.60.H29",
            "Ủy ban nhân dân phường Bến Nghé, Quận 1 (trước 1/7/2025)",
            "P. Bến Nghé (cũ)",
            "ward",
            "000.00.60.H29",
            is_active=False,
        ),
    ]
    return rows


def _commune_rows() -> list[dict]:
    rows = []
    for zz, kind, name, short, saturday in COMMUNES:
        word, abbr = _PREFIX[kind]
        place = name.split(" ", 1)[1] if kind != "special_zone" else "Côn Đảo"
        sat = SATURDAY_MORNING if saturday else []
        code = commune_code(zz)
        rows.append(
            _row(
                code,
                f"Ủy ban nhân dân {word} {place}",
                f"{abbr} {short}",
                kind,
                CITY,
                saturday_hours=sat,
            )
        )
        rows.append(
            _row(
                commune_centre_code(zz),
                f"Trung tâm Phục vụ hành chính công {word} {place}",
                f"TTPV {abbr} {short}",
                "service_centre",
                code,
                saturday_hours=sat,
            )
        )
        rows.append(
            _row(
                ward_police_code(zz),
                f"Công an {word} {place}",
                f"CA {abbr} {short}",
                "vertical_branch",
                POLICE,
            )
        )
        rows.append(
            _row(
                social_insurance_code(zz),
                f"Bảo hiểm xã hội {word} {place}",
                f"BHXH {abbr} {short}",
                "vertical_branch",
                SOCIAL_INSURANCE,
            )
        )
    rows += [
        _row(
            "002.02.90.H29",
            "Phòng Văn hóa - Xã hội phường Bến Thành",
            "P. VHXH Bến Thành",
            "division",
            BEN_THANH,
        ),
        _row(
            "003.02.90.H29",
            "Phòng Kinh tế, Hạ tầng và Đô thị phường Bến Thành",
            "P. KTHTĐT Bến Thành",
            "division",
            BEN_THANH,
        ),
    ]
    return rows


AGENCIES: list[dict] = _city_rows() + _commune_rows()
WARD_POLICE_CODES = [ward_police_code(zz) for zz, *_ in COMMUNES]
WARD_SOCIAL_INSURANCE_CODES = [social_insurance_code(zz) for zz, *_ in COMMUNES]
BEN_THANH_POLICE = ward_police_code("02")
BEN_THANH_SOCIAL_INSURANCE = social_insurance_code("02")
