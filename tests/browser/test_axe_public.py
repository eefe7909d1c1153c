"""The public pages pass axe-core's WCAG 2.1 A/AA rules (no serious or critical violation) and
do not scroll sideways at 360 px, in Vietnamese and in English: the crawler of tests/browser/axe.py
from the home page, searches (one that finds nothing, with suggestions), tracking (with and
without the ID digits) and every procedure page of the demo catalogue and more."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from motcua.catalog.demo import seed
from motcua.catalog.services import ProcedureData, procedure_draft_save, procedure_publish
from tests.browser.axe import axe_check, crawl
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_portal_pages import dossier_with_apology
from tests.dossiers.conftest import CITIZEN_CCCD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXTRA = 15  # the demo catalogue has 50 procedures: the crawl must reach more than 60


def public_site(world: World) -> str:
    """The demo catalogue, EXTRA more procedures at its wards, and a dossier to track."""
    report: seed.Report = {"fields": Counter(), "agencies": Counter(), "procedures": Counter()}
    with transaction.atomic():  # as the seed_demo command runs them
        seed.seed_fields(report)
        seed.seed_agencies(report, lambda _line: None)
        seed.seed_procedures(report)
    for n in range(EXTRA):
        data = ProcedureData(
            code=f"8.{n:06d}",
            name=f"Thủ tục thử nghiệm số {n + 1} về cấp giấy xác nhận",
            field_code="HT",
            level="commune",
            time_limit_value=Decimal(3),
            time_limit_unit="working_days",
            applicants="Công dân Việt Nam",
            result_type="Giấy xác nhận",
            agency_codes=[world.ward.code],
        )
        procedure_publish(version=procedure_draft_save(data=data))
    return dossier_with_apology(world)


@pytest.fixture
def phone(browser: Any, live_server: Any, request: Any) -> Iterator[Any]:
    """A 360 x 640 tab in the language of the test's parameter."""
    language = request.param
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN" if language == "vi" else "en-US",
        viewport={"width": 360, "height": 640},
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    context.set_default_timeout(TIMEOUT_MS * 3)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("phone", ["vi", "en"], indirect=True)
def test_public_pages_pass_axe_and_fit_a_phone(phone: Any, world: World) -> None:
    code = public_site(world)
    start = [
        "/",
        "/?q=dang+ky+khai+sinh",
        "/?q=dang+ki",
        "/?q=dang+ki+khia+sinh",  # nothing found: the suggestions
        "/?field=HT&online_type=end_to_end",
        "/?page=2",
        "/?page=3",
        "/?page=4",
        "/tra-cuu/",
        f"/tra-cuu/{code}/",
    ]
    visited = crawl(phone, start, limit=110)
    procedures = {p for p in visited if p.startswith("/thu-tuc/")}
    assert len(procedures) >= 60, visited
    # Tracking with the last 4 ID digits: the full view.
    phone.goto(f"/tra-cuu/{code}/")
    phone.locator("input[name=id_last4]").fill(CITIZEN_CCCD[-4:])
    phone.locator("form.track-form button[type=submit]").click()
    phone.locator(".applicant").wait_for()
    axe_check(phone, f"/tra-cuu/{code}/ (4 số cuối)")
    response = phone.goto("/tra-cuu/KHONG-CO/")  # an unknown code: a 404 page, accessible too
    assert response.status == 404
    axe_check(phone, "/tra-cuu/KHONG-CO/")
