"""A consultation in a real Chromium at 360 px: a citizen comments on an article, the agency
publishes the comment from the workspace, the public page shows it. axe-core clean on each page
shown (docs/rules.md §27)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.axe import checked
from tests.browser.conftest import browser, phone_tab  # noqa: F401
from tests.consultation.conftest import City, published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_comments_on_an_article_and_the_agency_publishes_it(
    browser: Any,  # noqa: F811
    live_server: Any,
    city: City,
) -> None:
    c = published(city)
    # The clock starts one day into the period and runs (the browser needs time to pass).
    with time_machine.travel(c.opens_at + timedelta(days=1)):
        citizen = phone_tab(browser, live_server, city.citizen)
        citizen.goto("/lay-y-kien/")
        checked(citizen, "danh sách lấy ý kiến")
        citizen.get_by_role("link", name=c.title).click()
        expect(citizen.get_by_role("heading", level=1)).to_have_text(c.title)
        checked(citizen, "trang dự thảo")
        citizen.get_by_label("Góp ý về").select_option(label="Điều 2. Điều mục 2")
        citizen.get_by_label("Nội dung góp ý").fill("Đề nghị nêu rõ giờ tiếp nhận buổi chiều.")
        citizen.get_by_role("button", name="Gửi góp ý").click()
        expect(citizen.get_by_role("status")).to_contain_text("Đã nhận góp ý của bạn")
        expect(citizen.locator("#dieu-2")).to_be_visible()
        expect(citizen.get_by_text("Đề nghị nêu rõ giờ tiếp nhận")).to_have_count(0)  # pending

        official = phone_tab(browser, live_server, city.admin)
        official.goto("/can-bo/lay-y-kien/moi/")
        checked(official, "tạo dự thảo")
        official.goto("/can-bo/lay-y-kien/")
        checked(official, "danh sách của cơ quan")
        official.get_by_role("link", name=c.title).click()
        expect(official.get_by_text("Đề nghị nêu rõ giờ tiếp nhận buổi chiều.")).to_be_visible()
        checked(official, "dự thảo trong không gian làm việc")
        official.get_by_role("link", name="Kiểm duyệt").click()
        checked(official, "kiểm duyệt góp ý")
        official.get_by_label("Đăng góp ý").check()
        official.get_by_role("button", name="Xác nhận").click()
        expect(official.get_by_role("status")).to_contain_text("Đã kiểm duyệt góp ý")

        citizen.reload()
        section = citizen.locator("section[aria-labelledby='dieu-2']")
        expect(section).to_contain_text("Đề nghị nêu rõ giờ tiếp nhận buổi chiều.")
        expect(section).to_contain_text("Nguyễn Văn An")
        checked(citizen, "trang dự thảo có góp ý đã đăng")
