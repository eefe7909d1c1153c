"""Resync of a period: the dossiers whose latest state the portal has not accepted (or every
one) are queued again, by an administrator only, with one audit event."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.accounts.models import Role, User
from motcua.accounts.services import role_grant
from motcua.core import outbox
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.models import AuditEvent, OutboxMessage
from motcua.national_portal.fake_receiver import FakePortal
from motcua.national_portal.models import PortalSync
from motcua.national_portal.rules import parse_period
from motcua.national_portal.selectors import sync_report
from motcua.national_portal.services import portal_resync
from tests.national_portal.conftest import AGENCY_CODE, TOKEN, World, at, configure
from tests.national_portal.test_report import received

MARCH = parse_period("2026-03")


def admin(w: World) -> User:
    user = User.objects.create_user(username="admin", password="x-test-pass", kind="official")
    role_grant(user=user, agency=w.ward, role=Role.AGENCY_ADMIN)
    return user


def test_dossiers_received_before_the_sync_was_on_are_sent_by_a_resync(
    world: World, settings: Any
) -> None:
    with at(2026, 3, 2, 9, 0):
        before = [received(world), received(world)]  # the portal is not configured yet
    assert not PortalSync.objects.exists()
    with FakePortal(token=TOKEN, agency_code=AGENCY_CODE) as portal:
        configure(settings, f"{portal.url}/dvcqg/integration")
        assert sync_report(agency=world.ward, period=MARCH).never_queued == 2
        with at(2026, 4, 1, 8, 0):
            assert portal_resync(actor=admin(world), agency_code=world.ward.code, period=MARCH) == 2
            assert outbox.deliver_pending() == 2
    assert sorted(portal.dossiers) == sorted(d.code for d in before)
    assert sync_report(agency=world.ward, period=MARCH).synced == 2
    [event] = AuditEvent.objects.filter(stream_type="national_portal")
    assert (event.stream_id, event.kind, event.payload) == (
        world.ward.code,
        "portal.resync",
        {"period": "2026-03", "dossiers": 2, "everything": False},
    )


def test_only_the_unsynced_are_queued_again_unless_everything_is_asked(
    world: World, portal: FakePortal
) -> None:
    actor = admin(world)
    with at(2026, 3, 2, 9, 0):
        synced = received(world)
        assert outbox.deliver_pending() == 2
        refused = received(world)
        portal.fail_next(2, status=422)
        assert outbox.deliver_pending() == 2
    with at(2026, 3, 3, 9, 0):
        assert portal_resync(actor=actor, agency_code=world.ward.code, period=MARCH) == 1
        [again] = OutboxMessage.objects.filter(channel="dvcqg", status="pending")
        assert again.subject_id == refused.code
        assert outbox.deliver_pending() == 1
        assert PortalSync.objects.get(dossier=refused).synced
        everything = portal_resync(
            actor=actor, agency_code=world.ward.code, period=MARCH, everything=True
        )
    assert everything == 2
    assert (
        portal_resync(actor=actor, agency_code=world.ward.code, period=parse_period("2026-04")) == 0
    )
    assert str(PortalSync.objects.get(dossier=synced)) == f"{synced.pk}: 2/2"
    assert portal.dossiers[synced.code]["PhienBan"] == 2


def test_resync_needs_an_administrator_and_a_configured_portal(world: World, settings: Any) -> None:
    with pytest.raises(DomainError) as off:
        portal_resync(actor=admin(world), agency_code=world.ward.code, period=MARCH)
    assert off.value.code == "portal_not_configured"
    configure(settings, "http://127.0.0.1:9/unused")
    with pytest.raises(PermissionDenied):
        portal_resync(actor=world.u("reception"), agency_code=world.ward.code, period=MARCH)
    with pytest.raises(DomainError, match="Không tìm thấy cơ quan"):
        portal_resync(actor=world.u("reception"), agency_code="000.00.99.H29", period=MARCH)
    assert not AuditEvent.objects.filter(stream_type="national_portal").exists()


def test_the_resync_command(world: World, portal: FakePortal) -> None:
    admin(world)
    with at(2026, 3, 2, 9, 0):
        received(world)
        portal.fail_next(2, status=422)
        outbox.deliver_pending()
    out = StringIO()
    with at(2026, 3, 3, 9, 0):
        call_command(
            "national_portal_resync",
            agency=world.ward.code,
            period="2026-03",
            actor="admin",
            stdout=out,
        )
    assert "Đã xếp hàng gửi lại 1 hồ sơ của kỳ 2026-03." in out.getvalue()
    with pytest.raises(CommandError, match="Không tìm thấy người dùng"):
        call_command("national_portal_resync", agency=world.ward.code, period="2026-03", actor="x")
    with pytest.raises(CommandError, match="Cần vai trò"):
        call_command(
            "national_portal_resync", agency=world.ward.code, period="2026-03", actor="reception"
        )
    with pytest.raises(CommandError, match="Kỳ không hợp lệ"):
        call_command("national_portal_resync", agency=world.ward.code, period="3", actor="admin")
