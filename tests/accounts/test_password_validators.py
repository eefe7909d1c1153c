"""Passwords are refused when they are close to the user's username or name, or contain the
user's CCCD, tax code or phone digits (settings.AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from motcua.accounts.models import User
from motcua.accounts.validators import IdentityNumberValidator

CCCD = "079090001234"
TAX = "0312345673"


def person() -> User:
    return User(
        username="nguyenvanan",
        full_name="Nguyễn Văn An",
        cccd=CCCD,
        tax_code=TAX,
        phone="0901234567",
    )


def codes(password: str, user: User) -> set[str]:
    with pytest.raises(ValidationError) as err:
        validate_password(password, user)
    return {e.code for e in err.value.error_list}


@pytest.mark.parametrize(
    "password",
    [
        f"Mk{CCCD}!",  # the whole CCCD
        "079-090-001-234x",  # the CCCD with separators
        "Hcm!001234ab",  # its last six digits
        f"cty{TAX}#",  # the tax code
        "Goi0901234567",  # the phone number
    ],
)
def test_a_password_with_the_id_digits_is_refused_in_vietnamese(password: str) -> None:
    user = person()
    assert "password_contains_id_number" in codes(password, user)
    with pytest.raises(ValidationError) as err:
        IdentityNumberValidator().validate(password, user)
    assert "CCCD" in err.value.messages[0]
    assert "mã số thuế" in err.value.messages[0]


@pytest.mark.parametrize("password", ["nguyenvanan", "Nguyễn Văn An", "nguyenvanan1"])
def test_a_password_like_the_username_or_the_name_is_refused(password: str) -> None:
    assert "password_too_similar" in codes(password, person())


def test_a_password_like_the_cccd_is_refused_by_similarity_too() -> None:
    assert "password_too_similar" in codes(CCCD, person())


def test_an_unrelated_strong_password_passes() -> None:
    validate_password("mua-thu-Ha-Noi-1975", person())  # no error: 1975 is four digits only


def test_short_numbers_and_a_user_without_numbers_are_not_checked() -> None:
    IdentityNumberValidator().validate("ab123456cd", User(username="x", cccd="", phone="12345"))
    IdentityNumberValidator().validate("ab123456cd", None)


def test_the_help_text_is_vietnamese() -> None:
    assert "CCCD" in IdentityNumberValidator().get_help_text()
