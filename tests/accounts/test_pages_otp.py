"""The officials' second factor: enrolment (QR code, confirm, ten recovery codes shown once),
/xac-thuc-hai-buoc/ with a TOTP or recovery code, throttled failures, and the admin site."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.accounts.otp import FAIL_LIMIT, totp_enrol_start
from motcua.accounts.otp_demo import current_code
from motcua.accounts.services import user_create_citizen, user_create_official
from motcua.core.errors import Conflict
from motcua.core.models import AuditEvent
from motcua.testing.auth import sign_in

VERIFY, ENROL = "/xac-thuc-hai-buoc/", "/tai-khoan/hai-buoc/"
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def officer(tree) -> User:
    return user_create_official(
        username="tiepnhan", full_name="Lê Văn Cán", home_agency=tree.ward, is_staff=True
    )


@pytest.fixture
def device(officer: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=officer, name="app", confirmed=True)


@pytest.fixture
def client_pw(officer: User) -> Client:
    """Signed in with the password only."""
    client = Client()
    client.force_login(officer)
    return client


def verified(client: Client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def test_an_official_without_a_device_is_sent_to_enrol(client_pw: Client) -> None:
    resp = client_pw.get(VERIFY, {"next": "/can-bo/ho-so/"})
    assert resp.status_code == 302
    assert resp["Location"] == "/tai-khoan/hai-buoc/?next=%2Fcan-bo%2Fho-so%2F"


def test_enrolment_shows_a_qr_code_then_ten_recovery_codes_once(
    client_pw: Client, officer: User, clock: time_machine.Coordinates
) -> None:
    # given: the enrolment page, twice (a reload keeps the same secret)
    resp = client_pw.get(ENROL, {"next": "/can-bo/"})
    page = resp.content.decode()
    assert resp.status_code == 200
    assert 'src="data:image/svg+xml' in page
    assert '<label for="id_token">' in page
    assert client_pw.get(ENROL).status_code == 200
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    # when: a wrong code, then the app's code
    resp = client_pw.post(ENROL, {"token": "000000", "next": "/can-bo/"})
    assert resp.status_code == 400
    assert "Mã không đúng" in resp.content.decode()
    clock.shift(timedelta(seconds=60))
    resp = client_pw.post(ENROL, {"token": current_code(device), "next": "/can-bo/"})
    # then: confirmed, second factor passed, ten codes shown
    page = resp.content.decode()
    assert resp.status_code == 200
    assert page.count("<li><code>") == 10
    assert 'href="/can-bo/"' in page
    assert verified(client_pw)
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=officer).count() == 10
    assert AuditEvent.objects.filter(kind="user.second_factor_enrolled").count() == 1
    # and a password alone cannot enrol another device
    with pytest.raises(Conflict):
        totp_enrol_start(user=officer)
    other = Client()
    other.force_login(officer)
    assert other.get(ENROL)["Location"].startswith(VERIFY)


def test_a_totp_code_passes_and_goes_to_next(
    client_pw: Client, device: TOTPDevice, clock: time_machine.Coordinates
) -> None:
    resp = client_pw.get(VERIFY, {"next": "/can-bo/ho-so/"})
    assert resp.status_code == 200
    assert 'value="/can-bo/ho-so/"' in resp.content.decode()
    resp = client_pw.post(VERIFY, {"token": current_code(device), "next": "/can-bo/ho-so/"})
    assert resp.status_code == 302
    assert resp["Location"] == "/can-bo/ho-so/"
    assert verified(client_pw)
    # once passed, the page goes straight on
    assert client_pw.get(VERIFY)["Location"] == "/can-bo/"


def test_an_unsafe_next_goes_to_the_workspace(
    client_pw: Client, device: TOTPDevice, clock: time_machine.Coordinates
) -> None:
    resp = client_pw.post(VERIFY, {"token": current_code(device), "next": "https://evil.example/"})
    assert resp["Location"] == "/can-bo/"


def test_a_recovery_code_works_once(
    client_pw: Client, officer: User, device: TOTPDevice, clock: time_machine.Coordinates
) -> None:
    from motcua.accounts.otp import issue_recovery_codes

    issue_recovery_codes(officer, ["abcd2345", "efgh6789"])
    resp = client_pw.post(VERIFY, {"token": "ABCD 2345"})
    assert resp.status_code == 302
    assert verified(client_pw)
    event = AuditEvent.objects.get(kind="user.recovery_code_used")
    assert event.payload == {"left": 1}
    again = Client()
    again.force_login(officer)
    resp = again.post(VERIFY, {"token": "abcd2345"})
    assert resp.status_code == 400
    assert "Mã xác thực không đúng hoặc đã được dùng." in resp.content.decode()


def test_failures_are_throttled_even_for_the_right_code(
    client_pw: Client, device: TOTPDevice, clock: time_machine.Coordinates
) -> None:
    for _ in range(FAIL_LIMIT):
        assert client_pw.post(VERIFY, {"token": "123456"}).status_code == 400
        clock.shift(timedelta(seconds=40))  # past django-otp's own growing delay
    resp = client_pw.post(VERIFY, {"token": current_code(device)})
    assert resp.status_code == 429
    assert "quá nhiều lần" in resp.content.decode()
    assert not verified(client_pw)
    clock.shift(timedelta(minutes=16))
    assert client_pw.post(VERIFY, {"token": current_code(device)}).status_code == 302


def test_signed_out_and_citizens(client: Client, db: None) -> None:
    assert client.get(VERIFY)["Location"].startswith("/dang-nhap/?next=")
    assert client.get(ENROL)["Location"].startswith("/dang-nhap/?next=")
    citizen = user_create_citizen(username="cd", full_name="Công Dân", cccd="079085012345")
    sign_in(client, citizen)
    assert client.get(VERIFY)["Location"] == "/ho-so-cua-toi/"
    assert client.get(ENROL).status_code == 403


def test_the_admin_asks_an_official_for_the_second_factor(
    client_pw: Client, officer: User, device: TOTPDevice
) -> None:
    resp = client_pw.get("/admin/")
    assert resp.status_code == 302
    resp = client_pw.get(resp["Location"])
    assert resp.status_code == 302
    assert resp["Location"] == "/xac-thuc-hai-buoc/?next=%2Fadmin%2F"
    signed = sign_in(Client(), officer)
    assert signed.get("/admin/").status_code == 200


def test_the_admin_still_serves_a_superuser_and_its_login_page(admin_client: Client) -> None:
    assert admin_client.get("/admin/").status_code == 200
    assert Client().get("/admin/login/").status_code == 200
