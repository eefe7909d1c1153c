"""Refusal and out-of-scope reasons are checked as answers are (docs/rules.md §24.2): no control
characters, 10,000 characters at most. Open311 shows a reason only for a refused item, in
well-formed XML (§25)."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from motcua.core.errors import DomainError
from motcua.core.text import CONTROL_CHAR_CODE
from motcua.feedback.models import Feedback, Kind, Status
from motcua.feedback.services import (
    feedback_answer,
    feedback_assign,
    feedback_classify,
    feedback_refuse,
)
from tests.dossiers.conftest import World
from tests.feedback.conftest import submit

pytestmark = pytest.mark.django_db
BAD = [("Thiếu\x00 nội dung", CONTROL_CHAR_CODE), ("Lý\x1b do", CONTROL_CHAR_CODE)]
BAD += [("x" * 10_001, "text_too_long")]


@pytest.mark.parametrize(("reason", "code"), BAD)
def test_a_refusal_reason_is_checked(city: World, clock: Any, reason: str, code: str) -> None:
    fb = submit()
    with pytest.raises(DomainError) as exc:
        feedback_refuse(actor=city.u("reception"), code=fb.code, reason=reason)
    assert exc.value.code == code
    assert Feedback.objects.get(pk=fb.pk).status == Status.RECEIVED


@pytest.mark.parametrize(("reason", "code"), BAD)
def test_an_out_of_scope_reason_is_checked(city: World, clock: Any, reason: str, code: str) -> None:
    fb = submit()
    with pytest.raises(DomainError) as exc:
        feedback_classify(
            actor=city.u("reception"), code=fb.code, kind=Kind.OUT_OF_SCOPE, reason=reason
        )
    assert exc.value.code == code
    assert Feedback.objects.get(pk=fb.pk).status == Status.RECEIVED


def test_a_reason_keeps_its_line_breaks(city: World, clock: Any) -> None:
    fb = submit()
    feedback_refuse(actor=city.u("reception"), code=fb.code, reason="Thiếu:\n- địa chỉ")
    assert Feedback.objects.get(pk=fb.pk).reason == "Thiếu:\n- địa chỉ"


def test_open311_shows_a_refusal_reason_in_well_formed_xml(
    city: World, clock: Any, client: Client
) -> None:
    fb = submit()
    reason = "Nội dung <không rõ> & thiếu địa chỉ"
    feedback_refuse(actor=city.u("reception"), code=fb.code, reason=reason)
    resp = client.get(f"/open311/v2/requests/{fb.code}.xml")
    root = ET.fromstring(resp.content)  # raises if not well-formed
    assert root.findtext("request/status_notes") == reason
    assert b"&lt;kh\xc3\xb4ng r\xc3\xb5&gt; &amp; thi" in resp.content
    one = client.get(f"/open311/v2/requests/{fb.code}.json").json()[0]
    assert (one["status"], one["status_notes"]) == ("closed", reason)


def test_open311_shows_no_notes_while_an_item_is_handled(
    city: World, clock: Any, client: Client
) -> None:
    fb = submit()
    feedback_classify(actor=city.u("reception"), code=fb.code, kind=Kind.RULES)
    feedback_assign(actor=city.u("head"), code=fb.code, handler=city.u("specialist"))
    Feedback.objects.filter(pk=fb.pk).update(reason="Ghi chú nội bộ")  # a stray reason
    assert client.get(f"/open311/v2/requests/{fb.code}.json").json()[0]["status_notes"] == ""
    feedback_answer(actor=city.u("specialist"), code=fb.code, answer="Trả lời chưa công khai")
    one = client.get(f"/open311/v2/requests/{fb.code}.json").json()[0]
    assert (one["status"], one["status_notes"]) == ("open", "")
