"""The payment-due pause: from receipt until paid the clock is stopped; payment moves the
appointment by the paused working time (the supplement rule, docs/rules.md §4)."""

from __future__ import annotations

from datetime import datetime

from motcua.core import calendar
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import PauseReason
from motcua.payments.models import FeeLine
from tests.payments.conftest import HCM, PayWorld, submit_and_receive
from tests.payments.test_callbacks import result, send, started


def test_receipt_fixes_the_online_fee_lines_and_pauses_the_clock(pay_world: PayWorld) -> None:
    d = pay_world.dossier()
    assert d.pause_reason == PauseReason.PAYMENT
    assert d.paused_at == d.received_at
    lines = list(FeeLine.objects.filter(dossier=d).values_list("base_amount", "amount"))
    assert lines == [(10000, 10000), (5000, 5000)]  # the online rate, not the counter's 20,000
    assert d.fee_total == 15000
    due = OutboxMessage.objects.get(kind="dossier.payment_due", subject_id=d.code, channel="portal")
    assert due.payload["amount"] == 15000


def test_an_exempt_applicant_owes_only_the_items_without_the_exemption(pay_world: PayWorld) -> None:
    code = submit_and_receive(pay_world.w, fee_exemption="poor_household")
    d = type(pay_world.dossier()).objects.get(code=code)
    assert d.fee_total == 5000  # only the fee without exemptions
    assert FeeLine.objects.get(dossier=d, amount=0).exempt_category == "poor_household"
    assert d.pause_reason == PauseReason.PAYMENT


def test_paying_moves_the_appointment_by_the_paused_working_time(pay_world: PayWorld) -> None:
    before = pay_world.dossier()
    step_due = before.steps.get().due_at
    payment = started(pay_world)
    send(result(payment))  # confirmed at 09:00 on Tuesday 3 March (the `send` clock)
    after = pay_world.dossier()
    paused = calendar.working_seconds_between(
        before.received_at, datetime(2026, 3, 3, 9, 0, tzinfo=HCM), agency=after.receiving_agency
    )
    assert paused > 0
    assert after.paused_seconds == paused
    assert after.due_at == calendar.add_working_seconds(
        before.due_at, paused, agency=after.receiving_agency
    )
    assert after.paused_at is None
    assert after.pause_reason == PauseReason.NONE
    assert after.steps.get().due_at == calendar.add_working_seconds(
        step_due, paused, agency=after.receiving_agency
    )
