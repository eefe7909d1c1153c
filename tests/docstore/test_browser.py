"""The applicant's store in a real Chromium at 360 px: the "Kho giấy tờ" page shows the signed
result, and the submission wizard takes it from the store without an upload; the dossier then
names the very stored file of the first dossier. axe-core clean on each page shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.docstore.models import ComponentSource, Source
from motcua.dossiers.models import Dossier
from tests.browser.axe import axe_check, overflow_problem
from tests.browser.conftest import browser, phone_tab  # noqa: F401
from tests.docstore.conftest import CLOCK, REUSE_CODE, Store, documents
from tests.dossiers.conftest import CITIZEN_CCCD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def ticking_clock() -> Iterator[None]:
    """After the store fixture's instant, ticking (the live server needs time to pass; no test
    reads the wall clock)."""
    with time_machine.travel(CLOCK + timedelta(hours=1)):
        yield


def checked(page: Any, label: str) -> None:
    axe_check(page, label)
    assert overflow_problem(page) is None, label


def test_the_applicant_sees_the_store_and_attaches_from_it(
    browser: Any,  # noqa: F811
    live_server: Any,
    store: Store,
) -> None:
    citizen = store.w.u("citizen")
    citizen.full_name = "Nguyễn Văn An"
    citizen.save(update_fields=["full_name"])
    page = phone_tab(browser, live_server, citizen)

    page.goto("/kho-giay-to/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kho giấy tờ")
    card = page.locator(".mine-card").filter(has_text=store.result.title)
    expect(card).to_contain_text("có chữ ký số")
    expect(page.get_by_role("link", name="Kho giấy tờ")).to_have_attribute("aria-current", "page")
    checked(page, "kho giấy tờ")

    page.goto(f"/thu-tuc/{REUSE_CODE}/")
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_label("Số định danh cá nhân (CCCD)")).to_have_value(CITIZEN_CCCD)
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    expect(page.get_by_role("heading", level=2)).to_have_text("Giấy tờ")
    birth = documents()["Giấy khai sinh"]
    section = page.locator(f"section[aria-labelledby='doc-{birth.pk}']")
    section.get_by_label("Lấy từ kho giấy tờ").select_option(str(store.result.pk))
    checked(page, "bước giấy tờ")
    section.get_by_role("button", name="Lấy giấy tờ này").click()
    expect(section.locator(".wizard-files")).to_contain_text("lấy từ kho giấy tờ")
    checked(page, "bước giấy tờ, đã lấy từ kho")
    page.get_by_role("link", name="Tiếp tục: xem lại").click()
    page.get_by_role("button", name="Nộp hồ sơ").click()

    dossier = Dossier.objects.get(procedure_version__procedure__code=REUSE_CODE)
    expect(page.locator("#ma-ho-so")).to_have_text(dossier.code)
    attachment = dossier.attachments.get()
    assert attachment.file.name == store.result.attachment.file.name  # no upload, no copy
    assert attachment.sha256 == store.result.sha256
    source = ComponentSource.objects.get(attachment=attachment)
    assert (source.source, source.item_id) == (Source.PERSONAL_STORE, store.result.pk)

    page.goto(f"/ho-so-cua-toi/{dossier.code}/")
    expect(page.locator("#h-tep + ul")).to_contain_text("lấy từ kho giấy tờ")
    checked(page, "hồ sơ của tôi")
    page.context.close()
