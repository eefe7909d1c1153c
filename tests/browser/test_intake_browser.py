"""The intake, inspection and agency admin pages in Chromium at 360 px: axe-core finds no
serious or critical issue, nothing scrolls sideways, no CSP violation, and a counter intake
with its scans goes through in the browser to the receipt page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import Role
from motcua.accounts.services import role_grant
from motcua.dossiers.models import Dossier
from motcua.testing.auth import sign_in
from tests.browser.axe import axe_check
from tests.browser.test_csp import LISTEN
from tests.dossiers.conftest import CITIZEN_CCCD, World, _user
from tests.dossiers.test_attachments import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tab(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 360, "height": 740}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.add_init_script(LISTEN)
    yield page
    context.close()


def as_user(tab: Any, live_server: Any, user: Any) -> None:
    client = sign_in(Client(), user)
    session = client.cookies["sessionid"].value
    tab.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def check_page(tab: Any, where: str) -> None:
    assert tab.evaluate("window.__csp || []") == [], where
    wide = tab.evaluate("document.documentElement.scrollWidth")
    assert wide <= 360, f"{where}: {wide} px wide"
    axe_check(tab, where)


def test_a_counter_intake_in_the_browser(
    tab: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    as_user(tab, live_server, world.u("reception"))
    tab.goto("/can-bo/tiep-nhan/")
    check_page(tab, "intake start")
    with tab.expect_navigation():
        tab.get_by_role("link", name="Đăng ký khai sinh thử nghiệm").click()
    check_page(tab, "intake form")
    tab.get_by_label("Số CCCD của người nộp").fill(CITIZEN_CCCD)
    tab.get_by_role("button", name="Điền từ tài khoản").click()
    tab.get_by_label("Họ tên hoặc tên tổ chức").fill("Nguyễn Văn An")
    tab.get_by_label("Mục đích").fill("Đi học")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_bytes())
    for label in ("Tờ khai", "Bản sao CCCD"):
        tab.get_by_label(re.compile(f"^{label}")).set_input_files(str(scan))
    tab.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    tab.get_by_role("heading", name="Đã tiếp nhận hồ sơ").wait_for()
    check_page(tab, "receipt")
    assert Dossier.objects.get().attachments.count() == 2


def test_a_refused_intake_lists_the_errors_first(tab: Any, live_server: Any, world: World) -> None:
    as_user(tab, live_server, world.u("reception"))
    tab.goto(f"/can-bo/tiep-nhan/thu-tuc/{world.simple}/")
    tab.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    tab.locator("#form-errors").wait_for()
    check_page(tab, "intake errors")
    assert not Dossier.objects.exists()


def test_the_inspector_and_admin_pages(tab: Any, live_server: Any, world: World) -> None:
    inspector = _user("inspector", world.city, [])
    role_grant(user=inspector, agency=world.city, role=Role.INSPECTOR, include_descendants=True)
    role_grant(user=inspector, agency=world.ward, role=Role.AGENCY_ADMIN)
    as_user(tab, live_server, inspector)
    for path in ("/can-bo/giam-sat/", "/can-bo/quan-tri/", "/can-bo/quan-tri/quy-trinh/",
                 "/can-bo/quan-tri/can-bo/", "/can-bo/quan-tri/lich/"):  # fmt: skip
        tab.goto(path)
        check_page(tab, path)
