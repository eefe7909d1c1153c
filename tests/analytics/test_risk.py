"""The lateness-risk scores of open dossiers, the page that lists them and the heads' weekly
digest through the outbox."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.analytics import risk_scores
from motcua.analytics.models import RiskScore
from motcua.core.models import OutboxMessage
from motcua.notifications import messages
from motcua.notifications.services import preference_set
from motcua.testing.auth import sign_in
from tests.dossiers.test_lifecycle_edges import counter

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def _at(*args: int) -> Any:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


@pytest.fixture
def open_dossiers(world: Any) -> Any:
    """Two open dossiers at the ward: one received on 2/12/2026 (overdue by the 20th), one
    received on 18/12 (time left)."""
    with _at(2026, 12, 2, 9, 0):
        world.old = counter(world)
    with _at(2026, 12, 18, 9, 0):
        world.new = counter(world)
    return world


def test_an_overdue_dossier_scores_highest_with_its_reason(open_dossiers: Any) -> None:
    w = open_dossiers
    now = datetime(2026, 12, 20, 9, 0, tzinfo=HCM)
    assert risk_scores.scores_refresh(now) == 2
    old = RiskScore.objects.get(dossier__code=w.old)
    new = RiskScore.objects.get(dossier__code=w.new)
    assert old.score == 100
    assert old.reasons[0]["code"] == "overdue"
    assert new.score < old.score
    assert new.agency_id == w.ward.pk
    # a second run replaces the scores: still one row per open dossier
    assert risk_scores.scores_refresh(now) == 2
    assert RiskScore.objects.count() == 2


def test_the_page_lists_the_riskiest_first_with_reasons(open_dossiers: Any) -> None:
    w = open_dossiers
    risk_scores.scores_refresh(datetime(2026, 12, 20, 9, 0, tzinfo=HCM))
    client = sign_in(Client(), w.u("head"))
    r = client.get("/can-bo/thong-ke/du-bao/", {"ky": "2026-12"})
    assert r.status_code == 200
    html = r.content.decode()
    table = html[html.index('id="bang-rui-ro"') :]
    codes = re.findall(r'<th scope="row"><a href="/can-bo/ho-so/([^/]+)/">', table)
    assert codes == [w.old, w.new]
    assert "Đã quá hạn giải quyết." in table
    other = sign_in(Client(), w.u("specialist"))
    assert other.get("/can-bo/thong-ke/du-bao/").status_code == 403
    export = client.get("/can-bo/thong-ke/xuat/rui-ro/", {"ky": "2026-12", "dinh_dang": "csv"})
    assert export.status_code == 200
    assert w.old in export.content.decode("utf-8-sig")


def test_the_digest_reaches_each_head_once_in_their_language(open_dossiers: Any) -> None:
    w = open_dossiers
    risk_scores.scores_refresh(datetime(2026, 12, 20, 9, 0, tzinfo=HCM))
    head = w.u("head")
    head.email = "truongphong@example.vn"
    head.save(update_fields=["email"])
    assert risk_scores.digest_send(date(2026, 12, 21)) == 1
    message = OutboxMessage.objects.get(kind=risk_scores.DIGEST_KIND)
    assert (message.channel, message.recipient) == ("email", head.email)
    text = messages.render(message.kind, message.payload)
    assert w.ward.name in text.subject
    assert text.body.index(w.old) < text.body.index(w.new)
    assert "Đã quá hạn giải quyết." in text.body
    assert risk_scores.digest_send(date(2026, 12, 21)) == 0  # the same week: nothing new
    assert OutboxMessage.objects.filter(kind=risk_scores.DIGEST_KIND).count() == 1

    preference_set(user=head, language="en")
    assert risk_scores.digest_send(date(2026, 12, 28)) == 1
    english = OutboxMessage.objects.filter(kind=risk_scores.DIGEST_KIND).latest("pk")
    body = messages.render(english.kind, english.payload).body
    assert "Past its deadline." in body
    assert "risk score 100/100" in body


def test_a_head_without_an_email_gets_no_digest(open_dossiers: Any) -> None:
    risk_scores.scores_refresh(datetime(2026, 12, 20, 9, 0, tzinfo=HCM))
    head = open_dossiers.u("head")
    head.email = ""
    head.save(update_fields=["email"])
    assert risk_scores.digest_send(date(2026, 12, 21)) == 0
