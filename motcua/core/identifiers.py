"""Validation and normalisation of Vietnamese identifiers (docs/rules.md §11).

Each `validate_*` function takes the raw text a person typed, returns the normalised form and
raises `django.core.exceptions.ValidationError` with a Vietnamese message that says exactly what
is wrong and a stable `code` (clients switch on the code, never on the message).

They are plain functions without database access, so they serve three ways:
- in services: `cccd = validate_cccd(raw, birth_date=dob)` and store the returned value;
- as Django validators: `models.CharField(validators=[validate_tax_code])` or on a form field
  (Django ignores the return value there, so also normalise in `clean_<field>`);
- in the API: catch `ValidationError` and use `err.code` / `err.message`.

Error codes
- CCCD: cccd_format, cccd_length, cccd_province, cccd_future, cccd_century, cccd_year, cccd_sex.
- Tax code: tax_code_format, tax_code_length, tax_code_checksum, tax_code_branch
  (plus the CCCD codes when `allow_personal_id=True` and 12 digits are given).
- Phone: phone_format, phone_length, phone_landline, phone_old_format, phone_prefix.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from motcua.core.identifier_data import CCCD_PROVINCES, MOBILE_PREFIXES, OLD_MOBILE_PREFIXES

__all__ = ["validate_cccd", "validate_phone", "validate_tax_code"]

_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_SEXES = {"male": "nam", "female": "nữ"}


def _invalid(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _strip_spaces(s: str) -> str:
    return "".join(s.split())


def _today() -> date:
    return datetime.now(_TZ).date()


# --- CCCD (citizen ID), Circular 07/2016/TT-BCA Art. 7, docs/rules.md §11 --------------------


def cccd_birth_year(cccd: str) -> int:
    """Birth year implied by a 12-digit CCCD: century from digit 4 (G), year from digits 5–6.

    G = 0/1 → 1900s, 2/3 → 2000s, 4/5 → 2100s, 6/7 → 2200s, 8/9 → 2300s (even = male)."""
    return 1900 + int(cccd[3]) // 2 * 100 + int(cccd[4:6])


def cccd_sex(cccd: str) -> str:
    """Return "male" or "female", from the parity of digit 4 (G)."""
    return "female" if int(cccd[3]) % 2 else "male"


def validate_cccd(s: str, *, birth_date: date | None = None, sex: str | None = None) -> str:
    """Return the 12-digit CCCD, or raise ValidationError.

    Checks, in order: digits only (spaces ignored), exactly 12 digits, a province code from
    Circular 07/2016 Annex 1, then — when given — the century and year against `birth_date`,
    an implied birth year not in the future, and the sex against `sex` ("male"/"female")."""
    if sex is not None and sex not in _SEXES:
        raise ValueError(f"sex must be 'male' or 'female', got {sex!r}")
    value = _strip_spaces(s)
    if value and not (value.isascii() and value.isdigit()):
        raise _invalid("Số CCCD chỉ được gồm các chữ số.", "cccd_format")
    if len(value) != 12:
        raise _invalid(f"Số CCCD phải gồm đúng 12 chữ số (nhận được {len(value)}).", "cccd_length")
    if value[:3] not in CCCD_PROVINCES:
        raise _invalid(f"Mã tỉnh '{value[:3]}' trong số CCCD không hợp lệ.", "cccd_province")
    if birth_date is not None:
        _check_cccd_birth_date(value, birth_date)
    year = cccd_birth_year(value)
    if year > _today().year:
        raise _invalid(
            f"Số CCCD cho biết năm sinh {year}, là năm trong tương lai "
            f"(chữ số thứ 4 là '{value[3]}', chữ số thứ 5–6 là '{value[4:6]}').",
            "cccd_future",
        )
    if sex is not None and cccd_sex(value) != sex:
        raise _invalid(
            f"Chữ số thứ 4 ('{value[3]}') cho biết giới tính {_SEXES[cccd_sex(value)]}, "
            f"không khớp với giới tính {_SEXES[sex]} đã khai.",
            "cccd_sex",
        )
    return value


def _check_cccd_birth_date(value: str, birth_date: date) -> None:
    year = cccd_birth_year(value)
    if year // 100 != birth_date.year // 100:
        raise _invalid(
            f"Chữ số thứ 4 (thế kỷ/giới tính) không khớp với năm sinh {birth_date.year}.",
            "cccd_century",
        )
    if year != birth_date.year:
        raise _invalid(
            f"Chữ số thứ 5–6 ('{value[4:6]}') không khớp với năm sinh {birth_date.year}.",
            "cccd_year",
        )


# --- Tax code (MST), docs/rules.md §11 -----------------------------------------------------

_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_TAX_RE = re.compile(r"(?P<parent>\d{10})(?:-(?P<branch>\d{3}))?")


def tax_check_digit(first9: str) -> int | None:
    """The check digit N10 for nine digits, or None when no digit fits.

    N10 = 10 − (Σ Ni·Wi mod 11). When the remainder is 0 the result would be 10, which is not a
    digit: such codes are never issued and are rejected here. (One public implementation maps
    10 → 0 instead; another computes (11 − r) mod 11, which is wrong — it fails the worked
    example 0100109106: Σ = 114, 114 mod 11 = 4, 10 − 4 = 6.)"""
    remainder = sum(int(d) * w for d, w in zip(first9, _TAX_WEIGHTS, strict=True)) % 11
    return None if remainder == 0 else 10 - remainder


def validate_tax_code(s: str, *, allow_personal_id: bool = False) -> str:
    """Return the tax code as `NNNNNNNNNN` or `NNNNNNNNNN-NNN`, or raise ValidationError.

    Spaces are ignored; any other character except the one branch dash is rejected. A branch
    (dependent unit) needs a valid parent code and a sequence 001–999. With
    `allow_personal_id=True`, 12 digits are validated as a CCCD (individuals use their personal
    ID as tax code from mid-2025, docs/rules.md §11, practice)."""
    value = _strip_spaces(s)
    if allow_personal_id and len(value) == 12 and value.isascii() and value.isdigit():
        return validate_cccd(value)
    if re.search(r"[^0-9-]", value) or value.count("-") > 1:
        raise _invalid(
            "Mã số thuế chỉ được gồm chữ số và một dấu '-' trước mã đơn vị phụ thuộc.",
            "tax_code_format",
        )
    match = _TAX_RE.fullmatch(value)
    if match is None:
        raise _invalid(_tax_length_message(value, allow_personal_id), "tax_code_length")
    parent, branch = match["parent"], match["branch"]
    _check_tax_digit(parent)
    if branch == "000":
        raise _invalid(
            "Mã đơn vị phụ thuộc (3 chữ số sau dấu '-') phải từ 001 đến 999, không được là 000.",
            "tax_code_branch",
        )
    return value


def _tax_length_message(value: str, allow_personal_id: bool) -> str:
    parent, _, branch = value.partition("-")
    expected = "10 chữ số, hoặc 10 chữ số + '-' + 3 chữ số cho đơn vị phụ thuộc"
    if allow_personal_id:
        expected += ", hoặc 12 chữ số (số định danh cá nhân)"
    got = f"{len(parent)} chữ số" + (f" + '-' + {len(branch)} chữ số" if "-" in value else "")
    return f"Mã số thuế phải gồm {expected} (nhận được {got})."


def _check_tax_digit(parent: str) -> None:
    expected = tax_check_digit(parent[:9])
    if expected is None:
        raise _invalid(
            f"Mã số thuế '{parent}' không hợp lệ: 9 chữ số đầu không có chữ số kiểm tra hợp lệ "
            "(số dư bằng 0).",
            "tax_code_checksum",
        )
    if int(parent[9]) != expected:
        raise _invalid(
            f"Chữ số kiểm tra (chữ số thứ 10) của mã số thuế '{parent}' không đúng: "
            f"phải là {expected}, nhận được {parent[9]}.",
            "tax_code_checksum",
        )


# --- Mobile phone numbers, docs/rules.md §11 -----------------------------------------------

_PHONE_NOISE = re.compile(r"[\s.\-]")


def validate_phone(s: str) -> str:
    """Return a Vietnamese mobile number in E.164 (`+84` + 9 digits), or raise ValidationError.

    Accepts `0XXXXXXXXX`, `+84XXXXXXXXX` and `84XXXXXXXXX` (also `+84 0XXXXXXXXX`), with spaces,
    dots and dashes. Landlines (02x) are rejected: this field is for SMS. Old 11-digit mobile
    numbers (01xx) are rejected with the converted number when the 2018 mapping is known."""
    national = _phone_national(s)
    if national.startswith("02"):
        raise _invalid(
            f"Số {national} là số điện thoại cố định; vui lòng nhập số di động.",
            "phone_landline",
        )
    if len(national) == 11 and national.startswith("01"):
        raise _invalid(_old_mobile_message(national), "phone_old_format")
    if len(national) != 10:
        raise _phone_length_error(len(national))
    if national[:3] not in MOBILE_PREFIXES:
        raise _invalid(f"Đầu số {national[:3]} không phải đầu số di động Việt Nam.", "phone_prefix")
    return "+84" + national[1:]


def _phone_national(s: str) -> str:
    """The number in national form (leading 0), or raise for characters or a missing prefix."""
    value = _PHONE_NOISE.sub("", s)
    plus = value.startswith("+")
    digits = value[1:] if plus else value
    if not digits:
        raise _phone_length_error(0)
    if not digits.isascii() or not digits.isdigit():
        raise _invalid(
            "Số điện thoại chỉ được gồm chữ số, dấu '+' ở đầu, khoảng trắng, dấu chấm "
            "hoặc gạch ngang.",
            "phone_format",
        )
    if plus or (digits.startswith("84") and len(digits) in (11, 12)):
        if not digits.startswith("84"):
            raise _invalid("Chỉ nhận số điện thoại Việt Nam (mã quốc gia +84).", "phone_format")
        digits = digits[2:]
        return digits if digits.startswith("0") else "0" + digits
    if not digits.startswith("0"):
        if len(digits) < 9:
            raise _phone_length_error(len(digits))
        raise _invalid("Số điện thoại phải bắt đầu bằng 0 hoặc +84.", "phone_format")
    return digits


def _phone_length_error(n: int) -> ValidationError:
    return _invalid(f"Số điện thoại di động phải gồm 10 chữ số (nhận được {n}).", "phone_length")


def _old_mobile_message(national: str) -> str:
    base = (
        f"Số {national} là số di động 11 chữ số cũ; các số này đã được chuyển sang 10 chữ số "
        "từ năm 2018"
    )
    new_prefix = OLD_MOBILE_PREFIXES.get(national[:4])
    if new_prefix is None:
        return base + "."
    new = new_prefix + national[4:]
    return f"{base}: đầu số {national[:4]} đổi thành {new_prefix}, số mới là {new}."
