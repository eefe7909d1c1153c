"""Vietnamese identifiers (docs/rules.md §11): CCCD, tax code, mobile phone. Pure, no database."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.identifier_data import CCCD_PROVINCES, MOBILE_PREFIXES, OLD_MOBILE_PREFIXES
from motcua.core.identifiers import (
    tax_check_digit,
    validate_cccd,
    validate_phone,
    validate_tax_code,
)

TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
VIETNAMESE_MARKS = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def assert_invalid(func, value, code, *, contains=(), **kwargs) -> str:
    with pytest.raises(ValidationError) as info:
        func(value, **kwargs)
    err = info.value
    assert err.code == code, err.message
    assert set(err.message.lower()) & VIETNAMESE_MARKS, f"not Vietnamese: {err.message}"
    for part in contains:
        assert part in err.message
    return err.message


# --- CCCD ---------------------------------------------------------------------------------------


def test_province_table_is_the_63_pre_2025_provinces():
    assert len(CCCD_PROVINCES) == 63
    assert CCCD_PROVINCES["001"] == "Hà Nội"
    assert CCCD_PROVINCES["079"] == "Thành phố Hồ Chí Minh"
    assert CCCD_PROVINCES["096"] == "Cà Mau"
    samples = {"031": "Hải Phòng", "048": "Đà Nẵng", "074": "Bình Dương", "075": "Đồng Nai"}
    for code, name in samples.items():
        assert CCCD_PROVINCES[code] == name
    assert all(len(code) == 3 and code.isdigit() for code in CCCD_PROVINCES)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("079090001234", "079090001234"),  # TP.HCM, male, 1990
        ("001185123456", "001185123456"),  # Hà Nội, female, 1985
        ("0791 9000 1234", "079190001234"),  # spaces are noise
        (" 048205000001 ", "048205000001"),  # Đà Nẵng, male, 2005
        ("096301999999", "096301999999"),  # Cà Mau, female, 2001
        ("031000000000", "031000000000"),  # Hải Phòng, male, 1900
    ],
)
def test_cccd_valid(raw, expected):
    assert validate_cccd(raw) == expected


@pytest.mark.parametrize("code", sorted(CCCD_PROVINCES))
def test_cccd_every_province_code_is_accepted(code):
    assert validate_cccd(f"{code}090001234") == f"{code}090001234"


@pytest.mark.parametrize(
    ("raw", "code", "contains"),
    [
        ("07909000123", "cccd_length", ["đúng 12 chữ số (nhận được 11)"]),
        ("0790900012345", "cccd_length", ["(nhận được 13)"]),
        ("", "cccd_length", ["(nhận được 0)"]),
        ("123456789", "cccd_length", ["(nhận được 9)"]),  # an old 9-digit CMND
        ("07909000123a", "cccd_format", ["chữ số"]),
        ("079-090-001234", "cccd_format", ["chữ số"]),
        ("０７９０９０００１２３４", "cccd_format", ["chữ số"]),  # full-width digits
        ("099090001234", "cccd_province", ["Mã tỉnh '099'"]),
        ("000090001234", "cccd_province", ["'000'"]),
        ("003090001234", "cccd_province", ["'003'"]),  # gap in the GSO numbering
        ("097090001234", "cccd_province", ["'097'"]),
    ],
)
def test_cccd_invalid(raw, code, contains):
    assert_invalid(validate_cccd, raw, code, contains=contains)


@pytest.mark.parametrize(
    ("cccd", "birth_date"),
    [
        ("079090001234", date(1990, 5, 17)),
        ("079190001234", date(1990, 1, 1)),
        ("079205001234", date(2005, 12, 31)),
        ("079300001234", date(2000, 2, 29)),
        ("079099001234", date(1999, 7, 1)),
    ],
)
def test_cccd_matches_birth_date(cccd, birth_date):
    assert validate_cccd(cccd, birth_date=birth_date) == cccd


@pytest.mark.parametrize(
    ("cccd", "birth_date", "code", "contains"),
    [
        # G=2 means 2000s, but born 1990
        ("079290001234", date(1990, 5, 17), "cccd_century", ["thế kỷ/giới tính", "năm sinh 1990"]),
        # G=0 means 1900s, but born 2005
        ("079005001234", date(2005, 5, 17), "cccd_century", ["năm sinh 2005"]),
        # right century, wrong year
        ("079085001234", date(1990, 5, 17), "cccd_year", ["'85'", "năm sinh 1990"]),
        ("079201001234", date(2010, 5, 17), "cccd_year", ["'01'", "năm sinh 2010"]),
        # born before 1900: no digit G encodes it
        ("079099001234", date(1899, 1, 1), "cccd_century", ["năm sinh 1899"]),
    ],
)
def test_cccd_conflicts_with_birth_date(cccd, birth_date, code, contains):
    assert_invalid(validate_cccd, cccd, code, contains=contains, birth_date=birth_date)


@pytest.mark.parametrize(
    ("cccd", "sex"),
    [
        ("079090001234", "male"),
        ("079190001234", "female"),
        ("079205001234", "male"),
        ("079305001234", "female"),
    ],
)
def test_cccd_matches_sex(cccd, sex):
    assert validate_cccd(cccd, sex=sex) == cccd


@pytest.mark.parametrize(
    ("cccd", "sex", "contains"),
    [
        ("079090001234", "female", ["giới tính nam", "giới tính nữ đã khai"]),
        ("079190001234", "male", ["giới tính nữ", "giới tính nam đã khai"]),
        ("079305001234", "male", ["('3')"]),
    ],
)
def test_cccd_conflicts_with_sex(cccd, sex, contains):
    assert_invalid(validate_cccd, cccd, "cccd_sex", contains=contains, sex=sex)


def test_cccd_birth_date_and_sex_together():
    assert validate_cccd("079190001234", birth_date=date(1990, 3, 8), sex="female")
    assert_invalid(
        validate_cccd, "079190001234", "cccd_sex", birth_date=date(1990, 3, 8), sex="male"
    )


def test_cccd_rejects_an_unknown_sex_value_as_a_programming_error():
    with pytest.raises(ValueError, match="sex"):
        validate_cccd("079090001234", sex="nam")


@time_machine.travel(date(2025, 6, 1), tick=False)
@pytest.mark.parametrize(
    ("cccd", "year"),
    [
        ("079226001234", 2026),  # next year
        ("079399001234", 2099),
        ("079400001234", 2100),  # G=4: 2100s
        ("079800001234", 2300),  # G=8: 2300s
        ("079999001234", 2399),
    ],
)
def test_cccd_birth_year_in_the_future_is_invalid(cccd, year):
    assert_invalid(validate_cccd, cccd, "cccd_future", contains=[f"năm sinh {year}"])


@time_machine.travel(date(2025, 6, 1), tick=False)
def test_cccd_future_birth_date_matching_the_number_is_still_invalid():
    assert_invalid(validate_cccd, "079226001234", "cccd_future", birth_date=date(2026, 1, 1))


@time_machine.travel(date(2025, 6, 1), tick=False)
def test_cccd_birth_year_this_year_is_valid():
    assert validate_cccd("079225001234") == "079225001234"
    assert validate_cccd("079325001234", birth_date=date(2025, 1, 2), sex="female")


# --- Tax code -----------------------------------------------------------------------------------


def check_digit(first9: str) -> int | None:
    """Independent reference implementation of the check digit of docs/rules.md §11."""
    remainder = sum(int(d) * w for d, w in zip(first9, TAX_WEIGHTS, strict=True)) % 11
    return None if remainder == 0 else 10 - remainder


def test_tax_worked_example():
    # Σ = 114, 114 mod 11 = 4, 10 − 4 = 6
    assert sum(int(d) * w for d, w in zip("010010910", TAX_WEIGHTS, strict=True)) == 114
    assert tax_check_digit("010010910") == 6
    # the wrong formula (11 − r) mod 11 would give 7
    assert (11 - 114 % 11) % 11 == 7


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0100109106", "0100109106"),
        ("0100109106-001", "0100109106-001"),
        ("0100109106-999", "0100109106-999"),
        (" 0100 109 106 ", "0100109106"),
        ("0100109106 - 012", "0100109106-012"),
        ("0301456780", "0301456780"),  # remainder 10 → check digit 0
        ("0301456879", "0301456879"),  # remainder 1 → check digit 9
    ],
)
def test_tax_code_valid(raw, expected):
    assert validate_tax_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code", "contains"),
    [
        ("0100109107", "tax_code_checksum", ["phải là 6, nhận được 7"]),
        ("0100109100", "tax_code_checksum", ["phải là 6, nhận được 0"]),
        ("0100109107-001", "tax_code_checksum", ["'0100109107'"]),  # branch of a bad parent
        # remainder 0: no check digit fits; '…0' is what a 10→0 implementation would accept
        ("0301456830", "tax_code_checksum", ["số dư bằng 0"]),
        ("0301456831", "tax_code_checksum", ["số dư bằng 0"]),
        ("0000000000", "tax_code_checksum", ["số dư bằng 0"]),
        ("0100109106-000", "tax_code_branch", ["001 đến 999", "000"]),
        ("010010910", "tax_code_length", ["(nhận được 9 chữ số)"]),
        ("01001091061", "tax_code_length", ["(nhận được 11 chữ số)"]),
        ("079090001234", "tax_code_length", ["(nhận được 12 chữ số)"]),  # flag not set
        ("0100109106-01", "tax_code_length", ["10 chữ số + '-' + 2 chữ số"]),
        ("0100109106-0001", "tax_code_length", ["+ '-' + 4 chữ số"]),
        ("0100109106001", "tax_code_length", ["13 chữ số"]),  # branch without the dash
        ("-001", "tax_code_length", []),
        ("", "tax_code_length", ["(nhận được 0 chữ số)"]),
        ("0100.109.106", "tax_code_format", ["chữ số"]),
        ("0100109106/001", "tax_code_format", []),
        ("0100109106--001", "tax_code_format", []),
        ("0100109106-001-002", "tax_code_format", []),
        ("MST0100109106", "tax_code_format", []),
        ("０１００１０９１０６", "tax_code_format", []),  # full-width digits
    ],
)
def test_tax_code_invalid(raw, code, contains):
    assert_invalid(validate_tax_code, raw, code, contains=contains)


def test_tax_code_personal_id_when_allowed():
    assert validate_tax_code("079090001234", allow_personal_id=True) == "079090001234"
    assert validate_tax_code("0790 9000 1234", allow_personal_id=True) == "079090001234"
    # 10-digit codes still work with the flag
    assert validate_tax_code("0100109106-001", allow_personal_id=True) == "0100109106-001"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("099090001234", "cccd_province"),
        ("079999001234", "cccd_future"),
        ("07909000123", "tax_code_length"),  # 11 digits: neither form
    ],
)
def test_tax_code_personal_id_is_validated_as_cccd(raw, code):
    message = assert_invalid(validate_tax_code, raw, code, allow_personal_id=True)
    if code == "tax_code_length":
        assert "12 chữ số (số định danh cá nhân)" in message


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_tax_code_property_computed_check_digit_is_accepted_and_any_other_rejected(first9):
    expected = check_digit(first9)
    if expected is None:
        for d in range(10):
            assert_invalid(validate_tax_code, f"{first9}{d}", "tax_code_checksum")
        return
    code = f"{first9}{expected}"
    assert validate_tax_code(code) == code
    assert validate_tax_code(f"{code}-001") == f"{code}-001"
    for d in set(range(10)) - {expected}:
        assert_invalid(validate_tax_code, f"{first9}{d}", "tax_code_checksum")


@given(nine_digits, st.integers(min_value=0, max_value=8), st.integers(1, 9))
def test_tax_code_property_single_digit_change_in_body_is_detected(first9, pos, delta):
    # weights are all non-zero mod 11, so changing one of the first nine digits always breaks it
    expected = check_digit(first9)
    if expected is None:
        return
    changed = first9[:pos] + str((int(first9[pos]) + delta) % 10) + first9[pos + 1 :]
    with pytest.raises(ValidationError):
        validate_tax_code(f"{changed}{expected}")


# --- Phone --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0321234567", "+84321234567"),  # Viettel 03x
        ("0391234567", "+84391234567"),
        ("0561234567", "+84561234567"),  # Vietnamobile
        ("0581234567", "+84581234567"),
        ("0591234567", "+84591234567"),  # Gmobile
        ("0701234567", "+84701234567"),  # MobiFone 07x
        ("0761234567", "+84761234567"),
        ("0791234567", "+84791234567"),
        ("0811234567", "+84811234567"),  # VinaPhone 08x
        ("0861234567", "+84861234567"),  # Viettel 086
        ("0891234567", "+84891234567"),
        ("0901234567", "+84901234567"),  # legacy 09x
        ("0991234567", "+84991234567"),
        ("+84912345678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("+84 0912 345 678", "+84912345678"),  # national number after +84
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("0912-345-678", "+84912345678"),
        ("+84 91-234.5678", "+84912345678"),
        (" 0912345678 ", "+84912345678"),
    ],
)
def test_phone_valid(raw, expected):
    assert validate_phone(raw) == expected


@pytest.mark.parametrize("prefix", sorted(MOBILE_PREFIXES))
def test_phone_every_mobile_prefix(prefix):
    assert validate_phone(f"{prefix}1234567") == f"+84{prefix[1:]}1234567"


def test_phone_prefix_families_match_domain():
    expected = (
        {f"03{d}" for d in "23456789"}
        | {"056", "058", "059"}
        | {"070", "076", "077", "078", "079"}
        | {f"08{d}" for d in "123456789"}
        | {f"09{d}" for d in "0123456789"}
    )
    assert expected == MOBILE_PREFIXES


@pytest.mark.parametrize(
    ("raw", "code", "contains"),
    [
        ("02838291234", "phone_landline", ["cố định"]),  # HCMC landline
        ("028 3829 1234", "phone_landline", ["02838291234"]),
        ("+84 28 3829 1234", "phone_landline", []),
        ("02438251234", "phone_landline", []),  # Hà Nội landline
        ("1022", "phone_length", ["10 chữ số (nhận được 4)"]),  # HCMC feedback short number
        ("113", "phone_length", ["(nhận được 3)"]),
        ("091234567", "phone_length", ["(nhận được 9)"]),
        ("09123456789", "phone_length", ["(nhận được 11)"]),
        ("+8491234567", "phone_length", []),
        ("", "phone_length", ["(nhận được 0)"]),
        ("0101234567", "phone_prefix", ["Đầu số 010"]),
        ("0311234567", "phone_prefix", ["031"]),
        ("0501234567", "phone_prefix", ["050"]),
        ("0551234567", "phone_prefix", []),
        ("0711234567", "phone_prefix", []),
        ("0801234567", "phone_prefix", ["080"]),
        ("0041234567", "phone_prefix", []),
        ("912345678", "phone_format", ["bắt đầu bằng 0 hoặc +84"]),  # missing leading 0
        ("+1 415 555 0100", "phone_format", ["+84"]),
        ("0912 345 67a", "phone_format", ["chữ số"]),
        ("(091) 234 5678", "phone_format", []),
        ("09123+45678", "phone_format", []),
        ("０９１２３４５６７８", "phone_format", []),  # full-width digits
    ],
)
def test_phone_invalid(raw, code, contains):
    assert_invalid(validate_phone, raw, code, contains=contains)


@pytest.mark.parametrize(("old", "new"), sorted(OLD_MOBILE_PREFIXES.items()))
def test_phone_old_11_digit_number_gives_the_new_number(old, new):
    message = assert_invalid(
        validate_phone, f"{old}1234567", "phone_old_format", contains=["2018", "10 chữ số"]
    )
    assert f"số mới là {new}1234567" in message
    assert new in MOBILE_PREFIXES


@pytest.mark.parametrize(
    ("raw", "new"),
    [
        ("0162 123 4567", "0321234567"),
        ("+84 162 123 4567", "0321234567"),
        ("841621234567", "0321234567"),
        ("0121.123.4567", "0791234567"),
        ("0127-123-4567", "0811234567"),
        ("0199 123 4567", "0591234567"),
    ],
)
def test_phone_old_number_with_noise_or_country_code(raw, new):
    assert_invalid(validate_phone, raw, "phone_old_format", contains=[f"số mới là {new}"])


def test_phone_old_number_with_unknown_mapping():
    message = assert_invalid(validate_phone, "01301234567", "phone_old_format", contains=["2018"])
    assert "số mới" not in message


# --- Use as Django validators -------------------------------------------------------------------


class CitizenForm(forms.Form):
    cccd = forms.CharField(validators=[validate_cccd])
    tax_code = forms.CharField(validators=[validate_tax_code])
    phone = forms.CharField(validators=[validate_phone])


def test_functions_work_as_form_validators():
    ok = CitizenForm({"cccd": "079090001234", "tax_code": "0100109106", "phone": "0912345678"})
    assert ok.is_valid(), ok.errors
    bad = CitizenForm({"cccd": "099090001234", "tax_code": "0100109107", "phone": "1022"})
    assert not bad.is_valid()
    assert bad.has_error("cccd", code="cccd_province")
    assert bad.has_error("tax_code", code="tax_code_checksum")
    assert bad.has_error("phone", code="phone_length")
    assert bad.errors["cccd"] == ["Mã tỉnh '099' trong số CCCD không hợp lệ."]
