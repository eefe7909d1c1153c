"""An official document across two agencies in the browser (Decree 30/2020/NĐ-CP Arts. 13–15,
21–22; docs/documents.md): the ward's specialist drafts a decision addressed to the department,
the leader approves it, the clerk numbers, signs and issues it; the department's clerk receives
it from "Văn bản chờ tiếp nhận" and the department head assigns it to the lead unit; the
department's leader assigns a task from it (giao việc), the unit's specialist completes it and the
leader sees it done on time on the task dashboard. axe runs on the drafting form, the pending
page and the dashboard."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from motcua.accounts.models import Role, User
from motcua.accounts.services import role_grant
from motcua.directives.models import Task
from motcua.documents.models import IncomingDocument, OutgoingDocument
from tests.browser.axe import axe_check
from tests.browser.test_workspace import become, confirm
from tests.documents import conftest as documents
from tests.documents.conftest import City

# the town of tests/documents with the demo PKI and the TSA, for this module
clock, town, signing_pki = documents.clock, documents.town, documents.signing_pki

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def step(page: Any, doc: OutgoingDocument, link: str, done: str) -> None:
    page.goto(f"/can-bo/van-ban/di/{doc.pk}/")
    page.get_by_role("link", name="Trình duyệt, duyệt, ban hành").click()
    page.get_by_role("link", name=link, exact=True).click()
    confirm(page)
    expect(page.locator(".messages")).to_contain_text(done)


def rendered_page(pdf: bytes, png: Path) -> None:
    """Page 1 of the issued PDF as a picture, for docs/screenshots (poppler's pdftoppm, only
    when the pictures are refreshed: MOTCUA_SCREENSHOTS=1)."""
    if os.environ.get("MOTCUA_SCREENSHOTS") != "1":
        return
    source = png.with_suffix(".pdf")
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-singlefile", str(source), str(png.with_suffix(""))],
        check=True,
    )
    source.unlink()


def test_a_decision_drafted_approved_issued_received_and_assigned(
    page: Any, live_server: Any, signing_pki: City, screenshot_dir: Path
) -> None:
    c = signing_pki
    become(page, live_server, c.u("drafter"))
    page.goto("/can-bo/van-ban/di/moi/")
    axe_check(page, "drafting form")
    page.get_by_label("Loại văn bản").select_option(label="Quyết định")
    page.get_by_label("Chữ viết tắt tên cơ quan ban hành").fill("UBND")
    page.get_by_label("Trích yếu").fill("Về việc thành lập Tổ công tác chuyển đổi số")
    page.get_by_label("Nội dung").fill(
        "Điều 1. Thành lập Tổ công tác chuyển đổi số của Phường.\n"
        "Điều 2. Quyết định có hiệu lực từ ngày ký."
    )
    page.get_by_label("Địa danh").fill("Thành phố Hồ Chí Minh")
    page.get_by_label(c.dept.name, exact=True).check()
    page.get_by_label("Nơi nhận khác (mỗi dòng một tên)").fill("Văn phòng UBND Thành phố")
    page.get_by_label("Thẩm quyền ký").select_option("KT")
    page.get_by_label("Ký thay, thay mặt hoặc thừa lệnh cho").fill("Chủ tịch")
    page.get_by_label("Chức vụ người ký").fill("Phó Chủ tịch")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu dự thảo văn bản.")
    doc = OutgoingDocument.objects.get(agency=c.ward)
    step(page, doc, "Trình duyệt", "Đã trình văn bản lên lãnh đạo duyệt.")

    become(page, live_server, c.u("leader"))
    step(page, doc, "Duyệt", "Đã duyệt văn bản")

    become(page, live_server, c.u("clerk"))
    step(page, doc, "Cấp số, ký số và ban hành", "Đã cấp số, ký số và ban hành văn bản.")
    expect(page.locator("h1")).to_contain_text("01/QĐ-UBND")
    expect(page.locator(".facts")).to_contain_text("Đã ban hành")
    doc.refresh_from_db()
    pdf = doc.pdf.read()
    printed = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "KT." in printed, printed
    assert "PHÓ CHỦ TỊCH" in printed, printed
    rendered_page(pdf, screenshot_dir / "documents-rendered.png")

    become(page, live_server, c.u("dept_clerk"))
    page.goto("/can-bo/van-ban/den/cho-nhan/")
    axe_check(page, "pending documents")
    page.get_by_role("button", name="Tiếp nhận 01/QĐ-UBND").click()
    expect(page.locator(".messages")).to_contain_text("số đến 1")
    received = IncomingDocument.objects.get(agency=c.dept, source=doc)
    page.goto("/can-bo/van-ban/den/")
    expect(page.get_by_role("row", name="01/QĐ-UBND")).to_contain_text(c.ward.name)
    page.screenshot(path=str(screenshot_dir / "documents-incoming-register.png"), full_page=True)

    become(page, live_server, c.u("dept_head"))
    page.goto(f"/can-bo/van-ban/den/{received.pk}/")
    page.get_by_label("Đơn vị chủ trì").select_option(label=c.division.name)
    page.get_by_role("button", name="Phân công").click()
    expect(page.locator(".messages")).to_contain_text("Đã phân công giải quyết văn bản.")
    received.refresh_from_db()
    assert received.lead_unit == c.division

    # the department's leader assigns a task from the document to the lead unit
    leader = User.objects.create_user(username="dept_leader", password="x-test", kind="official")
    role_grant(user=leader, agency=c.dept, role=Role.SIGNER)
    become(page, live_server, leader)
    page.goto("/can-bo/giao-viec/giao/")
    page.get_by_label("Nguồn giao").select_option(value="document")
    page.get_by_label("Căn cứ giao").fill("Quyết định số 01/QĐ-UBND")
    page.get_by_label("Mã văn bản trong hệ thống (nếu có)").fill(str(doc.pk))
    page.get_by_label("Nội dung nhiệm vụ").fill("Lập danh sách Tổ công tác")
    page.get_by_label("Cơ quan chủ trì").select_option(label=c.division.name)
    page.get_by_label("Thời hạn (ngày làm việc)").fill("5")
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.locator(".messages")).to_contain_text("Đã giao nhiệm vụ, hạn")
    task = Task.objects.get(source_document=doc)

    become(page, live_server, c.u("div_specialist"))
    page.goto(f"/can-bo/giao-viec/{task.pk}/")
    page.get_by_role("link", name="Xác nhận hoàn thành").click()
    page.get_by_label("Kết quả thực hiện").fill("Đã lập danh sách.")
    confirm(page)
    expect(page.locator(".messages")).to_contain_text("Nhiệm vụ đã hoàn thành.")

    become(page, live_server, leader)
    page.goto("/can-bo/giao-viec/thong-ke/")
    axe_check(page, "task dashboard")
    row = page.get_by_role("row", name=c.division.name)
    expect(row.get_by_role("cell")).to_have_text(["1", "1", "0", "0", "0", "100,0%"])
    page.screenshot(path=str(screenshot_dir / "tasks-dashboard.png"), full_page=True)
    task.refresh_from_db()
    assert task.completed_on_time is True
