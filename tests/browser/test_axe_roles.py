"""axe-core and the 360 px rule on every page each demo role reaches: the demo city with
dossiers in several states, each demo account signed in (second factor included) on a phone-sized
tab, its pages crawled from its home by following links (tests/browser/axe.py `crawl`: no
serious or critical WCAG 2.1 A/AA violation, no sideways scroll, no error status)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers.services import reception
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.drafts import draft_start
from motcua.dossiers.services.submission import dossier_submit
from motcua.testing.auth import sign_in
from tests.browser.axe import crawl
from tests.browser.conftest import TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BEN_THANH = "000.02.90.H29"
KHAI_SINH = "1.001193"
PAGES_PER_ROLE = 25  # the menus grew (ratings, feedback, consultation): room to reach dossiers
# Not followed: page numbers and filters repeat the same template; the crawler would spend its
# budget on them instead of on other pages.
REPEATS = (re.compile(r"^/$"), re.compile(r"^/thu-tuc/"), re.compile(r"^/tra-cuu/"))

ROLES = {
    "tiepnhan.benthanh": "/can-bo/",
    "chuyenvien.benthanh": "/can-bo/",
    "truongphong.benthanh": "/can-bo/",
    "lanhdao.benthanh": "/can-bo/",
    "vanthu.benthanh": "/can-bo/",
    "quantri.benthanh": "/can-bo/",
    "thanhtra": "/can-bo/",
    "congan.benthanh": "/can-bo/",
    "congdan1": "/ho-so-cua-toi/",
    "doanhnghiep1": "/ho-so-cua-toi/",
}


def birth(child: str) -> dict[str, Any]:
    return {
        "ho_ten_tre": child,
        "ngay_sinh": "2026-11-20",
        "gioi_tinh": "Nữ",
        "noi_sinh": "Bệnh viện Từ Dũ",
        "dan_toc": "Kinh",
        "ho_ten_me": "Lê Thị Mai",
        "cccd_me": "079190001234",
        "so_dien_thoai": "0901234567",
    }


@pytest.fixture
def city_with_dossiers() -> Iterator[None]:
    """The demo city on Wednesday 2 December 2026, 09:00, with congdan1's dossiers waiting for
    reception, received, and back for a supplement, and a draft."""
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=HCM), tick=False):
        call_command("seed_demo", verbosity=0)
        citizen = User.objects.get(username="congdan1")
        person = ApplicantData(kind="person", name=citizen.full_name, id_number=citizen.cccd)
        codes = [
            dossier_submit(
                actor=citizen,
                procedure_code=KHAI_SINH,
                agency_code=BEN_THANH,
                applicant=person,
                form_data=birth(f"Trẻ {i}"),
            )[0].code
            for i in range(3)
        ]
        officer = User.objects.get(username="tiepnhan.benthanh")
        reception.dossier_receive(actor=officer, code=codes[0])
        reception.dossier_request_supplement(
            actor=officer,
            code=codes[1],
            items=[{"name": "Giấy chứng sinh", "reason": "Bản chụp bị mờ"}],
        )
        draft_start(actor=citizen, procedure_code=KHAI_SINH)
        yield


def crawl_as(browser: Any, live_server: Any, username: str) -> list[str]:
    user = User.objects.get(username=username)
    session = sign_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 360, "height": 740}
    )
    context.set_default_timeout(6 * TIMEOUT_MS)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    try:
        return crawl(context.new_page(), [ROLES[username]], PAGES_PER_ROLE, skip=REPEATS)
    finally:
        context.close()


def test_every_page_a_demo_role_reaches_is_accessible(
    browser: Any, live_server: Any, city_with_dossiers: None
) -> None:
    """One seeded city for all roles; every role's problems are listed before failing."""
    problems, reached = [], {}
    for username in ROLES:
        try:
            reached[username] = crawl_as(browser, live_server, username)
        except AssertionError as exc:
            problems.append(f"{username}: {exc}")
    assert not problems, "\n".join(problems)
    # each role got past its home: the workspace queues and dossiers, the applicant's dossiers
    assert all(len(paths) >= 3 for paths in reached.values()), reached
    assert any("/can-bo/ho-so/" in p for p in reached["tiepnhan.benthanh"])
    assert any("/ho-so-cua-toi/" in p and p != "/ho-so-cua-toi/" for p in reached["congdan1"])
