"""The applicant pays in the simulator through a real Chromium: dossier page → pay page →
"Thanh toán qua VNPAY" → the simulator's page → Approve → back on our return page, which shows
the state the IPN set → the receipt downloads. Axe clean, no CSP violation, 360 px wide."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.payments.models import Payment, PaymentStatus
from motcua.testing.vnpay_sim import Simulator
from tests.browser.axe import axe_check
from tests.browser.conftest import browser, page, screenshot_dir  # noqa: F401 (fixtures)
from tests.browser.test_csp import Violations
from tests.browser.test_mine import no_horizontal_scroll, signed_in_as
from tests.payments.conftest import HCM, PayWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_applicant_pays_in_the_simulator_and_downloads_the_receipt(
    page: Any,  # noqa: F811
    live_server: Any,
    pay_world: PayWorld,
    vnpay_sim: Simulator,
    screenshot_dir: Path,  # noqa: F811
) -> None:
    code = pay_world.code
    csp = Violations(page)
    page.set_default_timeout(20_000)
    signed_in_as(page, live_server, pay_world.w.u("citizen"))
    with time_machine.travel(datetime(2026, 3, 2, 14, 0, tzinfo=HCM)):
        page.goto(f"/ho-so-cua-toi/{code}/")
        expect(page.locator("#thanh-toan")).to_contain_text("Số tiền phải nộp: 15.000 đồng.")
        axe_check(page, "/ho-so-cua-toi/<code>/")
        page.get_by_role("link", name="Thanh toán phí, lệ phí").click()
        expect(page.locator("#so-tien")).to_contain_text("15.000 đồng")
        axe_check(page, "/ho-so-cua-toi/<code>/thanh-toan/")
        page.set_viewport_size({"width": 360, "height": 740})
        assert no_horizontal_scroll(page)
        page.get_by_role("button", name="Thanh toán qua VNPAY").click()
        expect(page.locator("#amount")).to_have_text("15.000 VND")
        page.screenshot(path=str(screenshot_dir / "payment-simulator.png"), full_page=True)
        page.get_by_role("button", name="Đồng ý thanh toán", exact=True).click()
        expect(page.locator("#trang-thai-thanh-toan")).to_have_text("Đã thanh toán")
        axe_check(page, "/thanh-toan/vnpay/ket-qua/")
        assert no_horizontal_scroll(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải biên lai điện tử").click()
        pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    payment = Payment.objects.get(dossier__code=code)
    assert payment.status == PaymentStatus.PAID
    assert payment.receipt_sha256
    csp.assert_none("payment pages")
