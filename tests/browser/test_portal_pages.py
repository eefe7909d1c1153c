"""The public pages in a real Chromium: catalogue search, dossier tracking, keyboard access.
Screenshots for the docs go to docs/screenshots/ (home.png, tracking.png)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.accounts.models import Agency, AgencyKind
from motcua.catalog.models import Field
from motcua.catalog.services import (
    DocumentData,
    FeeData,
    ProcedureData,
    procedure_draft_save,
    procedure_publish,
)
from motcua.dossiers.services import lateness, processing, reception
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import CITIZEN_CCCD, World, applicant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
WARD = "000.00.31.H29"
NAME = "Nguyễn Văn An"


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def publish(code: str, name: str, field: str = "HT", **extra: Any) -> None:
    data = ProcedureData(
        code=code,
        name=name,
        field_code=field,
        level="commune",
        time_limit_value=Decimal(5),
        time_limit_unit="working_days",
        applicants="Công dân Việt Nam",
        result_type="Giấy chứng nhận kết hôn",
        agency_codes=[WARD],
        online_type="partial",
        **extra,
    )
    procedure_publish(version=procedure_draft_save(data=data))


def catalogue() -> None:
    Field.objects.create(code="HT", name="Hộ tịch")
    Field.objects.create(code="XD", name="Xây dựng")
    Agency.objects.create(
        code=WARD, name="UBND phường Bến Thành", short_name="P. Bến Thành", kind=AgencyKind.WARD
    )
    publish(
        "1.000894",
        "Đăng ký kết hôn",
        documents=[
            DocumentData(name="Tờ khai đăng ký kết hôn", template_name="Mẫu TP/HT-2020-KH"),
            DocumentData(name="Giấy xác nhận tình trạng hôn nhân"),
        ],
        fees=[
            FeeData(
                kind="charge",
                description="Lệ phí cấp bản sao trích lục kết hôn",
                amount=8000,
                condition="Mỗi bản sao",
            )
        ],
    )
    publish("1.001022", "Đăng ký kết hôn có yếu tố nước ngoài")
    publish("1.000656", "Đăng ký lại kết hôn")
    publish("1.004873", "Xác nhận tình trạng hôn nhân")
    publish("1.001191", "Đăng ký khai sinh")
    publish("1.009994", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", field="XD")


def test_search_without_diacritics_then_open_the_procedure(page: Any, screenshot_dir: Path) -> None:
    catalogue()
    page.goto("/")
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(164, 22, 26)")
    page.get_by_label("Từ khóa").fill("dang ky ket hon")
    page.get_by_role("button", name="Tìm kiếm").click()
    first = page.locator(".result-name a").first
    expect(first).to_have_text("Đăng ký kết hôn")
    expect(page.locator(".results-count")).to_contain_text("Tìm thấy")
    page.mouse.move(0, 0)  # no hover state in the picture
    page.screenshot(path=screenshot_dir / "home.png", full_page=True)
    first.click()
    expect(page).to_have_url(re.compile(r"/thu-tuc/1\.000894/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký kết hôn")
    documents = page.locator("section[aria-labelledby='h-hoso'] table")
    expect(documents).to_contain_text("Tờ khai đăng ký kết hôn")
    expect(documents).to_contain_text("Giấy xác nhận tình trạng hôn nhân")
    fees = page.locator("section[aria-labelledby='h-phi'] table")
    expect(fees).to_contain_text("Lệ phí cấp bản sao trích lục kết hôn")
    expect(fees).to_contain_text("8.000 đồng")


def dossier_with_apology(w: World) -> str:
    """Received Monday 2/3/2026 09:00 (due 05/03 17:00), first step done on Tuesday, then an
    apology moving the appointment to 10/03."""
    with at(2026, 3, 2, 9, 0):
        d, _ = dossier_submit(
            actor=w.u("citizen"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "Đi học"},
        )
        reception.dossier_receive(actor=w.u("reception"), code=d.code)
    with at(2026, 3, 3, 9, 0):
        step = d.steps.get(status="active")
        processing.step_complete(
            actor=w.u("specialist"), code=d.code, step_id=step.pk, outcome="approve"
        )
        lateness.apology_issue(
            actor=w.u("signer"),
            code=d.code,
            reason="Chờ kết quả xác minh của Công an phường",
            new_due=date(2026, 3, 10),
        )
    return d.code


def test_tracking_shows_status_and_appointment_and_guards_personal_data(
    page: Any, world: World, screenshot_dir: Path
) -> None:
    code = dossier_with_apology(world)
    page.goto("/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page).to_have_url(re.compile(rf"/tra-cuu/{re.escape(code)}/$"))
    expect(page.locator("#trang-thai")).to_have_text("Đang xử lý")
    facts = page.locator("section[aria-labelledby='h-thongtin']")
    expect(facts).to_contain_text("17:00 05/03/2026")
    expect(facts).not_to_contain_text("Đăng ký khai sinh thử nghiệm")  # needs the secret
    callout = page.locator(".callout-apology")
    expect(callout).to_be_visible()
    expect(callout).to_contain_text("17:00 10/03/2026")
    expect(callout).not_to_contain_text("Chờ kết quả xác minh của Công an phường")
    expect(page.locator(".track-steps")).to_have_count(0)

    page.get_by_label("4 số cuối").fill("0000")
    page.get_by_role("button", name="Xem chi tiết").click()
    expect(page.get_by_role("alert")).to_contain_text("không khớp")
    expect(page.get_by_text(NAME)).to_have_count(0)

    page.get_by_label("4 số cuối").fill(CITIZEN_CCCD[-4:])
    page.get_by_role("button", name="Xem chi tiết").click()
    expect(page.locator(".applicant")).to_contain_text(NAME)
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(facts).to_contain_text("Đăng ký khai sinh thử nghiệm")
    expect(callout).to_contain_text("Chờ kết quả xác minh của Công an phường")
    expect(page.locator(".track-steps")).to_contain_text("Trước hạn")
    page.mouse.move(0, 0)
    page.screenshot(path=screenshot_dir / "tracking.png", full_page=True)


@pytest.mark.parametrize("path", ["/", "/tra-cuu/"])
def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(page: Any, path: str) -> None:
    page.goto(path)
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_class("skip-link")
    expect(focused).to_have_attribute("href", "#noi-dung")
    expect(focused).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#noi-dung")).to_be_focused()
