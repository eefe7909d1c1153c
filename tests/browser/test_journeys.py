"""The whole journey on the demo city, in a real Chromium, as people use the pages: a person who
has never used the platform finds "Đăng ký khai sinh" from the home page on a 360 px phone,
registers, submits online with attachments; the ward's officials sign in with their password and
second factor and move the dossier through reception, review, the unit head, the signing leader
and the clerk; the result is returned electronically and the citizen downloads it.

A second test runs the loops around it: a supplement asked at reception and sent from "Hồ sơ của
tôi", a late dossier with the head's apology seen by the citizen, and a withdrawal.

Screenshots of every screen of the phone path go to the screenshot folder (docs/screenshots/
with MOTCUA_SCREENSHOTS=1): `phone-NN-*.png`; the README shows the main ones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from motcua.accounts.otp_demo import current_code
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier, DossierStatus
from tests.browser.axe import axe_check
from tests.browser.test_csp import Violations
from tests.dossiers.test_attachments import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_PASSWORD = "motcua-demo"
PASSWORD = "Mat-khau-dai-2026"
KHAI_SINH = "1.001193"
PHONE = {"width": 360, "height": 740}
TIMEOUT_MS = 30_000  # two cores shared with the rest of the suite


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    """Wednesday 2 December 2026, 08:00 in Ho Chi Minh City, standing still unless moved."""
    with time_machine.travel(datetime(2026, 12, 2, 8, 0, tzinfo=HCM), tick=False) as traveller:
        yield traveller


@pytest.fixture
def demo_city(clock: time_machine.Coordinates) -> time_machine.Coordinates:
    call_command("seed_demo", verbosity=0)
    return clock


class Screens:
    """Numbers and saves each screen a person sees, so the note can say how many there were."""

    def __init__(self, page: Any, folder: Path, *, axe: bool = True) -> None:
        # axe-core needs the page's JavaScript (its checks run on timers): off in a tab without it
        self.page, self.folder, self.names, self.axe = page, folder, [], axe

    def shot(self, name: str) -> None:
        self.names.append(name)
        path = self.folder / f"phone-{len(self.names):02d}-{name}.png"
        try:
            self.page.screenshot(path=str(path), full_page=False)
        except PlaywrightError:
            # Chromium now and then answers "Unable to capture screenshot" on a loaded
            # machine (the compositor had no frame yet): the page is there, capture it again
            self.page.wait_for_timeout(500)
            self.page.screenshot(path=str(path), full_page=False)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name}: {width}px wide"
        if self.axe:
            axe_check(self.page, name)


def new_tab(
    browser: Any, live_server: Any, viewport: dict[str, int] | None = None, *, js: bool = True
) -> Any:
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport=viewport or PHONE,
        java_script_enabled=js,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def sign_in_official(page: Any, clock: time_machine.Coordinates, username: str) -> None:
    """Password, then the code the official's authenticator shows (the demo device's TOTP).
    A minute passes first: a TOTP code is accepted once, so each sign-in needs its own."""
    clock.shift(60)
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập, số CCCD hoặc mã số thuế").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    device = TOTPDevice.objects.get(user__username=username)
    page.get_by_label("Mã xác thực").fill(current_code(device))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(re.compile(r"/can-bo/$"))


def confirm(page: Any) -> None:
    page.get_by_role("button", name="Xác nhận").click()


def act(page: Any, code: str, link: str, done: str, fill: dict[str, str] | None = None) -> None:
    page.goto(f"/can-bo/ho-so/{code}/")
    page.get_by_role("link", name=link, exact=True).click()
    for label, value in (fill or {}).items():
        page.get_by_label(label).fill(value)
    confirm(page)
    expect(page.locator(".messages")).to_contain_text(done)


def work_step(page: Any, code: str, step: str, note: str) -> None:
    """Claim the step if it still needs claiming, then approve it with a note."""
    page.goto(f"/can-bo/ho-so/{code}/")
    claim = page.get_by_role("link", name=f"Nhận xử lý: {step}")
    if claim.count():
        claim.click()
        confirm(page)
        expect(page.locator(".messages")).to_contain_text("Đã nhận xử lý.")
    page.get_by_role("link", name=f"Xử lý bước: {step}").click()
    page.get_by_label("Đồng ý, chuyển bước tiếp").check()
    page.get_by_label("Ý kiến xử lý").fill(note)
    confirm(page)
    expect(page.locator(".messages")).to_contain_text("Đã xử lý bước.")


def register_from_the_procedure(page: Any, screens: Screens) -> str:
    """Home → search with the i-spelling → procedure → sign-in → register → code → procedure."""
    page.goto("/")
    screens.shot("trang-chu")
    page.get_by_label("Từ khóa").fill("đăng kí khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    result = page.get_by_role("link", name="Đăng ký khai sinh", exact=True)
    expect(result).to_be_visible()
    screens.shot("ket-qua-tim-kiem")
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    screens.shot("thu-tuc")
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next="))
    screens.shot("dang-nhap")
    page.get_by_role("link", name="Đăng ký tài khoản công dân").click()
    screens.shot("dang-ky")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    page.get_by_label("Số CCCD").fill("079185012345")
    page.get_by_label("Số điện thoại di động").fill("0901234567")
    page.get_by_label("Mật khẩu:", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page).to_have_url(re.compile(r"/dang-ky/xac-minh/$"))
    screens.shot("ma-xac-minh")
    code = OutboxMessage.objects.get(kind="account.verify").payload["code"]
    page.get_by_label("Mã xác minh").fill(code)
    page.get_by_role("button", name="Xác minh").click()
    expect(page).to_have_url(re.compile(rf"/thu-tuc/{re.escape(KHAI_SINH)}/"))
    return str(code)


def submit_khai_sinh(page: Any, screens: Screens, scan: Path) -> str:
    """The wizard: ward → declaration → documents → review → submitted."""
    screens.shot("thu-tuc-da-dang-nhap")
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    screens.shot("chon-phuong")
    agency = page.get_by_label("Cơ quan tiếp nhận hồ sơ")
    value = agency.locator("option", has_text="Bến Thành").first.get_attribute("value")
    agency.select_option(value)
    page.get_by_role("button", name="Tiếp tục").click()
    screens.shot("to-khai")
    page.get_by_label("Họ, chữ đệm và tên của trẻ").fill("Trần Minh Khôi")
    page.get_by_label("Ngày, tháng, năm sinh").fill("2026-11-20")
    page.get_by_label("Giới tính").select_option("Nam")
    page.get_by_label("Nơi sinh").fill("Bệnh viện Từ Dũ, TP. Hồ Chí Minh")
    page.get_by_label("Dân tộc").fill("Kinh")
    page.get_by_label("Họ, chữ đệm và tên người mẹ").fill("Nguyễn Thị Hoa")
    page.get_by_label("Số định danh cá nhân của người mẹ").fill("079185012345")
    page.get_by_label("Số điện thoại liên hệ").fill("0901234567")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Giấy tờ")
    screens.shot("giay-to")
    sections = page.locator("section[aria-labelledby^='doc-']")
    for i in range(sections.count()):
        section = sections.nth(i)
        section.get_by_label("Tải lên tệp").set_input_files(scan)
        section.get_by_role("button", name="Tải lên", exact=True).click()
        expect(section.locator(".wizard-files")).to_contain_text(scan.name)
    page.get_by_role("link", name="Tiếp tục: xem lại").click()
    expect(page.get_by_text("Trần Minh Khôi")).to_be_visible()
    screens.shot("xem-lai")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = page.locator("#ma-ho-so").inner_text()
    screens.shot("da-nop")
    return code


def test_a_first_time_citizen_submits_khai_sinh_and_downloads_the_result(
    browser: Any,
    live_server: Any,
    demo_city: time_machine.Coordinates,
    screenshot_dir: Path,
    tmp_path: Path,
) -> None:
    clock = demo_city
    scan = tmp_path / "giay-chung-sinh.pdf"
    scan.write_bytes(pdf_bytes())
    result = tmp_path / "giay-khai-sinh.pdf"
    result.write_bytes(pdf_bytes())
    citizen = new_tab(browser, live_server)
    csp = Violations(citizen)
    screens = Screens(citizen, screenshot_dir)
    register_from_the_procedure(citizen, screens)
    code = submit_khai_sinh(citizen, screens, scan)
    assert Dossier.objects.get(code=code).attachments.count() >= 2
    citizen.get_by_role("link", name="Hồ sơ của tôi").first.click()
    expect(citizen.locator("main")).to_contain_text(code)
    screens.shot("ho-so-cua-toi")
    csp.assert_none("the phone path")

    # the officials work with JavaScript off: every workspace page is a plain form
    office = new_tab(browser, live_server, {"width": 1280, "height": 900}, js=False)
    sign_in_official(office, clock, "tiepnhan.benthanh")
    act(office, code, "Tiếp nhận hồ sơ", "Đã tiếp nhận hồ sơ.")
    work_step(office, code, "Tiếp nhận hồ sơ", "Đủ thành phần")
    sign_in_official(office, clock, "chuyenvien.benthanh")
    work_step(office, code, "Chuyên viên thẩm định hồ sơ", "Hồ sơ hợp lệ, đề nghị cấp")
    sign_in_official(office, clock, "truongphong.benthanh")
    work_step(office, code, "Trưởng phòng xem xét", "Đồng ý")
    sign_in_official(office, clock, "lanhdao.benthanh")
    work_step(office, code, "Lãnh đạo ký duyệt", "Ký")
    sign_in_official(office, clock, "vanthu.benthanh")
    work_step(office, code, "Văn thư vào số, phát hành kết quả", "Vào sổ số 125")
    office.goto(f"/can-bo/ho-so/{code}/")
    office.get_by_role("link", name="Ghi nhận kết quả giải quyết").click()
    office.get_by_label("Tóm tắt kết quả giải quyết").fill("Cấp Giấy khai sinh số 125/2026")
    office.get_by_label("Tệp kết quả (bản điện tử)").set_input_files(result)
    confirm(office)
    expect(office.locator(".messages")).to_contain_text("Đã ghi nhận kết quả.")
    sign_in_official(office, clock, "tiepnhan.benthanh")
    office.goto(f"/can-bo/ho-so/{code}/")
    office.get_by_role("link", name="Trả kết quả", exact=True).click()
    office.get_by_label("Trực tuyến (điện tử)").check()
    confirm(office)
    expect(office.locator(".messages")).to_contain_text("Đã trả kết quả.")
    assert Dossier.objects.get(code=code).status == DossierStatus.RETURNED

    citizen.goto(f"/ho-so-cua-toi/{code}/")
    expect(citizen.locator("main")).to_contain_text("Đã trả kết quả")
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name=result.name).click()
    assert Path(download.value.path()).read_bytes() == result.read_bytes()
    citizen.screenshot(path=str(screenshot_dir / "mine-returned.png"), full_page=True)
    # the path of a first-time applicant, screen by screen (the closing note counts them)
    assert screens.names == [
        "trang-chu",
        "ket-qua-tim-kiem",
        "thu-tuc",
        "dang-nhap",
        "dang-ky",
        "ma-xac-minh",
        "thu-tuc-da-dang-nhap",
        "chon-phuong",
        "to-khai",
        "giay-to",
        "xem-lai",
        "da-nop",
        "ho-so-cua-toi",
    ]


def sign_in_citizen(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập, số CCCD hoặc mã số thuế").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/ho-so-cua-toi/$"))


def submit_quietly(page: Any, scan: Path, folder: Path) -> str:
    page.goto(f"/thu-tuc/{KHAI_SINH}/")
    return submit_khai_sinh(page, Screens(page, folder, axe=False), scan)


def test_supplement_loop_late_dossier_apology_and_withdrawal(
    browser: Any, live_server: Any, demo_city: time_machine.Coordinates, tmp_path: Path
) -> None:
    clock = demo_city
    scan = tmp_path / "giay-chung-sinh.pdf"
    scan.write_bytes(pdf_bytes())
    # JavaScript off on both sides: "Hồ sơ của tôi" and the workspace are plain forms
    citizen = new_tab(browser, live_server, js=False)
    sign_in_citizen(citizen, "congdan1")
    late = submit_quietly(citizen, scan, tmp_path)
    stopped = submit_quietly(citizen, scan, tmp_path)

    # reception asks for one document again, all at once
    office = new_tab(browser, live_server, {"width": 1280, "height": 900}, js=False)
    sign_in_official(office, clock, "tiepnhan.benthanh")
    act(
        office,
        late,
        "Yêu cầu bổ sung hồ sơ",
        "Đã gửi yêu cầu bổ sung.",
        {"Giấy tờ cần bổ sung 1": "Giấy chứng sinh", "Lý do 1": "Bản chụp bị mờ, không đọc được"},
    )
    # the citizen sees what to do and sends it from "Hồ sơ của tôi"
    citizen.goto("/ho-so-cua-toi/")
    expect(citizen.locator("main")).to_contain_text("Cần bổ sung hồ sơ")
    citizen.goto(f"/ho-so-cua-toi/{late}/")
    expect(citizen.locator("#h-yeucau ~ .supplement-request")).to_contain_text("Bản chụp bị mờ")
    citizen.get_by_label("Tệp cho: Giấy chứng sinh").set_input_files(scan)
    citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(citizen.locator(".messages")).to_be_visible()
    assert Dossier.objects.get(code=late).status == DossierStatus.SUBMITTED
    # reception receives the completed dossier: a same-day appointment at the end of the day
    clock.shift(60)
    act(office, late, "Tiếp nhận hồ sơ", "Đã tiếp nhận hồ sơ.")
    due = Dossier.objects.get(code=late).due_at
    assert due is not None

    # the next morning it is late: the unit head apologises with a new date
    clock.move_to(datetime(2026, 12, 3, 9, 0, tzinfo=HCM))
    sign_in_official(office, clock, "truongphong.benthanh")
    office.goto("/can-bo/")
    expect(office.locator("main")).to_contain_text("Quá hạn")
    act(
        office,
        late,
        "Xin lỗi và hẹn lại ngày trả",
        "Đã phát hành văn bản xin lỗi, hẹn lại.",
        {
            "Lý do chậm": "Cần xác minh thông tin nơi sinh với bệnh viện",
            "Ngày hẹn trả mới": "2026-12-07",
        },
    )
    citizen.goto(f"/ho-so-cua-toi/{late}/")
    expect(citizen.locator("#h-hen-lai").locator("..")).to_contain_text("07/12/2026")
    expect(citizen.locator("#h-hen-lai").locator("..")).to_contain_text("xác minh thông tin")

    # the citizen stops the other dossier, confirming on a second page
    citizen.goto(f"/ho-so-cua-toi/{stopped}/")
    citizen.get_by_label("Lý do đề nghị dừng giải quyết").fill("Đã đăng ký ở nơi khác")
    citizen.get_by_role("button", name="Tiếp tục").click()
    expect(citizen.get_by_role("button", name="Có, dừng giải quyết hồ sơ")).to_be_visible()
    citizen.get_by_role("button", name="Có, dừng giải quyết hồ sơ").click()
    expect(citizen.locator("main")).to_contain_text("Dừng theo yêu cầu")
    assert Dossier.objects.get(code=stopped).status == DossierStatus.WITHDRAWN
