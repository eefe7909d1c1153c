"""Deadlines after the first answer (docs/rules.md §24.2–24.5): a reopened item is due again and
rated afresh; a refusal, forwarding or publication after its working-day limit is allowed but
recorded late and counted; forwarding happens once; the rates are counted by the database over
local days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection

from motcua.core.audit import AuditEvent
from motcua.core.calendar import add_working_days
from motcua.core.errors import DomainError
from motcua.feedback import selectors
from motcua.feedback.models import Feedback, Kind, Status
from motcua.feedback.services import (
    feedback_answer,
    feedback_assign,
    feedback_classify,
    feedback_rate,
    feedback_refuse,
    feedback_reopen,
    is_late,
    local_date,
)
from tests.dossiers.conftest import World
from tests.feedback.conftest import CLOCK, submit
from tests.feedback.test_services import handle, publish

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)


def event(code: str, kind: str) -> dict[str, Any]:
    return AuditEvent.objects.filter(stream_id=code, kind=kind).latest("pk").payload


def test_reopening_clears_the_rating_and_sets_a_new_due_date(city: World, clock: Any) -> None:
    fb = submit(actor=city.u("citizen"))
    handle(city, fb.code)
    feedback_rate(actor=city.u("citizen"), code=fb.code, satisfied=False)
    clock.move_to(CLOCK + timedelta(days=7))  # Wednesday 9/12
    feedback_reopen(actor=city.u("citizen"), code=fb.code, reason="Vẫn bị yêu cầu nộp.")
    fb.refresh_from_db()
    assert (fb.satisfied, fb.rated_at) == (None, None)
    assert fb.due_date == add_working_days(date(2026, 12, 9), 15, agency=city.ward)
    payload = event(fb.code, "feedback.reopened")
    assert payload["previous_satisfied"] is False
    assert payload["previous_rated_at"] is not None
    assert payload["previous_due_date"] == add_working_days(TODAY, 15, agency=city.ward).isoformat()
    # the new answer is rated afresh
    feedback_answer(actor=city.u("specialist"), code=fb.code, answer="Đã chấn chỉnh.")
    publish(city, fb.code)
    feedback_rate(actor=city.u("citizen"), code=fb.code, satisfied=True)
    fb.refresh_from_db()
    assert fb.satisfied is True


def test_the_reopening_deadline_is_a_setting(city: World, clock: Any, settings: Any) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "FEEDBACK_DEADLINES": {"reopen": 3}}
    fb = submit(actor=city.u("citizen"))
    handle(city, fb.code)
    feedback_reopen(actor=city.u("citizen"), code=fb.code, reason="Chưa xong.")
    fb.refresh_from_db()
    assert fb.due_date == add_working_days(TODAY, 3, agency=city.ward)


def test_a_late_refusal_is_allowed_recorded_and_counted(city: World, clock: Any) -> None:
    in_time, late = submit(), submit()
    feedback_refuse(actor=city.u("reception"), code=in_time.code, reason="Thiếu nội dung.")
    assert event(in_time.code, "feedback.refused")["late"] is False
    clock.move_to(CLOCK + timedelta(days=5))  # Monday 7/12: 3 working days after receipt
    feedback_refuse(actor=city.u("reception"), code=late.code, reason="Thiếu nội dung.")
    late.refresh_from_db()
    assert late.status == Status.REFUSED
    assert event(late.code, "feedback.refused")["late"] is True
    assert is_late(late)
    rates = selectors.agency_rates(agency=city.ward, start=TODAY, end=TODAY)
    assert (rates.received, rates.late) == (1, 1)  # the refusal in time is left out


def test_out_of_scope_after_the_refusal_limit_is_late_too(city: World, clock: Any) -> None:
    fb = submit()
    clock.move_to(CLOCK + timedelta(days=5))
    feedback_classify(
        actor=city.u("reception"), code=fb.code, kind=Kind.OUT_OF_SCOPE, reason="Khiếu nại."
    )
    assert event(fb.code, "feedback.refused")["late"] is True


def test_a_late_publication_is_allowed_recorded_and_counted(city: World, clock: Any) -> None:
    fb = submit()
    feedback_classify(actor=city.u("reception"), code=fb.code, kind=Kind.RULES)
    feedback_assign(actor=city.u("head"), code=fb.code, handler=city.u("specialist"))
    feedback_answer(actor=city.u("specialist"), code=fb.code, answer="Đã xử lý.")
    clock.move_to(CLOCK + timedelta(days=2))  # Friday 4/12: 2 working days, still in time
    assert event(fb.code, "feedback.answered")["late"] is False
    other = submit()
    handle(city, other.code)
    assert event(other.code, "feedback.published")["late"] is False
    clock.move_to(CLOCK + timedelta(days=6))  # Tuesday 8/12: 4 working days after the answer
    publish(city, fb.code)
    fb.refresh_from_db()
    assert fb.status == Status.PUBLISHED
    assert event(fb.code, "feedback.published")["late"] is True
    assert is_late(fb)
    rates = selectors.agency_rates(agency=city.ward, start=TODAY, end=TODAY + timedelta(days=2))
    assert (rates.received, rates.late) == (2, 1)


def test_a_late_forwarding_says_late(city: World, clock: Any) -> None:
    fb = submit()
    clock.move_to(CLOCK + timedelta(days=14))
    feedback_classify(
        actor=city.u("reception"), code=fb.code, kind=Kind.RULES, agency_code=city.other_ward.code
    )
    assert event(fb.code, "feedback.classified")["late"] is True


def test_forwarding_happens_once(city: World, clock: Any) -> None:
    fb = submit()
    feedback_classify(
        actor=city.u("reception"), code=fb.code, kind=Kind.RULES, agency_code=city.other_ward.code
    )
    with pytest.raises(DomainError) as exc:  # the receiving ward sends it on again
        feedback_classify(
            actor=city.u("other_reception"),
            code=fb.code,
            kind=Kind.RULES,
            agency_code=city.dept.code,
        )
    assert exc.value.code == "already_forwarded"
    fb.refresh_from_db()
    assert fb.agency == city.other_ward


def test_rates_are_one_query_over_local_days(
    city: World, clock: Any, django_assert_num_queries: Any
) -> None:
    # 23:30 local on 1/12 (16:30 UTC) is the day before; 00:30 local on 3/12 the day after
    with time_machine.travel(datetime(2026, 12, 1, 16, 30, tzinfo=UTC), tick=False):
        before = submit()
    with time_machine.travel(datetime(2026, 12, 1, 17, 30, tzinfo=UTC), tick=False):
        first = submit()  # 00:30 local on 2/12
    last = submit()
    with time_machine.travel(datetime(2026, 12, 2, 17, 30, tzinfo=UTC), tick=False):
        after = submit()
    local_days = [local_date(fb.received_at) for fb in (before, first, last, after)]
    assert local_days == [TODAY - timedelta(days=1), TODAY, TODAY, TODAY + timedelta(days=1)]
    with django_assert_num_queries(1) as captured:
        rates = selectors.agency_rates(agency=city.ward, start=TODAY, end=TODAY, today=TODAY)
    assert rates.received == 2
    sql = captured.captured_queries[0]["sql"].upper()
    assert "COUNT(" in sql  # counted by the database, no row loaded into Python
    assert "RECEIVED_AT" in sql.split("WHERE", 1)[1]  # over the period only
    far = TODAY + timedelta(days=60)
    rates = selectors.agency_rates(agency=city.ward, start=TODAY, end=TODAY, today=far)
    assert rates.late == 2


def test_the_sql_lateness_agrees_with_is_late(city: World, clock: Any) -> None:
    open_item, on_time, reopened = submit(), submit(), submit(actor=city.u("citizen"))
    handle(city, on_time.code)
    handle(city, reopened.code)
    feedback_reopen(actor=city.u("citizen"), code=reopened.code, reason="Chưa xong.")
    answered_late = submit()
    feedback_classify(actor=city.u("reception"), code=answered_late.code, kind=Kind.RULES)
    feedback_assign(actor=city.u("head"), code=answered_late.code, handler=city.u("specialist"))
    clock.move_to(CLOCK + timedelta(days=40))
    feedback_answer(actor=city.u("specialist"), code=answered_late.code, answer="Muộn.")
    for today in (TODAY, TODAY + timedelta(days=40)):
        in_sql = set(
            Feedback.objects.filter(selectors.late_q(today)).values_list("code", flat=True)
        )
        in_python = {fb.code for fb in Feedback.objects.all() if is_late(fb, today)}
        assert in_sql == in_python
    assert open_item.code in in_sql
    assert on_time.code not in in_sql


def test_received_at_is_indexed() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Feedback._meta.db_table)
    assert any(c["index"] and c["columns"] == ["received_at"] for c in constraints.values())
