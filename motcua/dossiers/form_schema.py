"""Validates a dossier's form data against the procedure's form definition (pure logic).

A definition is a list of fields: {"name", "label", "type", "required", "choices"?, "min"?,
"max"?, "integer"?}; types are text, date (ISO yyyy-mm-dd), number, cccd, phone, choice. Unknown
keys in the data are refused so nothing the citizen typed is silently dropped.

Bounds, so nothing a database or a spreadsheet cannot hold is stored:
- text: at most 2000 characters, no control characters (tab and line breaks allowed), no lone
  surrogates or noncharacters (`core.text.find_control_char`).
- number: finite (no NaN, Infinity, or 1e400 that overflows to infinity), at most 32 characters
  when sent as a string, |x| <= 10^15 (exact in a double, so JSON and jsonb keep it), and within
  the field's "min"/"max"; "integer": true refuses 0.5.
- date: between 1900-01-01 and 2100-12-31, and within the field's "min"/"max" (ISO dates, or
  "today" for the local date the caller passes: a birth date is not in the future).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from motcua.core.identifiers import validate_cccd, validate_phone
from motcua.core.text import CONTROL_CHAR_MESSAGE, find_control_char

MAX_TEXT = 2000
MAX_NUMBER_CHARS = 32
MAX_ABS_NUMBER = 10**15
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)


def _text(value: Any, spec: dict[str, Any], today: date | None) -> str:
    if not isinstance(value, str):
        raise ValidationError("phải là chuỗi ký tự")
    if len(value) > MAX_TEXT:
        raise ValidationError(f"dài quá {MAX_TEXT} ký tự")
    if find_control_char(value, multiline=True) is not None:
        raise ValidationError(CONTROL_CHAR_MESSAGE, code="control_character")
    return value.strip()


def _bound_date(raw: Any, today: date | None) -> date | None:
    if raw == "today":
        return today
    return date.fromisoformat(raw) if raw else None


def _date(value: Any, spec: dict[str, Any], today: date | None) -> str:
    if not isinstance(value, str) or len(value) != 10:
        raise ValidationError("phải là ngày dạng yyyy-mm-dd")
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError("phải là ngày dạng yyyy-mm-dd") from exc
    low = max(DATE_MIN, _bound_date(spec.get("min"), today) or DATE_MIN)
    high = min(DATE_MAX, _bound_date(spec.get("max"), today) or DATE_MAX)
    if day < low:
        raise ValidationError(f"không được trước ngày {low:%d/%m/%Y}")
    if day > high:
        raise ValidationError(f"không được sau ngày {high:%d/%m/%Y}")
    return day.isoformat()


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValidationError("phải là số")
    if isinstance(value, str) and len(value.strip()) > MAX_NUMBER_CHARS:
        raise ValidationError(f"dài quá {MAX_NUMBER_CHARS} ký tự")
    if isinstance(value, int) and abs(value) > MAX_ABS_NUMBER:
        raise ValidationError(f"vượt quá giới hạn {MAX_ABS_NUMBER:,}".replace(",", "."))
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation as exc:
        raise ValidationError("phải là số") from exc
    if not number.is_finite():
        raise ValidationError("phải là một số hữu hạn")
    return number


def _number(value: Any, spec: dict[str, Any], today: date | None) -> float | int:
    number = _decimal(value)
    if abs(number) > MAX_ABS_NUMBER:
        raise ValidationError(f"vượt quá giới hạn {MAX_ABS_NUMBER:,}".replace(",", "."))
    whole = number == number.to_integral_value()
    if spec.get("integer") and not whole:
        raise ValidationError("phải là số nguyên")
    low, high = spec.get("min"), spec.get("max")
    if low is not None and number < Decimal(str(low)):
        raise ValidationError(f"phải lớn hơn hoặc bằng {low}")
    if high is not None and number > Decimal(str(high)):
        raise ValidationError(f"phải nhỏ hơn hoặc bằng {high}")
    return int(number) if whole else float(number)


def _identifier(check: Callable[[str], str]) -> Callable[[Any, dict[str, Any], date | None], str]:
    def convert(value: Any, spec: dict[str, Any], today: date | None) -> str:
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise ValidationError("phải là chuỗi ký tự")
        return check(str(value))

    return convert


_CONVERTERS: dict[str, Callable[[Any, dict[str, Any], date | None], Any]] = {
    "text": _text,
    "date": _date,
    "number": _number,
    "cccd": _identifier(validate_cccd),
    "phone": _identifier(validate_phone),
}


def _convert(spec: dict[str, Any], value: Any, today: date | None) -> Any:
    kind = spec.get("type", "text")
    if kind == "choice":
        choices = [str(c) for c in spec.get("choices", [])]
        if not isinstance(value, str | int) or str(value) not in choices:
            raise ValidationError(f"phải là một trong: {', '.join(choices)}")
        return str(value)
    return _CONVERTERS.get(kind, _text)(value, spec, today)


def validate_form_data(
    schema: list[dict[str, Any]], data: dict[str, Any], *, today: date | None = None
) -> dict[str, Any]:
    """Return the normalised data, or raise ValidationError listing every problem by field.
    `today` (the local date) is the bound of fields whose "max" or "min" is "today"; without it
    such a bound is not applied."""
    if not isinstance(data, dict):
        raise ValidationError({"form_data": ["Dữ liệu tờ khai phải là một đối tượng JSON."]})
    errors: dict[str, list[str]] = {}
    known = {spec["name"]: spec for spec in schema}
    for key in data:
        if key not in known:
            errors[key] = ["Trường không có trong tờ khai của thủ tục."]
    clean: dict[str, Any] = {}
    for name, spec in known.items():
        value = data.get(name)
        if value in (None, ""):
            if spec.get("required"):
                errors[name] = [f"Bắt buộc nhập '{spec.get('label', name)}'."]
            continue
        try:
            clean[name] = _convert(spec, value, today)
        except ValidationError as exc:
            errors[name] = [f"'{spec.get('label', name)}' {m}" for m in exc.messages]
    if errors:
        raise ValidationError(errors)
    return clean
