"""Password validators that know who the user is: a password must not contain the user's
identity numbers (CCCD/personal ID, tax code, phone), which are printed on slips and known to
anyone who has seen the person's papers. Listed in settings.AUTH_PASSWORD_VALIDATORS."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

ID_ATTRIBUTES = ("cccd", "tax_code", "phone")
MIN_RUN = 6  # shorter runs of digits are too common to refuse (years, "123")


def _digits(value: object) -> str:
    return re.sub(r"\D", "", str(value or ""))


def _runs(number: str, length: int) -> set[str]:
    """Every run of `length` consecutive digits of `number` (the whole number if shorter)."""
    if len(number) <= length:
        return {number} if number else set()
    return {number[i : i + length] for i in range(len(number) - length + 1)}


class IdentityNumberValidator:
    """Refuse a password whose digits (separators ignored) contain the user's CCCD, tax code or
    phone number, or any `min_run` consecutive digits of one of them.

    Numbers shorter than `min_run` digits are ignored. A user not yet saved (the admin's add
    form) is checked with the values the form gives it."""

    def __init__(self, min_run: int = MIN_RUN, attributes: tuple[str, ...] = ID_ATTRIBUTES):
        self.min_run = min_run
        self.attributes = attributes

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        digits = _digits(password)
        if len(digits) < self.min_run:
            return
        for attribute in self.attributes:
            number = _digits(getattr(user, attribute, ""))
            if len(number) < self.min_run:
                continue
            if any(run in digits for run in _runs(number, self.min_run)):
                raise ValidationError(
                    "Mật khẩu không được chứa số CCCD/định danh, mã số thuế hay số điện thoại "
                    "của chính bạn (kể cả một đoạn từ %(n)d chữ số liền nhau của các số đó).",
                    code="password_contains_id_number",
                    params={"n": self.min_run},
                )

    def get_help_text(self) -> str:
        return "Mật khẩu không được chứa số CCCD/định danh, mã số thuế hay số điện thoại của bạn."
