"""The analytics pages in a real Chromium at 360 px: the head's dashboard with its charts, the
drill-down from a number to its dossiers, the 766 breakdown; axe-core clean and no sideways
scroll on each (docs/analytics.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.analytics import forecasting, risk_scores, rollups
from motcua.dossiers.models import StepInstance
from motcua.dossiers.services import results
from tests.browser.axe import checked
from tests.browser.conftest import browser, phone_tab, screenshot_dir  # noqa: F401
from tests.dossiers.conftest import World
from tests.dossiers.test_lifecycle_edges import counter, do

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(*args: int) -> Any:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


@pytest.fixture
def december(world: World) -> Iterator[World]:
    with _at(2026, 12, 2, 9, 0):
        codes = [counter(world) for _ in range(4)]
    for code, day in ((codes[0], 3), (codes[1], 9), (codes[2], 4)):
        with _at(2026, 12, day, 10, 0):
            while inst := StepInstance.objects.filter(dossier__code=code, status="active").first():
                do(world, code, inst.step.key)
            results.result_record(actor=world.u("signer"), code=code, summary="Đã cấp")
    with _at(2026, 12, 20, 9, 0):
        rollups.consume()
    # the afternoon after, ticking (the live server needs time to pass)
    with time_machine.travel(datetime(2026, 12, 21, 15, 0, tzinfo=HCM)):
        yield world


def test_the_head_reads_the_dashboard_and_drills_down(
    browser: Any,  # noqa: F811
    live_server: Any,
    december: World,
    screenshot_dir: Any,  # noqa: F811
) -> None:
    page = phone_tab(browser, live_server, december.u("head"))
    page.goto("/can-bo/")
    page.get_by_role("link", name="Thống kê, chỉ số").first.click()
    page.get_by_label("Kỳ (2026, 2026-H2, 2026-Q4 hoặc 2026-12)").fill("2026-12")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tình hình giải quyết hồ sơ")
    expect(page.locator("svg[role='img']")).to_have_count(6)  # 5 series + the late procedures
    checked(page, "bảng điều khiển")
    page.screenshot(path=str(screenshot_dir / "analytics-dashboard.png"), full_page=True)
    page.locator("[data-metric='resolved_late'] a").click()
    expect(page.locator("#so-ho-so")).to_contain_text("1 hồ sơ")
    checked(page, "hồ sơ trễ hạn")
    page.go_back()
    page.get_by_role("link", name="Chỉ số 766").first.click()
    expect(page.locator("[data-indicator]")).to_have_count(21)
    checked(page, "chỉ số 766")
    page.screenshot(path=str(screenshot_dir / "analytics-766.png"), full_page=True)
    page.get_by_role("link", name="Báo cáo định kỳ").click()
    expect(page.locator("#bang-bao-cao")).to_contain_text("Tổng cộng")
    checked(page, "báo cáo định kỳ")
    forecasting.forecasts_refresh(date(2026, 12, 21))
    risk_scores.scores_refresh()
    page.get_by_role("link", name="Dự báo và rủi ro").click()
    expect(page.locator("svg#bd-du-bao")).to_have_count(1)
    expect(page.locator("#bang-du-bao tbody tr")).to_have_count(8)
    expect(page.locator("#bang-rui-ro")).to_contain_text("Đã quá hạn giải quyết.")
    checked(page, "dự báo và rủi ro")
    page.screenshot(path=str(screenshot_dir / "analytics-forecast.png"), full_page=True)
