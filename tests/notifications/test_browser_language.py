"""The language page in a real Chromium: reached from the inbox, English chosen without
JavaScript help, no CSP violation, axe clean, no horizontal scroll at 360 px."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.notifications.models import NotificationPreference
from tests.browser.axe import axe_check
from tests.browser.test_csp import Violations
from tests.browser.test_mine import no_horizontal_scroll, signed_in_as
from tests.dossiers.conftest import World
from tests.portal.mine_steps import HCM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choose_english_from_the_inbox(page: Any, live_server: Any, world: World) -> None:
    csp = Violations(page)
    page.set_default_timeout(20_000)
    signed_in_as(page, live_server, world.u("citizen"))
    with time_machine.travel(datetime(2026, 3, 2, 14, 0, tzinfo=HCM)):
        page.goto("/thong-bao/")
        page.get_by_role("link", name="Ngôn ngữ nhận thông báo").click()
        expect(page.get_by_role("heading", name="Ngôn ngữ nhận thông báo")).to_be_visible()
        expect(page.get_by_label("Tiếng Việt")).to_be_checked()
        axe_check(page, "/thong-bao/ngon-ngu/")
        page.set_viewport_size({"width": 360, "height": 740})
        assert no_horizontal_scroll(page)
        page.get_by_label("English").check()
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_role("status")).to_contain_text("Đã lưu ngôn ngữ nhận thông báo.")
        expect(page.get_by_label("English")).to_be_checked()
    assert NotificationPreference.objects.get(user=world.u("citizen")).language == "en"
    csp.assert_none("/thong-bao/ngon-ngu/")
