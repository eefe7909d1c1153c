"""Slip downloads /ho-so/<code>/phieu/<kind>.pdf: session login, visibility, applicability."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lateness, reception, results
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import World, applicant

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def submit(w: World) -> Dossier:
    dossier, _ = dossier_submit(
        actor=w.u("citizen"),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "Đi học"},
    )
    return dossier


@pytest.fixture
def received(world: World) -> str:
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        reception.dossier_receive(actor=world.u("reception"), code=d.code)
    return d.code


def as_user(w: World, name: str) -> Client:
    client = Client()
    client.force_login(w.u(name))
    return client


def url(code: str, kind: str) -> str:
    return f"/ho-so/{code}/phieu/{kind}.pdf"


def test_anonymous_is_sent_to_the_login_page(client: Client, received: str) -> None:
    response = client.get(url(received, "receipt"))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url(received, 'receipt')}"


def test_the_applicant_gets_the_receipt_inline(world: World, received: str) -> None:
    response = as_user(world, "citizen").get(url(received, "receipt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{received}-receipt.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")


def test_an_official_of_the_receiving_agency_gets_the_control_sheet(
    world: World, received: str
) -> None:
    response = as_user(world, "reception").get(url(received, "control_sheet"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["stranger", "other_reception"])
def test_a_dossier_the_user_may_not_see_is_a_404(world: World, received: str, who: str) -> None:
    assert as_user(world, who).get(url(received, "receipt")).status_code == 404


@pytest.mark.parametrize("kind", ["foo", "tracking_book", "RECEIPT"])
def test_an_unknown_kind_is_a_404(world: World, received: str, kind: str) -> None:
    assert as_user(world, "citizen").get(url(received, kind)).status_code == 404


def test_an_unknown_code_is_a_404(world: World) -> None:
    assert (
        as_user(world, "citizen").get(url("000.01.30.H29-260101-9999", "receipt")).status_code
        == 404
    )


@pytest.mark.parametrize("kind", ["refusal", "apology", "supplement", "stop_notice"])
def test_a_slip_that_does_not_apply_is_a_404(world: World, received: str, kind: str) -> None:
    assert as_user(world, "citizen").get(url(received, kind)).status_code == 404


@pytest.mark.parametrize("kind", ["receipt", "control_sheet"])
def test_no_receipt_before_the_dossier_is_received(world: World, kind: str) -> None:
    code = submit(world).code
    assert as_user(world, "citizen").get(url(code, kind)).status_code == 404


def test_refusal_slip_for_a_rejected_dossier(world: World) -> None:
    code = submit(world).code
    reception.dossier_refuse(
        actor=world.u("reception"), code=code, reasons=["Không thuộc thẩm quyền"]
    )
    response = as_user(world, "citizen").get(url(code, "refusal"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="{code}-refusal.pdf"'


def test_apology_slip_once_an_apology_exists(world: World, received: str) -> None:
    with at(2026, 3, 3, 9, 0):
        lateness.apology_issue(
            actor=world.u("signer"), code=received, reason="Chờ xác minh", new_due=date(2026, 3, 10)
        )
    response = as_user(world, "citizen").get(url(received, "apology"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_stop_notice_for_a_withdrawn_dossier(world: World, received: str) -> None:
    results.dossier_withdraw(actor=world.u("citizen"), code=received, reason="Không cần nữa")
    assert as_user(world, "citizen").get(url(received, "stop_notice")).status_code == 200


def test_supplement_slip_once_requested(world: World) -> None:
    code = submit(world).code
    reception.dossier_request_supplement(
        actor=world.u("reception"), code=code, items=[{"name": "Bản sao CCCD", "reason": "Mờ"}]
    )
    assert as_user(world, "citizen").get(url(code, "supplement")).status_code == 200


def test_post_is_refused(world: World, received: str) -> None:
    assert as_user(world, "citizen").post(url(received, "receipt")).status_code == 405
