"""A transition queues the dossier's state in the outbox; the "dvcqg" transport delivers it to
the (fake) portal once in effect, retries what may pass, records a rejection at once, and the
portal keeps the newest state whatever order the states arrive in."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.core import outbox
from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import processing, reception
from motcua.dossiers.services.submission import dossier_submit
from motcua.national_portal.fake_receiver import FakePortal
from motcua.national_portal.models import PortalSync
from tests.dossiers.conftest import applicant
from tests.national_portal.conftest import World, at, configure


def submit(w: World) -> Dossier:
    dossier, _ = dossier_submit(
        actor=w.u("citizen"),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "Đi học"},
    )
    return dossier


def rows(code: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(channel="dvcqg", subject_id=code).order_by("pk"))


def sync_of(code: str) -> PortalSync:
    return PortalSync.objects.get(dossier__code=code)


def test_nothing_is_queued_when_the_portal_is_not_configured(world: World) -> None:
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        reception.dossier_receive(actor=world.u("reception"), code=d.code)
    assert rows(d.code) == []
    assert not PortalSync.objects.exists()


def test_each_synced_change_queues_one_snapshot_and_a_claim_queues_none(
    world: World, portal: FakePortal
) -> None:
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        d = reception.dossier_receive(actor=world.u("reception"), code=d.code)
        step = d.steps.get(status="active")
        processing.step_claim(actor=world.u("specialist"), code=d.code, step_id=step.pk)
    queued = rows(d.code)
    assert [(r.payload["version"], r.payload["status"]) for r in queued] == [
        (1, "submitted"),
        (2, "received"),
    ]
    assert queued[1].payload["received_at"] == d.received_at.isoformat()
    assert queued[1].payload["due_at"] == d.due_at.isoformat()
    state = sync_of(d.code)
    assert (state.queued_version, state.accepted_version, state.synced) == (2, 0, False)


def test_delivery_sends_the_dvcqg_record_and_marks_the_latest_state_accepted(
    world: World, portal: FakePortal
) -> None:
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        d = reception.dossier_receive(actor=world.u("reception"), code=d.code)
        assert outbox.deliver_pending() == 2
    record = portal.dossiers[d.code]
    assert record["PhienBan"] == 2
    assert record["TrangThaiHoSo"] == "2"
    assert record["KenhThucHien"] == "2"
    assert record["MaTTHC"] == world.simple
    assert record["NgayNopHoSo"] == "20260302090000"
    assert record["NgayTiepNhan"] == "20260302090000"
    assert record["NgayHenTra"] == "20260305170000"
    assert (record["ThoiGianGiaiQuyet"], record["DonViTinh"]) == ("3", "Ngày làm việc")
    first, second = portal.accepted()
    assert first.headers["idempotency-key"] == outbox.idempotency_key(rows(d.code)[0])
    assert first.body["isUpdating"] == "False"
    assert second.body["isUpdating"] == "True"
    state = sync_of(d.code)
    assert (state.accepted_version, state.last_code, state.synced) == (2, "0", True)
    assert {r.status for r in rows(d.code)} == {OutboxStatus.SENT}


def test_an_older_state_arriving_after_a_newer_one_is_ignored_by_the_portal(
    world: World, portal: FakePortal
) -> None:
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        reception.dossier_receive(actor=world.u("reception"), code=d.code)
        portal.fail_next(1)  # the first state (version 1) fails; version 2 goes through
        assert outbox.deliver_pending() == 1
    with at(2026, 3, 2, 9, 5):  # after the back-off, version 1 arrives late
        assert outbox.deliver_pending() == 1
    assert portal.dossiers[d.code]["PhienBan"] == 2
    assert [r.body["data"][0]["PhienBan"] for r in portal.accepted()] == [2, 1]
    assert sync_of(d.code).accepted_version == 2


def test_a_wrong_token_is_retried_with_back_off_until_the_portal_accepts(
    world: World, portal: FakePortal, settings: Any
) -> None:
    configure(settings, f"{portal.url}/dvcqg/integration", TOKEN="stale")
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        assert outbox.deliver_pending() == 0
    [row] = rows(d.code)
    assert (row.status, row.attempts, row.last_error) == (
        OutboxStatus.PENDING,
        1,
        "PortalUnavailable: HTTP 401",
    )
    configure(settings, f"{portal.url}/dvcqg/integration")
    with at(2026, 3, 2, 9, 1):
        assert outbox.deliver_pending() == 1
    assert sync_of(d.code).synced


def test_a_timeout_is_retried(world: World, portal: FakePortal, settings: Any) -> None:
    configure(settings, f"{portal.url}/dvcqg/integration", TIMEOUT=0.2)
    portal.delay = 1.0
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        assert outbox.deliver_pending() == 0
    [row] = rows(d.code)
    assert row.status == OutboxStatus.PENDING
    assert "Timeout" in row.last_error
    assert not sync_of(d.code).synced


def test_a_rejected_record_is_recorded_at_once_and_not_retried(
    world: World, portal: FakePortal
) -> None:
    portal.agency_code = "another-owner"  # the portal refuses our madonvi: a content error
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        assert outbox.deliver_pending() == 1
    [row] = rows(d.code)
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 1)
    state = sync_of(d.code)
    assert (state.rejected_version, state.last_code, state.synced) == (1, "-1", False)
    assert "madonvi" in state.last_message
    assert d.code not in portal.dossiers


def test_a_deliverer_killed_after_sending_takes_effect_once(
    world: World, portal: FakePortal
) -> None:
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        [claimed] = outbox._claim(["dvcqg"], outbox.timezone.now(), 10)
        outbox.transports()["dvcqg"](claimed)  # sent, then the deliverer dies before marking
    with at(2026, 3, 2, 9, 2):  # the lease is over: the next deliverer sends it again
        assert outbox.deliver_pending() == 1
    assert len(portal.requests) == 2
    assert len(portal.accepted()) == 1
    assert sync_of(d.code).synced


@pytest.mark.parametrize("status", [400, 422])
def test_an_http_rejection_is_definitive(world: World, portal: FakePortal, status: int) -> None:
    portal.fail_next(1, status=status)
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        assert outbox.deliver_pending() == 1
    assert sync_of(d.code).rejected_version == 1
