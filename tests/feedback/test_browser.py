"""A petition in a real Chromium at 360 px: submitted on the public form without signing in,
answered and published from the workspace, then read on the public answers page. axe-core clean
on each page shown; the submitter's personal data never on the public pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.accounts.services import role_grant
from motcua.feedback.models import Feedback, Kind, Status
from motcua.feedback.services import category_save, feedback_assign, feedback_classify
from tests.browser.axe import checked
from tests.browser.conftest import browser, phone_tab, screenshot_dir  # noqa: F401
from tests.dossiers.conftest import World, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def ticking_clock() -> Iterator[None]:
    """A working Wednesday morning that ticks (the live server needs time to pass)."""
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


@pytest.fixture
def ward(world: World) -> World:  # noqa: F811
    category_save(actor=None, code="thu-tuc", name="Thủ tục hành chính", agency=world.ward)
    return world


def test_a_petition_is_submitted_answered_and_published(
    browser: Any,  # noqa: F811
    live_server: Any,
    ward: World,
    screenshot_dir: Any,  # noqa: F811
) -> None:
    page = phone_tab(browser, live_server)
    page.goto("/phan-anh/gui/")
    checked(page, "gửi phản ánh")
    page.get_by_label("Phản ánh về").select_option("procedure")
    page.get_by_label("Tiêu đề").fill("Yêu cầu bản sao sổ hộ khẩu")
    page.get_by_label("Nội dung").fill("Bộ phận một cửa vẫn đòi sổ hộ khẩu.")
    page.get_by_label("Họ và tên").fill("Trần Thị Bích")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912345678")
    page.get_by_role("button", name="Gửi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tiếp nhận phản ánh")
    checked(page, "đã tiếp nhận")
    fb = Feedback.objects.get()

    feedback_classify(actor=ward.u("reception"), code=fb.code, kind=Kind.RULES)
    feedback_assign(actor=ward.u("head"), code=fb.code, handler=ward.u("specialist"))

    desk = phone_tab(browser, live_server, ward.u("specialist"))
    desk.goto("/can-bo/phan-anh/")
    checked(desk, "danh sách phản ánh")
    desk.get_by_role("link", name=fb.code).click()
    desk.get_by_role("link", name="Trả lời").click()
    desk.get_by_label("Nội dung trả lời").fill("Đã bỏ yêu cầu sổ hộ khẩu từ 1/7/2021.")
    checked(desk, "trả lời")
    desk.get_by_role("button", name="Xác nhận").click()
    expect(desk.get_by_text("Đã ghi câu trả lời.")).to_be_visible()

    role_grant(user=ward.u("specialist"), agency=ward.ward, role=Role.UNIT_HEAD)
    desk.get_by_role("link", name="Công khai câu trả lời").click()
    public = "Người dân phản ánh bộ phận một cửa còn yêu cầu nộp sổ hộ khẩu."
    # the public text starts empty, the submitter's words beside it read-only (§24.6)
    expect(desk.get_by_label("Tiêu đề công khai")).to_have_value("")
    expect(desk.get_by_text("Bộ phận một cửa vẫn đòi sổ hộ khẩu.")).to_be_visible()
    desk.get_by_label("Tiêu đề công khai").fill("Yêu cầu bản sao sổ hộ khẩu")
    desk.get_by_label("Nội dung công khai (không ghi thông tin cá nhân)").fill(public)
    checked(desk, "công khai")
    desk.get_by_role("button", name="Xác nhận").click()
    expect(desk.get_by_text("Câu trả lời đã được công khai.")).to_be_visible()
    fb.refresh_from_db()
    assert fb.status == Status.PUBLISHED

    page.goto("/phan-anh/")
    checked(page, "trả lời phản ánh")
    page.get_by_role("link", name="Yêu cầu bản sao sổ hộ khẩu").click()
    expect(page.get_by_text("Đã bỏ yêu cầu sổ hộ khẩu từ 1/7/2021.")).to_be_visible()
    expect(page.get_by_text(public)).to_be_visible()
    assert "Bộ phận một cửa vẫn đòi sổ hộ khẩu." not in page.content()
    checked(page, "một câu trả lời")
    page.screenshot(path=str(screenshot_dir / "feedback-public-answer.png"), full_page=True)
    html = page.content()
    assert "Trần Thị Bích" not in html
    assert "0912345678" not in html
