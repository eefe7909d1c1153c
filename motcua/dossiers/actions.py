"""The API's action names mapped to services: one line each, so the handler stays thin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from motcua.accounts.models import User
from motcua.dossiers.schemas import ActionIn
from motcua.dossiers.services import lateness, processing, reception, results


def _items(b: ActionIn) -> list[dict[str, str]]:
    return [i.dict() for i in b.items]


def _need(value: Any, what: str) -> Any:
    if value in (None, ""):
        raise ValidationError({what: [f"Thiếu trường '{what}' cho thao tác này."]})
    return value


def _assignee(username: str | None) -> User:
    user = User.objects.filter(username=_need(username, "assignee"), is_active=True).first()
    if user is None:
        raise ValidationError({"assignee": ["Không tìm thấy cán bộ được giao."]})
    return user


Handler = Callable[[Any, str, ActionIn], Any]

ACTIONS: dict[str, Handler] = {
    "receive": lambda u, c, b: reception.dossier_receive(
        actor=u, code=c, expected_version=b.version
    ),
    "request_supplement": lambda u, c, b: reception.dossier_request_supplement(
        actor=u,
        code=c,
        items=_items(b),
        legal_basis=b.legal_basis,
        override=b.override,
        expected_version=b.version,
    ),
    "supplement": lambda u, c, b: reception.dossier_supplement(
        actor=u, code=c, note=b.note, expected_version=b.version
    ),
    "refuse": lambda u, c, b: reception.dossier_refuse(
        actor=u, code=c, reasons=b.reasons, expected_version=b.version
    ),
    "claim": lambda u, c, b: processing.step_claim(
        actor=u, code=c, step_id=_need(b.step_id, "step_id")
    ),
    "assign": lambda u, c, b: processing.step_assign(
        actor=u, code=c, step_id=_need(b.step_id, "step_id"), assignee=_assignee(b.assignee)
    ),
    "complete_step": lambda u, c, b: processing.step_complete(
        actor=u,
        code=c,
        step_id=_need(b.step_id, "step_id"),
        outcome=_need(b.outcome, "outcome"),
        note=b.note,
        items=_items(b),
        reasons=b.reasons,
        target_agency=b.target_agency,
        legal_basis=b.legal_basis,
        override=b.override,
        expected_version=b.version,
    ),
    "forward": lambda u, c, b: processing.step_complete(
        actor=u,
        code=c,
        step_id=_need(b.step_id, "step_id"),
        outcome="forward",
        note=b.note,
        target_agency=_need(b.target_agency, "target_agency"),
        expected_version=b.version,
    ),
    "record_result": lambda u, c, b: results.result_record(
        actor=u, code=c, summary=b.summary, expected_version=b.version
    ),
    "return_result": lambda u, c, b: results.result_return(
        actor=u, code=c, channel=_need(b.channel, "channel"), expected_version=b.version
    ),
    "withdraw": lambda u, c, b: results.dossier_withdraw(
        actor=u, code=c, reason=b.reason, expected_version=b.version
    ),
    "cancel": lambda u, c, b: results.dossier_cancel(
        actor=u, code=c, reason=b.reason, expected_version=b.version
    ),
    "apologize": lambda u, c, b: lateness.apology_issue(
        actor=u,
        code=c,
        reason=b.reason,
        new_due=_need(b.new_due, "new_due"),
        expected_version=b.version,
    ),
}
