"""Validates a dossier's form data against the procedure's form definition (pure logic).

A definition is a list of fields: {"name", "label", "type", "required", "choices"?}; types are
text, date (ISO yyyy-mm-dd), number, cccd, phone, choice. Unknown keys in the data are refused so
nothing the citizen typed is silently dropped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from motcua.core.identifiers import validate_cccd, validate_phone


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError("phải là chuỗi ký tự")
    if len(value) > 2000:
        raise ValidationError("dài quá 2000 ký tự")
    return value.strip()


def _date(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise ValidationError("phải là ngày dạng yyyy-mm-dd") from exc


def _number(value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValidationError("phải là số")
    try:
        number = float(value)
    except ValueError as exc:
        raise ValidationError("phải là số") from exc
    return int(number) if number.is_integer() else number


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    "date": _date,
    "number": _number,
    "cccd": lambda v: validate_cccd(str(v)),
    "phone": lambda v: validate_phone(str(v)),
}


def _convert(spec: dict[str, Any], value: Any) -> Any:
    kind = spec.get("type", "text")
    if kind == "choice":
        choices = [str(c) for c in spec.get("choices", [])]
        if str(value) not in choices:
            raise ValidationError(f"phải là một trong: {', '.join(choices)}")
        return str(value)
    return _CONVERTERS.get(kind, _text)(value)


def validate_form_data(schema: list[dict[str, Any]], data: dict[str, Any]) -> dict[str, Any]:
    """Return the normalised data, or raise ValidationError listing every problem by field."""
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
            clean[name] = _convert(spec, value)
        except ValidationError as exc:
            errors[name] = [f"'{spec.get('label', name)}' {m}" for m in exc.messages]
    if errors:
        raise ValidationError(errors)
    return clean
