"""`user_sign_in_oidc`: the rules behind an identity provider's sign-in, without the HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from motcua.accounts.models import User, UserKind
from motcua.accounts.services import user_create_business, user_create_official
from motcua.accounts.services.oidc import user_sign_in_oidc
from motcua.core.errors import DomainError
from motcua.core.models import AuditEvent

ISSUER = "https://sso.example.gov.vn"
CCCD = "079203001234"
AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def sign_in(**overrides: object) -> User:
    args: dict = {"issuer": ISSUER, "subject": "s1", "cccd": CCCD, "full_name": "An", "at": AT}
    return user_sign_in_oidc(**{**args, **overrides})


def test_username_is_the_cccd_unless_taken() -> None:
    user_create_official(username=CCCD, full_name="Trùng tên đăng nhập")

    user = sign_in()

    assert user.username.startswith(f"{CCCD}-")
    assert user.kind == UserKind.CITIZEN


def test_name_with_control_characters_is_dropped_and_long_names_cut() -> None:
    assert sign_in(full_name="An\x00").full_name == ""
    other = sign_in(cccd="079085012345", full_name="A" * 300)
    assert len(other.full_name) == 200


def test_a_business_representative_gets_a_citizen_account_of_their_own() -> None:
    user_create_business(
        username="dn", full_name="An", tax_code="0301234562", organisation_name="Cty", cccd=CCCD
    )

    assert sign_in().kind == UserKind.CITIZEN
    assert User.objects.filter(cccd=CCCD).count() == 2


def test_another_issuer_links_again() -> None:
    sign_in()
    user = sign_in(issuer="https://dichvucong.example.gov.vn")

    assert user.idp_issuer == "https://dichvucong.example.gov.vn"
    assert AuditEvent.objects.filter(kind="account.oidc_linked").count() == 1


def test_invalid_cccd_changes_nothing() -> None:
    with pytest.raises(DomainError) as caught:
        sign_in(cccd="999203001234")

    assert caught.value.code == "oidc_cccd_invalid"
    assert not User.objects.exists()


def test_a_concurrent_first_sign_in_of_the_same_person_is_joined(monkeypatch) -> None:
    """Our look-up ran before the other sign-in committed its new account (simulated: the
    look-up misses once); the insert then fails and the other account is used."""
    from motcua.accounts.services import oidc as service

    first = sign_in()
    real = service._citizen
    calls: list[str] = []

    def miss_once(number: str) -> User | None:
        calls.append(number)
        return None if len(calls) == 1 else real(number)

    monkeypatch.setattr(service, "_citizen", miss_once)

    assert sign_in() == first
    assert calls == [CCCD, CCCD]
    assert User.objects.count() == 1
    assert AuditEvent.objects.filter(kind="account.oidc_verified").count() == 1


def test_a_username_race_without_a_citizen_is_an_error(monkeypatch) -> None:
    from motcua.accounts.services import oidc as service

    user_create_official(username="bi-chiem", full_name="Cán bộ")
    monkeypatch.setattr(service, "_free_username", lambda cccd: "bi-chiem")

    with pytest.raises(DomainError) as caught:
        sign_in()

    assert caught.value.code == "username_taken"
    assert User.objects.count() == 1
