"""/quen-mat-khau/: a code through the outbox, the same answer whether the account exists or
not, a new password through `user_set_password` (API tokens revoked), throttled."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.accounts.models import ApiToken, User
from motcua.accounts.services import user_create_citizen
from motcua.accounts.services.registration import CLIENT_LIMIT, password_reset_confirm
from motcua.core.errors import DomainError
from motcua.core.models import AuditEvent, OutboxMessage

OLD, NEW = "mat-khau-cu-2026", "Mat-khau-moi-2026"
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
REQUEST, CONFIRM = "/quen-mat-khau/", "/quen-mat-khau/dat-lai/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def citizen() -> User:
    return user_create_citizen(
        username="congdan",
        full_name="Nguyễn Văn An",
        cccd="079085012345",
        password=OLD,
        phone="0901234567",
    )


def reset_code(user: User) -> str:
    sent = OutboxMessage.objects.filter(user=user, kind="account.password_reset")
    return str(sent.latest("pk").payload["code"])


def test_a_citizen_resets_the_password_with_the_code(
    client: Client, citizen: User, clock: time_machine.Coordinates
) -> None:
    ApiToken.objects.create(user=citizen, key_hash="x" * 64, prefix="abcd")
    # when: the request by CCCD
    resp = client.post(REQUEST, {"login_name": "079085012345"})
    assert resp.status_code == 302
    assert resp["Location"] == CONFIRM
    message = OutboxMessage.objects.get(user=citizen)
    assert (message.channel, message.recipient) == ("sms", "+84901234567")
    page = client.get(CONFIRM).content.decode()
    assert 'value="079085012345"' in page  # the login name carried over
    assert "mã đặt lại mật khẩu đã được gửi" in page
    # when: the code and a new password
    data = {"login_name": "079085012345", "code": reset_code(citizen)}
    resp = client.post(CONFIRM, {**data, "password1": NEW, "password2": NEW})
    # then
    assert resp.status_code == 302
    assert resp["Location"] == "/dang-nhap/"
    citizen.refresh_from_db()
    assert citizen.check_password(NEW)
    assert ApiToken.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(kind="user.password_changed").count() == 1
    assert AuditEvent.objects.filter(kind="user.password_reset_requested").count() == 1
    # the code works once
    resp = client.post(CONFIRM, {**data, "password1": OLD + "x", "password2": OLD + "x"})
    assert resp.status_code == 400
    assert "đã hết hạn hoặc đã được dùng" in resp.content.decode()


def test_an_unknown_name_gets_the_same_answer_and_nothing_is_sent(
    client: Client, citizen: User
) -> None:
    known = client.post(REQUEST, {"login_name": "congdan"}, follow=True).content.decode()
    unknown = Client().post(REQUEST, {"login_name": "khongcoai"}, follow=True).content.decode()

    def scrub(page: str, name: str) -> str:
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        return page.replace(f'value="{name}"', "")

    assert scrub(known, "congdan") == scrub(unknown, "khongcoai")
    assert OutboxMessage.objects.count() == 1


def test_an_unknown_name_on_the_confirm_page_gets_the_wrong_code_message(client: Client) -> None:
    data = {"login_name": "khongcoai", "code": "123456", "password1": NEW, "password2": NEW}
    resp = client.post(CONFIRM, data)
    assert resp.status_code == 400
    assert "Mã xác minh không đúng." in resp.content.decode()


def test_a_weak_password_keeps_the_code_usable(
    client: Client, citizen: User, clock: time_machine.Coordinates
) -> None:
    client.post(REQUEST, {"login_name": "congdan"})
    code = reset_code(citizen)
    data = {"login_name": "congdan", "code": code}
    resp = client.post(CONFIRM, {**data, "password1": "12345678", "password2": "12345678"})
    assert resp.status_code == 400
    assert 'aria-invalid="true"' in resp.content.decode()
    assert client.post(CONFIRM, {**data, "password1": NEW, "password2": NEW}).status_code == 302


def test_an_account_without_phone_or_email_or_inactive_gets_nothing(
    client: Client, citizen: User
) -> None:
    User.objects.filter(pk=citizen.pk).update(phone="")
    client.post(REQUEST, {"login_name": "congdan"})
    User.objects.filter(pk=citizen.pk).update(phone="0901234567", is_active=False)
    client.post(REQUEST, {"login_name": "congdan"})
    assert not OutboxMessage.objects.exists()


def test_requests_are_throttled_per_client_and_sends_per_account(
    citizen: User, clock: time_machine.Coordinates
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(CLIENT_LIMIT):
        assert client.post(REQUEST, {"login_name": "congdan"}).status_code == 302, n
    assert OutboxMessage.objects.count() == 3  # the account's own send limit, silently
    resp = client.post(REQUEST, {"login_name": "congdan"})
    assert resp.status_code == 429
    assert "Quá nhiều yêu cầu" in resp.content.decode()


def test_wrong_codes_are_throttled_per_client(
    citizen: User, clock: time_machine.Coordinates
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.8")
    data = {"login_name": "khongcoai", "code": "123456", "password1": NEW, "password2": NEW}
    for _ in range(CLIENT_LIMIT):
        assert client.post(CONFIRM, data).status_code == 400
    assert client.post(CONFIRM, data).status_code == 429
    with pytest.raises(DomainError) as exc:
        password_reset_confirm(login_name="congdan", code="1", password=NEW, client="203.0.113.8")
    assert exc.value.code == "reset_blocked"


def test_a_wrong_code_for_a_real_account_counts(
    citizen: User, clock: time_machine.Coordinates
) -> None:
    Client().post(REQUEST, {"login_name": "congdan"})
    with pytest.raises(DomainError) as exc:
        password_reset_confirm(login_name="congdan", code="x", password=NEW, client="192.0.2.1")
    assert exc.value.code == "code_invalid"
    clock.shift(timedelta(minutes=11))
    with pytest.raises(DomainError) as exc:
        password_reset_confirm(
            login_name="congdan", code=reset_code(citizen), password=NEW, client="192.0.2.1"
        )
    assert exc.value.code == "code_expired"
