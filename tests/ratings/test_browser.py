"""Ratings in a real Chromium at 360 px: the citizen rates a returned dossier from "Hồ sơ của
tôi"; a kiosk rating at the counter with a one-time code (no sign-in); the head's scorecard.
axe-core clean on each page shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.ratings.models import OfficialRating, Rating
from motcua.ratings.services import kiosk_code_issue
from tests.browser.axe import axe_check, overflow_problem
from tests.browser.conftest import browser, phone_tab, screenshot_dir  # noqa: F401
from tests.dossiers.conftest import World
from tests.ratings.conftest import at, returned, second_desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def ticking_clock() -> Iterator[None]:
    """The afternoon after the dossiers below were returned, ticking (the live server needs
    time to pass; no test reads the wall clock)."""
    with time_machine.travel(datetime(2026, 12, 4, 15, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


def checked(page: Any, label: str) -> None:
    axe_check(page, label)
    assert overflow_problem(page) is None, label


def fill_rating(page: Any) -> None:
    page.get_by_role("group", name="Ông/bà có hài lòng").get_by_label(
        "Hài lòng", exact=True
    ).check()
    for n in (5, 6, 7, 8, 9):
        page.locator(f"input[name='i{n}'][value='2']").check()


def test_a_citizen_rates_a_returned_dossier_from_my_dossiers(
    browser: Any,  # noqa: F811
    live_server: Any,
    world: World,
) -> None:
    dossier = returned(world)
    page = phone_tab(browser, live_server, world.u("citizen"))
    page.goto(f"/ho-so-cua-toi/{dossier.code}/")
    page.get_by_role("link", name="Đánh giá việc giải quyết hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đánh giá việc giải quyết")
    checked(page, "trang đánh giá")
    fill_rating(page)
    specialist = world.u("specialist").pk
    for aspect in ("courtesy", "guidance", "timeliness"):
        page.locator(f"input[name='o{specialist}_{aspect}'][value='2']").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("heading", level=2, name="Đánh giá của ông/bà đã được ghi nhận"))
    expect(page.locator(".rating-total")).to_have_text("18/18")
    checked(page, "đánh giá đã ghi nhận")
    rating = Rating.objects.get()
    assert rating.rater == world.u("citizen")
    assert OfficialRating.objects.get().official_id == specialist


def test_a_kiosk_rating_at_the_counter(
    browser: Any,  # noqa: F811
    live_server: Any,
    world: World,
) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        _row, plain = kiosk_code_issue(actor=second_desk(world), code=dossier.code)
    page = phone_tab(browser, live_server)
    page.goto("/quay/danh-gia/")
    checked(page, "thiết bị đánh giá")
    page.get_by_label("Mã đánh giá in trên phiếu").fill("11112222")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator("#rating-error")).to_contain_text("không đúng")
    checked(page, "mã sai")
    page.get_by_label("Mã đánh giá in trên phiếu").fill(plain)
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_text(dossier.code)).to_be_visible()
    checked(page, "phiếu đánh giá tại quầy")
    fill_rating(page)
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("heading", name="Cảm ơn ông/bà đã đánh giá")).to_be_visible()
    checked(page, "đã đánh giá tại quầy")
    assert Rating.objects.get().channel == "kiosk"


def test_the_scorecard_and_the_sheet_are_accessible(
    browser: Any,  # noqa: F811
    live_server: Any,
    world: World,
    screenshot_dir: Any,  # noqa: F811
) -> None:
    from motcua.ratings.services import rating_submit
    from tests.ratings.conftest import data

    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
    page = phone_tab(browser, live_server, world.u("head"))
    page.goto("/can-bo/danh-gia/?ky=2026-12")
    expect(page.locator("#ty-le-chung")).to_have_text("100,00%")
    checked(page, "kết quả đánh giá")
    page.screenshot(path=str(screenshot_dir / "ratings-scorecard.png"), full_page=True)
    page.locator("tr[data-user='signer'] th a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phiếu đánh giá")
    checked(page, "phiếu đánh giá cán bộ")
    page.screenshot(path=str(screenshot_dir / "ratings-official-sheet.png"), full_page=True)
    page.goto("/can-bo/danh-gia/ho-so/?ky=2026-12&so=rated")
    expect(page.locator("#ds-ho-so")).to_contain_text(dossier.code)
    checked(page, "hồ sơ của chỉ số")
    page.goto(f"/can-bo/ho-so/{dossier.code}/danh-gia/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đánh giá hồ sơ")
    checked(page, "điều chỉnh đánh giá")
    desk = phone_tab(browser, live_server, second_desk(world))
    desk.goto(f"/can-bo/ho-so/{dossier.code}/ma-danh-gia/")
    checked(desk, "mã đánh giá")
