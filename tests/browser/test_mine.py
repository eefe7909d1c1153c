""" "Hồ sơ của tôi" in a real Chromium: the citizen uploads the supplement asked for, then
withdraws the dossier through the "Bạn có chắc?" step; no CSP violation, no horizontal scroll
at 360 px. Signed in by copying a `sign_in` session cookie into the browser."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, DossierStatus
from motcua.testing.auth import sign_in
from tests.browser.axe import axe_check
from tests.browser.test_csp import Violations
from tests.dossiers.conftest import World
from tests.portal import mine_steps as steps
from tests.portal.mine_steps import HCM, PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_as(page: Any, live_server: Any, user: Any) -> None:
    client = sign_in(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_supplement_upload_then_withdrawal(page: Any, live_server: Any, world: World) -> None:
    code = steps.needs_supplement(world)
    csp = Violations(page)
    page.set_default_timeout(20_000)  # 2 shared cores: a page may take more than 5 s
    signed_in_as(page, live_server, world.u("citizen"))
    # The clock starts at a fixed instant and runs (the browser needs time to pass).
    with time_machine.travel(datetime(2026, 3, 2, 14, 0, tzinfo=HCM)):
        page.goto("/ho-so-cua-toi/")
        expect(page.get_by_text("Cần bổ sung hồ sơ")).to_be_visible()
        page.get_by_role("link", name="Đăng ký khai sinh thử nghiệm").click()
        expect(page.get_by_role("heading", name="Nộp bổ sung hồ sơ")).to_be_visible()
        page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()  # the browser says: required
        assert page.get_by_label("Tệp cho: Giấy chứng sinh").evaluate(
            "e => e.validity.valueMissing"
        )
        for label, name in (("Bản sao CCCD", "cccd.pdf"), ("Giấy chứng sinh", "sinh.pdf")):
            page.get_by_label(f"Tệp cho: {label}").set_input_files(
                files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}]
            )
        page.get_by_label("Ghi chú cho cán bộ (không bắt buộc)").fill("Đã chụp lại")
        page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
        expect(page.get_by_role("status")).to_contain_text("Đã gửi hồ sơ bổ sung.")
        expect(page.get_by_role("link", name="sinh.pdf")).to_be_visible()
        assert Dossier.objects.get(code=code).status == DossierStatus.SUBMITTED

        page.set_viewport_size({"width": 360, "height": 740})
        assert no_horizontal_scroll(page)
        page.get_by_label("Lý do đề nghị dừng giải quyết").fill("Không còn nhu cầu")
        page.get_by_role("button", name="Tiếp tục").click()
        expect(page.get_by_role("heading", name="Bạn có chắc?")).to_be_visible()
        assert Dossier.objects.get(code=code).status == DossierStatus.SUBMITTED
        page.get_by_role("button", name="Có, dừng giải quyết hồ sơ").click()
        expect(page.locator("#trang-thai")).to_have_text("Dừng theo yêu cầu")
        assert no_horizontal_scroll(page)
    assert Dossier.objects.get(code=code).status == DossierStatus.WITHDRAWN
    csp.assert_none("/ho-so-cua-toi/<code>/")


def test_the_pages_pass_axe(page: Any, live_server: Any, world: World) -> None:
    code = steps.needs_supplement(world)
    steps.received(world)
    page.set_default_timeout(20_000)
    signed_in_as(page, live_server, world.u("citizen"))
    with time_machine.travel(datetime(2026, 3, 2, 14, 0, tzinfo=HCM)):
        for url in ("/ho-so-cua-toi/", f"/ho-so-cua-toi/{code}/", "/thong-bao/"):
            page.goto(url)
            axe_check(page, url)
        page.goto(f"/ho-so-cua-toi/{code}/")
        page.get_by_label("Lý do đề nghị dừng giải quyết").fill("Thôi")
        page.get_by_role("button", name="Tiếp tục").click()
        expect(page.get_by_role("heading", name="Bạn có chắc?")).to_be_visible()
        axe_check(page, "/ho-so-cua-toi/<code>/ (Bạn có chắc?)")
