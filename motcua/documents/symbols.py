"""Number, symbol and the place-and-date line of an administrative document (pure rules).

Decree 30/2020/NĐ-CP Annex I §II.3 (docs/documents.md):
1. The number is the issuing body's sequence within a calendar year, from 01; numbers below
   10 are written with a leading 0 (5 → "05", 123 → "123").
2. The symbol of a typed document is the type's abbreviation and the issuing body's,
   `{number}/{TYPE}-{ORG}` ("05/QĐ-UBND"); a công văn names the issuing body and the drafting
   unit (or field), `{number}/{ORG}-{UNIT}` ("45/UBND-VX"). "/" between number and symbol, "-"
   between its parts, no spaces.
3. Abbreviations are letters only (the Vietnamese Đ included), no spaces, no separators.
4. Place and date (Annex I §II.4): "<place>, ngày DD tháng M năm YYYY", the day below 10 and
   the months 1 and 2 zero-padded ("ngày 05 tháng 02", but "ngày 03 tháng 3").

Assumption [U]: a thư công has no type abbreviation either; like a công văn its symbol is
`{number}/{ORG}-{UNIT}`, or `{number}/{ORG}` when no unit is given.
"""

from __future__ import annotations

import re
from datetime import date

from motcua.documents.types import CONG_VAN, document_type

ABBREVIATION_MAX = 20
_ABBREVIATION = re.compile(r"[A-Za-zĐđ]+")


def number_text(number: int) -> str:
    """The number as printed: two digits at least (Annex I §II.3)."""
    if number < 1:
        raise ValueError(f"document number must be positive: {number}")
    return f"{number:02d}"


def abbreviation_problem(abbreviation: str) -> str:
    """Why `abbreviation` cannot be part of a symbol, in Vietnamese; "" when it can."""
    if not abbreviation:
        return "Chưa nhập chữ viết tắt."
    if len(abbreviation) > ABBREVIATION_MAX:
        return f"Chữ viết tắt dài quá {ABBREVIATION_MAX} ký tự."
    if not _ABBREVIATION.fullmatch(abbreviation):
        return (
            f"Chữ viết tắt “{abbreviation}” chỉ được gồm chữ cái (kể cả Đ), "
            "không có dấu cách, số hay ký tự khác."
        )
    return ""


def is_valid_abbreviation(abbreviation: str) -> bool:
    return abbreviation_problem(abbreviation) == ""


def _require(abbreviation: str) -> str:
    problem = abbreviation_problem(abbreviation)
    if problem:
        raise ValueError(problem)
    return abbreviation


def document_symbol(number: int, type_abbreviation: str, issuer: str) -> str:
    """`05/QĐ-UBND`: a typed document (rule 2)."""
    return f"{number_text(number)}/{_require(type_abbreviation)}-{_require(issuer)}"


def letter_symbol(number: int, issuer: str, unit: str) -> str:
    """`45/UBND-VX`: a công văn, the issuing body and the drafting unit (rule 2)."""
    return f"{number_text(number)}/{_require(issuer)}-{_require(unit)}"


def symbol_for(type_code: str, number: int, *, issuer: str, unit: str = "") -> str:
    """The symbol of a document of `type_code` numbered `number` (rules 2–3). A công văn needs
    the drafting unit; a thư công takes it when given (module assumption)."""
    kind = document_type(type_code)
    if kind.abbreviation:
        return document_symbol(number, kind.abbreviation, issuer)
    if unit or type_code == CONG_VAN:
        return letter_symbol(number, issuer, unit)
    return f"{number_text(number)}/{_require(issuer)}"


def date_text(day: date) -> str:
    """`ngày 05 tháng 02 năm 2026` (rule 4)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date_line(place: str, day: date) -> str:
    """`Thành phố Hồ Chí Minh, ngày 05 tháng 02 năm 2026` (rule 4)."""
    return f"{place}, {date_text(day)}"
