"""Online submission in a real Chromium, from the procedure page to the dossier code: once with
JavaScript off (plain forms and multipart uploads), once with it on (the upload progress bar),
both at 360 px wide with no horizontal scroll, labelled inputs and ordered headings, and with
JavaScript on no CSP violation."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, SubmissionDraft
from motcua.dossiers.selectors.drafts import draft_documents
from motcua.testing.auth import sign_in
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_csp import Violations
from tests.dossiers.conftest import CITIZEN_CCCD, World
from tests.dossiers.test_attachments import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records, across navigations of the tab, that an upload progress bar was shown.
WATCH_PROGRESS = """
document.addEventListener('DOMContentLoaded', () => {
  new MutationObserver((changes) => {
    const shown = (c) => c.target.matches('.upload-progress') && !c.target.hidden;
    if (changes.some(shown)) sessionStorage.setItem('progressShown', '1');
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['hidden']});
});
"""


def signed_in_tab(browser: Any, live_server: Any, world: World, javascript: bool) -> Any:
    user = world.u("citizen")
    user.full_name = "Nguyễn Văn An"
    user.save()
    client = sign_in(Client(), user)
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": 360, "height": 800},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(4 * TIMEOUT_MS)  # a loaded machine
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return context.new_page()


UNLABELLED = """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter((e) => !e.labels || e.labels.length === 0).map((e) => e.name)"""
HEADINGS = "[...document.querySelectorAll('h1,h2,h3,h4')].map((h) => Number(h.tagName[1]))"


def check_page(page: Any) -> None:
    """No horizontal scroll at 360 px, every input labelled, headings in order (axe-core is not
    installed here; these are the checks of its rules that the wizard's pages could break)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url}: {width}px wide"
    assert page.evaluate(UNLABELLED) == [], page.url
    levels = page.evaluate(HEADINGS)
    assert levels[0] == 1, page.url
    assert all(b <= a + 1 for a, b in pairwise(levels)), (page.url, levels)


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_submit_online_from_the_procedure_page(
    browser: Any, live_server: Any, world: World, javascript: bool, tmp_path: Path
) -> None:
    page = signed_in_tab(browser, live_server, world, javascript)
    csp = Violations(page) if javascript else None
    if javascript:
        page.add_init_script(WATCH_PROGRESS)
    scan = tmp_path / "cccd.pdf"
    scan.write_bytes(pdf_bytes())

    page.goto(f"/thu-tuc/{world.simple}/")
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_label("Cơ quan tiếp nhận hồ sơ").select_option(world.ward.code)
    check_page(page)
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_label("Số định danh cá nhân (CCCD)")).to_have_value(CITIZEN_CCCD)
    expect(page.get_by_label("Họ và tên")).to_have_value("Nguyễn Văn An")
    page.get_by_label("Mục đích").fill("Đi học")
    check_page(page)
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    expect(page.get_by_role("heading", level=2)).to_have_text("Giấy tờ")
    draft = SubmissionDraft.objects.get()
    for doc, _ in draft_documents(draft):
        section = page.locator(f"section[aria-labelledby='doc-{doc.pk}']")
        section.get_by_label("Tải lên tệp").set_input_files(scan)
        section.get_by_role("button", name="Tải lên", exact=True).click()
        expect(section.locator(".wizard-files")).to_contain_text("cccd.pdf")
    check_page(page)
    page.get_by_role("link", name="Tiếp tục: xem lại").click()

    expect(page.locator(".wizard-review").first).to_contain_text("UBND Phường Bến Thành")
    expect(page.get_by_text("Đi học")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Nộp hồ sơ").click()

    dossier = Dossier.objects.get()
    expect(page.locator("#ma-ho-so")).to_have_text(dossier.code)
    expect(page.locator("main").get_by_role("link", name="Hồ sơ của tôi")).to_have_attribute(
        "href", f"/ho-so-cua-toi/{dossier.code}/"
    )
    check_page(page)
    assert dossier.attachments.count() == 2
    if csp is not None:
        assert page.evaluate("sessionStorage.getItem('progressShown')") == "1"
        csp.assert_none("wizard")
    page.context.close()
