"""Login throttling on /admin/login/ (django-axes): after the failure limit for one username
from one address, even the right password is refused with a Vietnamese page until the cool-off
has passed; other addresses are not affected, so a stranger cannot lock the real user out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory

from motcua.accounts.models import User
from motcua.accounts.throttle import client_ip

LOGIN = "/admin/login/"
PASSWORD = "dung-mat-khau-2026"
ATTACKER, OFFICE = "203.0.113.7", "198.51.100.20"
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def official(db: None) -> User:
    assert not AccessAttempt.objects.exists()  # no test leaves failures behind for the next
    return User.objects.create_user(
        username="tiepnhan", password=PASSWORD, kind="official", is_staff=True
    )


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def login(password: str, address: str, username: str = "tiepnhan") -> tuple[int, Client, str]:
    client = Client(REMOTE_ADDR=address)
    resp = client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})
    return resp.status_code, client, resp.content.decode()


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(times: int, address: str = ATTACKER) -> list[int]:
    return [login("sai-mat-khau", address)[0] for _ in range(times)]


def test_wrong_passwords_then_the_right_one_is_refused_in_vietnamese(
    official: User, clock: time_machine.Coordinates
) -> None:
    # given: the failure limit of wrong passwords from one address
    limit = settings.AXES_FAILURE_LIMIT
    statuses = fail(limit)
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    # when: the right password, from the same address
    status, client, page = login(PASSWORD, ATTACKER)
    # then
    assert status == 429
    assert not signed_in(client)
    assert "Tạm khóa đăng nhập" in page
    assert "15 phút" in page
    assert '<html lang="vi">' in page


def test_thirty_wrong_passwords_do_not_open_the_door(
    official: User, clock: time_machine.Coordinates
) -> None:
    assert set(fail(30)[settings.AXES_FAILURE_LIMIT :]) == {429}
    status, client, _ = login(PASSWORD, ATTACKER)
    assert status == 429
    assert not signed_in(client)


def test_a_stranger_cannot_lock_the_user_out_from_elsewhere(
    official: User, clock: time_machine.Coordinates
) -> None:
    fail(settings.AXES_FAILURE_LIMIT + 3, address=ATTACKER)
    status, client, _ = login(PASSWORD, OFFICE)
    assert status == 302
    assert signed_in(client)


def test_the_lock_ends_after_the_cool_off(official: User, clock: time_machine.Coordinates) -> None:
    fail(settings.AXES_FAILURE_LIMIT)
    clock.shift(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert login(PASSWORD, ATTACKER)[0] == 429
    clock.shift(timedelta(minutes=2))
    status, client, _ = login(PASSWORD, ATTACKER)
    assert status == 302
    assert signed_in(client)


def test_a_success_below_the_limit_resets_the_count(
    official: User, clock: time_machine.Coordinates
) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    fail(limit - 1)
    assert login(PASSWORD, ATTACKER)[0] == 302
    fail(limit - 1)  # counted from zero again: still below the limit
    status, client, _ = login(PASSWORD, ATTACKER)
    assert status == 302
    assert signed_in(client)


def test_failures_are_counted_per_username(official: User, clock: time_machine.Coordinates) -> None:
    User.objects.create_user(username="chuyenvien", password=PASSWORD, is_staff=True)
    fail(settings.AXES_FAILURE_LIMIT)
    status, client, _ = login(PASSWORD, ATTACKER, username="chuyenvien")
    assert status == 302
    assert signed_in(client)


def test_the_defaults_are_five_failures_and_fifteen_minutes() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for(
    official: User, clock: time_machine.Coordinates, settings: pytest.FixtureRequest
) -> None:
    # given: every connection comes from the reverse proxy, which is trusted
    settings.MOTCUA_TRUSTED_PROXIES = ("10.0.0.1",)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    def via_proxy(password: str, forwarded_for: str) -> tuple[int, Client]:
        client = Client(**proxy, HTTP_X_FORWARDED_FOR=forwarded_for)
        resp = client.post(
            LOGIN, {"username": "tiepnhan", "password": PASSWORD if password else "x"}
        )
        return resp.status_code, client

    # when: a stranger exhausts the limit through the proxy
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        via_proxy("", ATTACKER)
    # then: the stranger is locked out, the real user behind the same proxy is not
    assert via_proxy(PASSWORD, ATTACKER)[0] == 429
    status, client = via_proxy(PASSWORD, OFFICE)
    assert status == 302
    assert signed_in(client)


def test_the_addresses_of_one_ipv6_64_share_one_failure_count(
    official: User, clock: time_machine.Coordinates
) -> None:
    # given: each wrong password from a fresh address of the same /64
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(1, limit + 1):
        fail(1, f"2001:db8:7:7::{n:x}")
    # then: yet another address of that /64 is locked out, another /64 is not
    status, client, _ = login(PASSWORD, "2001:db8:7:7:ffff::1")
    assert status == 429
    assert not signed_in(client)
    status, client, _ = login(PASSWORD, "2001:db8:7:8::1")
    assert status == 302
    assert signed_in(client)


def test_axes_is_given_an_ip_address_for_an_ipv6_64(db: None) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:7:7:1:2:3:4")
    assert client_ip(request) == "2001:db8:7:7::"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")) == "203.0.113.7"


def test_a_request_without_an_address_signs_in(official: User) -> None:
    """force_login builds a request without REMOTE_ADDR: axes records no address (PostgreSQL
    refused "unknown" as an inet)."""
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) is None
    client = Client()
    client.force_login(official)
    assert signed_in(client)


def test_a_sign_in_with_no_client_address_is_logged_without_one(official) -> None:
    # a request with no REMOTE_ADDR (Client.force_login, a misconfigured proxy): the log row
    # holds no address (PostgreSQL's inet column refuses the word "unknown")
    Client().force_login(official)
    from axes.models import AccessLog

    assert AccessLog.objects.get(username="tiepnhan").ip_address is None
