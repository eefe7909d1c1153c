"""Demo officials' second factor: fixed secrets from the username, `motcua demo_otp` (DEBUG
only) prints the code the app would show, and the page accepts it."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.otp_demo import demo_devices_ensure, demo_recovery_codes, demo_totp_key
from motcua.accounts.services import user_create_citizen, user_create_official

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(tree) -> None:
    user_create_official(username="tiepnhan.benthanh", full_name="Tiếp Nhận", password="x" * 12)
    user_create_citizen(username="congdan1", full_name="Công Dân", cccd="079085012345")
    assert demo_devices_ensure(["tiepnhan.benthanh", "congdan1", "khongco"]) == 1
    assert demo_devices_ensure(["tiepnhan.benthanh"]) == 0  # a rerun changes nothing


def test_the_secret_and_recovery_codes_are_fixed_per_username(demo: None) -> None:
    device = TOTPDevice.objects.get()
    assert device.user.username == "tiepnhan.benthanh"
    assert device.confirmed
    assert device.key == demo_totp_key("tiepnhan.benthanh")
    assert demo_totp_key("a") != demo_totp_key("b")
    assert len(device.key) == 40
    tokens = set(StaticToken.objects.values_list("token", flat=True))
    assert tokens == set(demo_recovery_codes("tiepnhan.benthanh"))
    assert len(tokens) == 10


def test_demo_otp_prints_the_code_the_page_accepts(
    demo: None, settings: pytest.FixtureRequest
) -> None:
    settings.DEBUG = True
    with time_machine.travel(T0, tick=False):
        out = StringIO()
        call_command("demo_otp", "tiepnhan.benthanh", stdout=out)
        code = out.getvalue().strip()
        assert len(code) == 6
        assert code.isdigit()
        client = Client()
        resp = client.post("/dang-nhap/", {"username": "tiepnhan.benthanh", "password": "x" * 12})
        assert resp["Location"].startswith("/xac-thuc-hai-buoc/")
        resp = client.post(resp["Location"], {"token": code, "next": "/can-bo/"})
        assert resp.status_code == 302
        assert resp["Location"] == "/can-bo/"


def test_demo_otp_is_refused_without_debug_or_a_device(
    demo: None, settings: pytest.FixtureRequest
) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ dùng cho bản trình diễn"):
        call_command("demo_otp", "tiepnhan.benthanh")
    settings.DEBUG = True
    with pytest.raises(CommandError, match="không có thiết bị"):
        call_command("demo_otp", "congdan1")
