"""The Content-Security-Policy holds in a real browser: the public pages (with their htmx
search), tracking, the lockout page, Swagger UI at /api/v1/docs and the admin run without a
single CSP violation. Violations are caught twice: the page's `securitypolicyviolation` events
(listener added before any page script) and Chromium's console errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import User
from tests.browser.test_portal_pages import catalogue, dossier_with_apology
from tests.dossiers.conftest import CITIZEN_CCCD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Violations:
    """Collects CSP violations of one browser tab, across navigations."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._on_console)

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def assert_none(self, where: str) -> None:
        events = self.page.evaluate("window.__csp || []")
        assert events == [], f"{where}: {events}"
        assert self.console == [], f"{where}: {self.console}"


@pytest.fixture
def csp(page: Any) -> Violations:
    # Swagger UI's bundle is 1.5 MB of script: on a loaded machine 5 s is not always enough.
    page.set_default_timeout(20_000)
    return Violations(page)


def test_catalogue_pages_run_without_csp_violations(page: Any, csp: Violations) -> None:
    catalogue()
    page.goto("/")
    header = page.locator(".site-header")
    expect(header).to_have_css("background-color", "rgb(164, 22, 26)")  # site.css applied
    page.get_by_label("Từ khóa").fill("dang ky ket hon")  # htmx search while typing
    expect(page.locator(".result-name a").first).to_have_text("Đăng ký kết hôn")
    expect(page).to_have_url(re.compile(r"q=dang"))  # htmx pushed the URL: htmx ran
    csp.assert_none("/ (search)")
    page.locator(".result-name a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký kết hôn")
    csp.assert_none("/thu-tuc/")


def test_tracking_pages_run_without_csp_violations(
    page: Any, csp: Violations, world: World
) -> None:
    code = dossier_with_apology(world)
    page.goto("/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_label("4 số cuối").fill(CITIZEN_CCCD[-4:])
    page.get_by_role("button", name="Xem chi tiết").click()
    expect(page.locator(".applicant")).to_be_visible()
    csp.assert_none("/tra-cuu/<code>/")


def test_swagger_ui_runs_under_the_csp(page: Any, csp: Violations) -> None:
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Một Cửa API")
    operation = page.locator(".opblock-summary").first
    expect(operation).to_be_visible()
    operation.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    csp.assert_none("/api/v1/docs")


def test_admin_and_lockout_pages_run_under_the_csp(
    page: Any, csp: Violations, world: World
) -> None:
    User.objects.create_superuser(username="quantri", password="Quan-tri-Thanh-pho-2026")
    page.goto("/admin/login/")
    for _ in range(2):
        page.get_by_label("Tên đăng nhập").fill("quantri")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
    csp.assert_none("/admin/login/ (wrong password)")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("Quan-tri-Thanh-pho-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    for path in ("/admin/accounts/user/", "/admin/accounts/user/add/", "/admin/accounts/agency/"):
        page.goto(path)
        expect(page.locator("#content")).to_be_visible()
        csp.assert_none(path)
    page.goto(f"/admin/accounts/user/{world.u('reception').pk}/change/")
    expect(page.locator("#user_form, form").first).to_be_visible()
    csp.assert_none("user change form")


def test_the_lockout_page_runs_under_the_csp(page: Any, csp: Violations, settings: Any) -> None:
    User.objects.create_user(username="chuyenvien", password="x", is_staff=True)
    page.goto("/admin/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Tên đăng nhập").fill("chuyenvien")
        page.get_by_label("Mật khẩu").fill("sai")
        page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tạm khóa đăng nhập")
    csp.assert_none("lockout page")
