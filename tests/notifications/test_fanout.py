"""notify(): one outbox row per channel the applicant receives, in their language."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lateness
from motcua.dossiers.services._common import notify
from motcua.notifications.models import NotificationPreference
from motcua.notifications.services import preference_set
from tests.dossiers.conftest import World
from tests.portal import mine_steps as steps
from tests.portal.mine_steps import at

pytestmark = pytest.mark.django_db


def _dossier(**fields: Any) -> Dossier:
    """notify() reads only the code, the account and the contacts: an unsaved dossier will do."""
    return Dossier(code=fields.pop("code", "000.00.00.H29-260302-0001"), **fields)


def _channels(kind: str) -> dict[str, OutboxMessage]:
    return {m.channel: m for m in OutboxMessage.objects.filter(kind=kind)}


def test_every_channel_the_applicant_can_receive(world: World) -> None:
    user = world.u("citizen")
    d = _dossier(applicant_user=user, applicant_email="an@example.vn", applicant_phone="0901")
    notify(d, kind="dossier.received", payload={"due_at": "2026-03-05T10:00:00+00:00"})
    rows = _channels("dossier.received")
    assert set(rows) == {"portal", "email", "sms"}
    assert rows["portal"].user == user
    assert rows["portal"].recipient == d.code
    assert (rows["email"].user, rows["email"].recipient) == (None, "an@example.vn")
    assert (rows["sms"].user, rows["sms"].recipient) == (None, "0901")
    payload = {"code": d.code, "due_at": "2026-03-05T10:00:00+00:00"}
    assert rows["portal"].payload == payload  # the inbox speaks the reader's page language
    assert rows["email"].payload == rows["sms"].payload == {**payload, "language": "vi"}
    assert {row.subject_id for row in rows.values()} == {d.code}


def test_sms_only_for_the_configured_kinds(world: World, settings: Any) -> None:
    d = _dossier(applicant_email="an@example.vn", applicant_phone="0901234567")
    notify(d, kind="dossier.submitted", payload={})
    assert set(_channels("dossier.submitted")) == {"portal", "email"}
    settings.MOTCUA = {**settings.MOTCUA, "NOTIFICATIONS": {"SMS_KINDS": ["dossier.submitted"]}}
    notify(_dossier(code="X-2", applicant_phone="0901234567"), kind="dossier.submitted", payload={})
    assert OutboxMessage.objects.filter(channel="sms", subject_id="X-2").count() == 1


def test_without_contacts_only_the_portal_record(world: World) -> None:
    notify(_dossier(), kind="dossier.result_ready", payload={})
    (row,) = OutboxMessage.objects.filter(kind="dossier.result_ready")
    assert (row.channel, row.user_id) == ("portal", None)


def test_the_chosen_language_is_on_every_row_that_is_sent(world: World) -> None:
    user = world.u("citizen")
    preference_set(user=user, language="en")
    assert NotificationPreference.objects.get(user=user).language == "en"
    d = _dossier(applicant_user=user, applicant_email="an@example.vn")
    notify(d, kind="dossier.result_ready", payload={})
    langs = {m.channel: m.payload.get("language") for m in OutboxMessage.objects.all()}
    assert langs == {"portal": None, "email": "en"}


def test_a_dedupe_key_holds_per_channel(world: World) -> None:
    d = _dossier(applicant_email="an@example.vn")
    notify(d, kind="dossier.apology", payload={}, dedupe="apology:1")
    keys = set(OutboxMessage.objects.values_list("dedupe_key", flat=True))
    assert keys == {"apology:1:portal", "apology:1:email"}


def test_a_real_transition_notifies_the_inbox_once_and_the_phone(world: World) -> None:
    code = steps.received(world)  # the world applicant gives a phone, no e-mail
    rows = OutboxMessage.objects.filter(subject_id=code, subject_type="dossier")
    kinds = sorted(rows.exclude(channel="dvcqg").values_list("kind", "channel"))
    assert kinds == [
        ("dossier.received", "portal"),
        ("dossier.received", "sms"),
        ("dossier.submitted", "portal"),
    ]
    assert rows.filter(user=world.u("citizen")).count() == 2  # the inbox shows each once


def test_the_due_soon_sweep_notifies_by_email_too(world: World) -> None:
    code = steps.received(world)
    Dossier.objects.filter(code=code).update(applicant_email="an@example.vn")
    preference_set(user=world.u("citizen"), language="en")
    with at(2026, 3, 5, 9, 0):
        assert lateness.deadline_sweep().due_soon == 1
        assert lateness.deadline_sweep().due_soon == 0
    rows = OutboxMessage.objects.filter(kind="dossier.due_soon", subject_id=code)
    assert {(m.channel, m.payload.get("language")) for m in rows} == {
        ("portal", None),
        ("email", "en"),
    }
    assert rows.get(channel="portal").user == world.u("citizen")
