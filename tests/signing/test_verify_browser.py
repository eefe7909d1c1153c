"""/xac-thuc/ in a real Chromium: upload the signed result → "Hợp lệ" with the signer; upload
it changed → "Không hợp lệ" and why; open the QR link; axe clean, no CSP violation, no sideways
scroll at 360 px."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.core.pdf import html_to_pdf
from tests.browser.axe import axe_check
from tests.browser.conftest import browser, page, screenshot_dir  # noqa: F401
from tests.browser.test_csp import Violations
from tests.signing.conftest import T0
from tests.signing.test_results_pages import record_result

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clock() -> Iterator[Any]:
    """Here the clock runs from T0: the browser needs time to pass."""
    with time_machine.travel(T0) as traveller:
        yield traveller


def upload(tab: Any, name: str, data: bytes) -> None:
    tab.get_by_label("Tệp PDF").first.set_input_files(
        files=[{"name": name, "mimeType": "application/pdf", "buffer": data}]
    )
    tab.get_by_role("button", name="Kiểm tra", exact=True).click()


def test_verify_a_signed_result_then_a_changed_copy(
    page: Any,  # noqa: F811
    pki: Any,
    screenshot_dir: Any,  # noqa: F811
) -> None:
    _dossier, row, stored = record_result(pki)
    csp = Violations(page)
    page.set_default_timeout(20_000)
    page.goto("/xac-thuc/")
    expect(page.get_by_role("heading", name="Xác thực văn bản điện tử")).to_be_visible()
    axe_check(page, "xác thực (trống)")
    upload(page, "ket-qua.pdf", stored)
    expect(page.get_by_role("heading", name="Hợp lệ", exact=True)).to_be_visible()
    expect(page.locator("#upload-signer")).to_have_text(pki.ward.name)
    expect(page.locator("#upload-match")).to_contain_text(row.code)
    axe_check(page, "xác thực (hợp lệ)")
    page.screenshot(path=str(screenshot_dir / "verification-valid.png"), full_page=True)
    at = stored.index(b"stream") + 40
    upload(page, "da-sua.pdf", stored[:at] + bytes([stored[at] ^ 1]) + stored[at + 1 :])
    expect(page.get_by_role("heading", name="Không hợp lệ")).to_be_visible()
    expect(page.locator("#upload-verdict")).to_contain_text("đã bị sửa đổi sau khi ký")
    axe_check(page, "xác thực (không hợp lệ)")
    upload(page, "chua-ky.pdf", html_to_pdf("<p>chưa ký</p>"))
    expect(page.locator("#upload-verdict")).to_contain_text("không có chữ ký số")
    page.goto(f"/xac-thuc/{row.code}/")
    expect(page.locator("#stored-verdict")).to_have_attribute("data-valid", "true")
    axe_check(page, "xác thực theo mã")
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    csp.assert_none("xác thực")
