"""The officials' workspace in a real Chromium, JavaScript pages and forms as officials use
them: reception receives an online dossier, a specialist claims and completes the review, the
unit head approves, the signer signs; no CSP violation, a PDF in the viewer, no horizontal
scroll at 360 px. Each official signs in by copying a `sign_in` session cookie (second factor
included) into the browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier, DossierStatus, StepInstance, StepStatus
from motcua.dossiers.services.attachments import attachment_add
from motcua.dossiers.services.process import process_create, process_publish
from motcua.testing.auth import sign_in
from tests.browser.axe import axe_check
from tests.browser.test_csp import Violations
from tests.dossiers.conftest import World, _procedure, _step
from tests.dossiers.test_attachments import pdf_bytes
from tests.workspace.helpers import online

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADED = "9.000003"


def headed_procedure(w: World) -> None:
    """review (specialist) → check (unit head) → sign (signer), all at the receiving ward."""
    _procedure(HEADED, "Cấp bản sao trích lục thử nghiệm", 3, [w.ward])
    process = process_create(
        procedure=Procedure.objects.get(code=HEADED),
        name="Có trưởng phòng",
        steps=[
            _step("review", Role.SPECIALIST, 8),
            _step("check", Role.UNIT_HEAD, 8),
            _step("sign", Role.SIGNER, 8),
        ],
        edges=[
            {"source": None, "target": "review"},
            {"source": "review", "target": "check"},
            {"source": "check", "target": "sign"},
            {"source": "sign", "target": None},
        ],
    )
    process_publish(process=process)


def become(page: Any, live_server: Any, user: Any) -> None:
    client = sign_in(Client(), user)
    page.context.clear_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def confirm(page: Any) -> None:
    page.get_by_role("button", name="Xác nhận").click()


def complete(page: Any, code: str, step: str, note: str) -> None:
    page.goto(f"/can-bo/ho-so/{code}/")
    page.get_by_role("link", name=f"Xử lý bước: {step}").click()
    page.get_by_label("Đồng ý, chuyển bước tiếp").check()
    page.get_by_label("Ý kiến xử lý").fill(note)
    confirm(page)
    expect(page.locator(".messages")).to_contain_text("Đã xử lý bước.")


def test_a_dossier_through_reception_specialist_head_and_signer(
    page: Any, live_server: Any, world: World, screenshot_dir: Path
) -> None:
    w = world
    headed_procedure(w)
    code = online(w, HEADED)
    upload = SimpleUploadedFile("to-khai.pdf", pdf_bytes(), content_type="application/pdf")
    attachment_add(actor=w.u("citizen"), dossier=Dossier.objects.get(code=code), upload=upload)
    page.set_default_timeout(30_000)  # the first workspace page builds the calendar; a loaded CI
    csp = Violations(page)

    become(page, live_server, w.u("reception"))
    page.goto("/can-bo/")
    page.get_by_role("link", name="Hồ sơ chờ kiểm tra, tiếp nhận").first.click()
    page.get_by_role("link", name=code).click()
    page.locator("summary", has_text="to-khai.pdf").click()
    expect(page.locator("iframe.ws-viewer")).to_be_visible()
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    confirm(page)
    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận hồ sơ.")

    become(page, live_server, w.u("specialist"))
    page.goto("/can-bo/viec/specialist/")
    page.get_by_role("link", name=code).click()
    page.get_by_role("link", name="Nhận xử lý: Review").click()
    confirm(page)
    expect(page.locator(".messages")).to_contain_text("Đã nhận xử lý.")
    complete(page, code, "Review", "Hồ sơ hợp lệ")

    become(page, live_server, w.u("head"))
    complete(page, code, "Check", "Đồng ý")

    become(page, live_server, w.u("signer"))
    complete(page, code, "Sign", "Ký")
    expect(page.get_by_role("link", name="Ghi nhận kết quả giải quyết")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "workspace-dossier.png"), full_page=True)
    axe_check(page, "dossier after signing")
    page.get_by_role("link", name="Ghi nhận kết quả giải quyết").click()
    page.get_by_role("button", name="Xác nhận").click()  # empty summary: errors on the page
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page, "record result errors")
    page.goto("/can-bo/")
    page.screenshot(path=str(screenshot_dir / "workspace-home.png"), full_page=True)
    axe_check(page, "workspace home")
    page.goto("/can-bo/viec/clerk/?ds=record")
    expect(page.get_by_role("link", name=code)).to_be_visible()
    axe_check(page, "clerk record list")
    csp.assert_none("workspace")

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/can-bo/ho-so/{code}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page, "dossier at 360 px")  # the tables scroll in regions reachable by keyboard

    dossier = Dossier.objects.get(code=code)
    assert dossier.status == DossierStatus.IN_PROGRESS
    steps = StepInstance.objects.filter(dossier=dossier).order_by("id")
    assert [(s.step.key, s.status) for s in steps] == [
        ("review", StepStatus.DONE),
        ("check", StepStatus.DONE),
        ("sign", StepStatus.DONE),
    ]
