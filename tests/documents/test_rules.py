"""The pure rules of Decree 30/2020: types and abbreviations, number, symbol, place and date."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.documents import symbols, types


def test_twenty_nine_types_with_the_annex_iii_abbreviations() -> None:
    assert len(types.DOCUMENT_TYPES) == 29
    abbr = {t.name: t.abbreviation for t in types.DOCUMENT_TYPES}
    assert abbr["Quy định"] == "QyĐ"
    assert abbr["Quyết định"] == "QĐ"
    assert abbr["Chương trình"] == "CTr"
    assert abbr["Tờ trình"] == "TTr"
    assert abbr["Đề án"] == "ĐA"
    assert abbr["Dự án"] == "DA"
    assert abbr["Công điện"] == "CĐ"
    # công văn and thư công have no abbreviation
    assert [t.name for t in types.DOCUMENT_TYPES if t.is_letter] == ["Công văn", "Thư công"]
    # no two types share an abbreviation or a code
    typed = [t.abbreviation for t in types.DOCUMENT_TYPES if t.abbreviation]
    assert len(set(typed)) == 27
    assert len(types.BY_CODE) == 29


def test_copies_prefixes_and_marks() -> None:
    assert [a for _, a in types.COPY_FORMS.values()] == ["SY", "TrS", "SL"]
    prefixes = [p for p, _ in types.AUTHORITY_PREFIXES.values() if p]
    assert prefixes == ["TM.", "KT.", "Q.", "TL.", "TUQ."]
    assert set(types.URGENCY_MARKS.values()) == {"", "Khẩn", "Thượng khẩn", "Hỏa tốc"}
    assert set(types.SECRECY_MARKS.values()) == {"", "Mật", "Tối mật", "Tuyệt mật"}
    assert types.is_secret("toi_mat") is True
    assert types.is_secret("") is False
    with pytest.raises(KeyError):
        types.is_secret("bi_mat")


@pytest.mark.parametrize(
    ("number", "text"), [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (123, "123")]
)
def test_number_text_pads_below_ten(number: int, text: str) -> None:
    assert symbols.number_text(number) == text


def test_number_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        symbols.number_text(0)


def test_symbols() -> None:
    assert symbols.symbol_for("quyet_dinh", 5, issuer="UBND") == "05/QĐ-UBND"
    assert symbols.symbol_for("quy_dinh", 12, issuer="UBND") == "12/QyĐ-UBND"
    assert symbols.symbol_for("cong_van", 45, issuer="UBND", unit="VX") == "45/UBND-VX"
    assert symbols.symbol_for("ke_hoach", 123, issuer="STP") == "123/KH-STP"
    assert symbols.symbol_for("thu_cong", 3, issuer="UBND") == "03/UBND"
    assert symbols.document_symbol(7, "TTr", "SGDĐT") == "07/TTr-SGDĐT"
    assert " " not in symbols.symbol_for("cong_van", 1, issuer="UBND", unit="VP")


def test_a_cong_van_needs_its_unit() -> None:
    with pytest.raises(ValueError, match="Chưa nhập"):
        symbols.symbol_for("cong_van", 45, issuer="UBND")


@pytest.mark.parametrize("good", ["UBND", "QyĐ", "SGDĐT", "VX", "đ"])
def test_valid_abbreviations(good: str) -> None:
    assert symbols.is_valid_abbreviation(good)


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("", "Chưa nhập"),
        ("UB ND", "không có dấu cách"),
        ("UBND-VX", "chỉ được gồm chữ cái"),
        ("C03", "chỉ được gồm chữ cái"),
        ("ỦBND", "chỉ được gồm chữ cái"),
        ("A" * 21, "dài quá 20"),
    ],
)
def test_invalid_abbreviations(bad: str, why: str) -> None:
    assert why in symbols.abbreviation_problem(bad)
    with pytest.raises(ValueError):
        symbols.document_symbol(1, "QĐ", bad)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
        (date(2026, 3, 3), "ngày 03 tháng 3 năm 2026"),
        (date(2026, 12, 10), "ngày 10 tháng 12 năm 2026"),
        (date(2027, 10, 9), "ngày 09 tháng 10 năm 2027"),
    ],
)
def test_date_text(day: date, text: str) -> None:
    assert symbols.date_text(day) == text


def test_place_date_line() -> None:
    line = symbols.place_date_line("Thành phố Hồ Chí Minh", date(2026, 2, 5))
    assert line == "Thành phố Hồ Chí Minh, ngày 05 tháng 02 năm 2026"
