"""Schemas and field types shared across routers."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from motcua.core.text import CONTROL_CHAR_CODE, CONTROL_CHAR_MESSAGE, find_control_char


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody


def _line(value: str) -> str:
    if find_control_char(value) is not None:
        raise PydanticCustomError(CONTROL_CHAR_CODE, f"Nội dung {CONTROL_CHAR_MESSAGE}.")
    return value


def _text(value: str) -> str:
    if find_control_char(value, multiline=True) is not None:
        raise PydanticCustomError(CONTROL_CHAR_CODE, f"Nội dung {CONTROL_CHAR_MESSAGE}.")
    return value


# One-line text (names, numbers, codes): no control character at all. The error detail's
# `type` is `control_character`.
Line = Annotated[str, AfterValidator(_line)]
# Free text (reasons, notes, summaries): tab and line breaks allowed, other controls refused.
Text = Annotated[str, AfterValidator(_text)]
