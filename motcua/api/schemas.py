"""Schemas shared across routers."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody
