"""Input checks shared by services, so the API, the pages, the admin and the commands refuse the
same text. Pure checks live in `core.text`; this module turns them into Django's
`ValidationError` (the API answers 422 `validation_error`, details by field)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError

from motcua.core.text import CONTROL_CHAR_MESSAGE, find_control_char


def control_char_problems(
    fields: Mapping[str, object], *, multiline: Iterable[str] = ()
) -> dict[str, list[str]]:
    """{field: [message]} for each string value carrying a refused character (see
    `core.text.find_control_char`); `multiline` names the fields where tab and line breaks are
    allowed. Values in lists are checked too; other values are ignored."""
    allow = set(multiline)
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if (
                isinstance(item, str)
                and find_control_char(item, multiline=name in allow) is not None
            ):
                errors[name] = [f"Nội dung {CONTROL_CHAR_MESSAGE} (mã control_character)."]
                break
    return errors


def refuse_control_chars(fields: Mapping[str, object], *, multiline: Iterable[str] = ()) -> None:
    """Raise ValidationError listing every field with a refused character."""
    errors = control_char_problems(fields, multiline=multiline)
    if errors:
        raise ValidationError(errors, code="control_character")
