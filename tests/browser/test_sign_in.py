"""In a real browser, by keyboard: an official signs in with the password and the code an
authenticator app (here `demo_otp`'s computation) shows; a citizen registers, types the code
from the outbox and lands signed in. axe-core finds no serious or critical issue on the pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from motcua.accounts.otp_demo import current_code, demo_devices_ensure
from motcua.accounts.services import agency_create, user_create_official
from motcua.core.models import OutboxMessage
from tests.browser.axe import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-dai-2026"


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(20_000)  # two cores shared by many runs


def test_an_official_signs_in_with_password_and_code(page: Any) -> None:
    ward = agency_create(code="000.02.90.H29", name="UBND phường", short_name="P.", kind="ward")
    user_create_official(
        username="tiepnhan.benthanh", full_name="Lê Văn Cán", home_agency=ward, password=PASSWORD
    )
    demo_devices_ensure(["tiepnhan.benthanh"])
    page.goto("/dang-nhap/")
    axe_check(page, "/dang-nhap/")
    page.get_by_label("Tên đăng nhập, số CCCD hoặc mã số thuế").fill("tiepnhan.benthanh")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/xac-thuc-hai-buoc/\?next=%2Fcan-bo%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác thực hai bước")
    axe_check(page, "/xac-thuc-hai-buoc/")
    page.get_by_label("Mã xác thực").fill("000000")
    page.keyboard.press("Enter")
    expect(page.locator("#form-errors")).to_contain_text("Mã xác thực không đúng")
    axe_check(page, "/xac-thuc-hai-buoc/ (error)")
    device = TOTPDevice.objects.get(user__username="tiepnhan.benthanh")
    device.throttle_reset()  # django-otp's own delay after the wrong code
    page.get_by_label("Mã xác thực").fill(current_code(device))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/can-bo/$"))


def test_a_citizen_registers_and_lands_signed_in(page: Any) -> None:
    page.goto("/dang-ky/")
    axe_check(page, "/dang-ky/")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    page.get_by_label("Số CCCD").fill("079185012345")
    page.get_by_label("Số điện thoại di động").fill("0901234567")
    page.get_by_label("Mật khẩu:", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").press("Enter")
    expect(page).to_have_url(re.compile(r"/dang-ky/xac-minh/$"))
    expect(page.locator("main")).to_contain_text("+84901234567")
    axe_check(page, "/dang-ky/xac-minh/")
    code = OutboxMessage.objects.get(kind="account.verify").payload["code"]
    page.get_by_label("Mã xác minh").fill(code)
    page.get_by_label("Mã xác minh").press("Enter")
    expect(page).to_have_url(re.compile(r"/ho-so-cua-toi/$"))
    page.goto("/")
    expect(page.locator(".account-name")).to_have_text("Nguyễn Thị Hoa")
    page.get_by_role("button", name="Đăng xuất").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()


def test_an_official_enrols_an_app_at_phone_width_without_csp_violations(page: Any) -> None:
    from tests.browser.test_csp import Violations

    csp = Violations(page)
    page.set_viewport_size({"width": 360, "height": 740})
    user_create_official(username="chuyenvien", full_name="Phạm Thị Duyên", password=PASSWORD)
    page.goto("/dang-nhap/?next=/can-bo/ho-so/")
    page.get_by_label("Tên đăng nhập, số CCCD hoặc mã số thuế").fill("chuyenvien")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tai-khoan/hai-buoc/\?next=%2Fcan-bo%2Fho-so%2F$"))
    qr = page.get_by_alt_text("Mã QR để thêm tài khoản vào ứng dụng xác thực")
    expect(qr).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page, "/tai-khoan/hai-buoc/")
    csp.assert_none("/tai-khoan/hai-buoc/ (QR data: image)")
    device = TOTPDevice.objects.get(user__username="chuyenvien")
    page.get_by_label("Mã 6 chữ số trong ứng dụng").fill(current_code(device))
    page.keyboard.press("Enter")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    axe_check(page, "recovery codes")
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    expect(page).to_have_url(re.compile(r"/can-bo/ho-so/$"))
