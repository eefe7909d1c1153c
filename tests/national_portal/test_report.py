"""Index 1.4 of an agency for a period, from the sync state: the selector, the command, the API."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from motcua.accounts.models import Role, User
from motcua.accounts.services import role_grant
from motcua.api.auth import token_create
from motcua.core import outbox
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import reception
from motcua.dossiers.services.submission import dossier_submit
from motcua.national_portal.fake_receiver import FakePortal
from motcua.national_portal.rules import parse_period
from motcua.national_portal.selectors import sync_report
from tests.dossiers.conftest import applicant
from tests.national_portal.conftest import World, at


def received(w: World, *, other_ward: bool = False) -> Dossier:
    agency, clerk = (w.other_ward, "other_reception") if other_ward else (w.ward, "reception")
    dossier, _ = dossier_submit(
        actor=w.u("citizen"),
        procedure_code=w.simple,
        agency_code=agency.code,
        applicant=applicant(),
        form_data={"purpose": "Đi học"},
    )
    return reception.dossier_receive(actor=w.u(clerk), code=dossier.code)


@pytest.fixture
def march(world: World, portal: FakePortal) -> World:
    """At the ward in March 2026: two dossiers synced, one refused by the portal, one only
    submitted (no receipt date); one synced at another ward; one received in April."""
    with at(2026, 3, 2, 9, 0):
        received(world)
        received(world)
        assert outbox.deliver_pending() == 4
        received(world, other_ward=True)
        third, _ = dossier_submit(
            actor=world.u("citizen"),
            procedure_code=world.simple,
            agency_code=world.ward.code,
            applicant=applicant(),
            form_data={"purpose": "Đi làm"},
        )
        assert outbox.deliver_pending() == 3
        reception.dossier_receive(actor=world.u("reception"), code=third.code)
        portal.fail_next(1, status=422)  # the third ward dossier's receipt is refused
        assert outbox.deliver_pending() == 1
        dossier_submit(
            actor=world.u("citizen"),
            procedure_code=world.simple,
            agency_code=world.ward.code,
            applicant=applicant(),
            form_data={"purpose": "Đi làm"},
        )
        assert outbox.deliver_pending() == 1
    with at(2026, 4, 1, 9, 0):
        received(world)
        outbox.deliver_pending()
    return world


def official(w: World, username: str, role: str, **grant: Any) -> User:
    user = User.objects.create_user(username=username, password="x-test-pass", kind="official")
    role_grant(user=user, agency=w.city, role=role, **grant)
    return user


def test_the_ward_scores_synced_over_received_in_one_query(
    march: World, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        report = sync_report(agency=march.ward, period=parse_period("2026-03"))
    assert (report.received, report.synced, report.rejected, report.never_queued) == (3, 2, 1, 0)
    assert report.index.score == 4


def test_the_city_counts_its_wards_and_the_portal_count_can_raise_the_denominator(
    march: World,
) -> None:
    report = sync_report(agency=march.city, period=parse_period("2026-Q1"))
    assert (report.received, report.synced) == (4, 3)
    raised = sync_report(agency=march.city, period=parse_period("2026-Q1"), portal_count=6)
    assert raised.index.score == 3


def test_a_month_without_dossiers_falls_back_on_last_year(world: World, portal: FakePortal) -> None:
    with at(2025, 6, 2, 9, 0):
        received(world)
        outbox.deliver_pending()
    report = sync_report(agency=world.ward, period=parse_period("2026-05"))
    assert (report.index.basis, report.index.denominator, report.index.score) == (
        "last_year",
        pytest.approx(1 / 12),
        0,
    )
    empty = sync_report(agency=world.dept, period=parse_period("2026-05"))
    assert empty.index.score is None
    out = StringIO()
    call_command("national_portal_report", agency=world.dept.code, period="2026-05", stdout=out)
    assert "không áp dụng" in out.getvalue()


def test_the_report_command_in_words_and_in_json(march: World) -> None:
    out = StringIO()
    call_command("national_portal_report", agency=march.ward.code, period="2026-03", stdout=out)
    assert "đã đồng bộ DVCQG: 2" in out.getvalue()
    assert "4.00/6" in out.getvalue()
    out = StringIO()
    call_command(
        "national_portal_report", agency=march.ward.code, period="2026-03", json=True, stdout=out
    )
    assert json.loads(out.getvalue())["ratio_percent"] == "66.67"
    with pytest.raises(CommandError, match="Kỳ không hợp lệ"):
        call_command("national_portal_report", agency=march.ward.code, period="03/2026")
    with pytest.raises(CommandError, match="Không tìm thấy cơ quan"):
        call_command("national_portal_report", agency="000.00.99.H29", period="2026-03")


def test_the_api_answers_inspectors_over_their_scope_and_no_one_else(march: World) -> None:
    inspector = official(march, "inspector", Role.INSPECTOR, include_descendants=True)
    client = Client()

    def get(user: User, **query: Any) -> Any:
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}
        return client.get("/api/v1/national-portal/index-1-4", query, **auth)

    answer = get(inspector, agency=march.ward.code, period="2026-03")
    assert answer.status_code == 200
    assert answer.json() | {"agency": "-"} == {
        "agency": "-",
        "period": "2026-03",
        "received": 3,
        "synced": 2,
        "rejected": 1,
        "never_queued": 0,
        "denominator": "3.00",
        "basis": "counts",
        "ratio_percent": "66.67",
        "score": "4.00",
        "max_score": 6,
    }
    assert get(march.u("reception"), agency=march.ward.code, period="2026-03").status_code == 404
    bad = get(inspector, agency=march.ward.code, period="2026-3")
    assert (bad.status_code, bad.json()["error"]["code"]) == (400, "period_invalid")
    assert client.get("/api/v1/national-portal/index-1-4").status_code == 401
