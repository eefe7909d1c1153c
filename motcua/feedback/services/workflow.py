"""The agency's side of a feedback (docs/rules.md §24.2–24.5): classify and forward, refuse,
assign, answer, publish. Each step that has a working-day limit (§24.3) is allowed after it but
recorded late: `late` in the event's payload, and `answered_late` / `closed_late` on the row."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.dossiers.permissions import require_role
from motcua.feedback.models import Feedback, Kind, Status
from motcua.feedback.services._common import (
    ANSWER_ROLES,
    CONTENT_MAX,
    HEAD_ROLES,
    INTAKE_ROLES,
    TITLE_MAX,
    agency_get,
    limit_date,
    local_date,
    lock,
    reason_text,
    refuse_control_chars,
    refuse_too_long,
    require_status,
    save,
)

MIN_NAME_LENGTH = 4  # folded characters; shorter names and contacts are not looked for
_NUMBER_SEPARATORS = re.compile(r"[\s.\-()]+")

COMPLAINTS_POINTER = (
    "Khiếu nại, tố cáo không thuộc phạm vi phản ánh, kiến nghị (Nghị định 20/2008/NĐ-CP) và "
    "được giải quyết theo Luật Khiếu nại 2011 và Luật Tố cáo 2018: gửi đơn đến cơ quan có thẩm "
    "quyền giải quyết khiếu nại, tố cáo."
)


def _refusal_late(fb: Feedback) -> bool:
    """Refusal ≤ `refuse` working days from receipt at the current agency: the forwarding date
    for a forwarded item, else the date of receipt (§24.3)."""
    start = fb.forwarded_at or fb.received_at
    return local_date(timezone.now()) > limit_date(start, "refuse", fb.agency)


def _close_refused(fb: Feedback, actor: Any, fields: list[str], payload: dict) -> Feedback:
    fb.closed_late = _refusal_late(fb)
    fb.status = Status.REFUSED
    fb.closed_at = timezone.now()
    fields = [*fields, "status", "closed_at", "closed_late"]
    return save(fb, actor, "feedback.refused", fields, {**payload, "late": fb.closed_late})


def _forward(fb: Feedback, target_code: str, fields: list[str], payload: dict) -> None:
    """Forward to the competent agency, once (§24.2): due within `forward` working days of
    receipt; in time, the handling period restarts at the new agency (§24.3)."""
    target = agency_get(target_code, fb.agency)
    if target.pk == fb.agency_id:
        return
    now = timezone.now()
    in_time = local_date(now) <= limit_date(fb.received_at, "forward", fb.agency)
    if in_time:
        fb.due_date = limit_date(now, "handle", target)
        fields.append("due_date")
    payload |= {
        "forwarded_from": fb.agency.code,
        "to": target.code,
        "in_time": in_time,
        "late": not in_time,
    }
    fb.agency = target
    fb.forwarded_at = now
    fields += ["agency", "forwarded_at"]


def _refuse_second_forward(fb: Feedback, agency_code: str) -> None:
    if fb.forwarded_at is not None and agency_code and agency_code != fb.agency.code:
        raise DomainError(
            "Phản ánh đã được chuyển một lần; cơ quan nhận xử lý hoặc trả lời theo thẩm quyền.",
            code="already_forwarded",
        )


def feedback_classify(
    *, actor: Any, code: str, kind: str, agency_code: str = "", reason: str = ""
) -> Feedback:
    """Classify a received feedback (Decree 20/2008 Art. 9(3), §24.2): about rules or about an
    official's conduct, handled here or forwarded to `agency_code` (once: a forwarded item is
    not forwarded again, `already_forwarded`); out of scope is closed as refused with the
    reason and the pointer to the complaints track."""
    with transaction.atomic():
        fb = lock(code)
        require_role(actor, INTAKE_ROLES, fb.agency)
        _refuse_second_forward(fb, agency_code)
        require_status(fb, Status.RECEIVED)
        fb.kind = kind
        fb.classified_at = timezone.now()
        if kind == Kind.OUT_OF_SCOPE:
            fb.reason = f"{reason_text(reason)}\n\n{COMPLAINTS_POINTER}"
            return _close_refused(fb, actor, ["kind", "classified_at", "reason"], {"kind": kind})
        if kind not in (Kind.RULES, Kind.CONDUCT):
            raise DomainError("Phân loại không hợp lệ.", code="invalid_kind")
        fb.status = Status.CLASSIFIED
        fields = ["kind", "classified_at", "status"]
        payload: dict[str, Any] = {"kind": kind}
        _forward(fb, agency_code, fields, payload)
        return save(fb, actor, "feedback.classified", fields, payload)


def feedback_refuse(*, actor: Any, code: str, reason: str) -> Feedback:
    """Refuse a feedback that does not meet the requirements (Art. 9(3)(a)), with the reason."""
    with transaction.atomic():
        fb = lock(code)
        require_role(actor, INTAKE_ROLES, fb.agency)
        require_status(fb, Status.RECEIVED, Status.CLASSIFIED)
        fb.reason = reason_text(reason)
        return _close_refused(fb, actor, ["reason"], {})


def feedback_assign(*, actor: Any, code: str, handler: Any) -> Feedback:
    """The unit head gives a classified feedback to a specialist of the same agency."""
    from motcua.accounts.selectors import user_has_any_role

    with transaction.atomic():
        fb = lock(code)
        require_role(actor, HEAD_ROLES, fb.agency)
        require_status(fb, Status.CLASSIFIED)
        if handler is None or not user_has_any_role(handler, ANSWER_ROLES, fb.agency):
            raise DomainError("Người xử lý không thuộc cơ quan xử lý.", code="not_a_handler")
        fb.handler = handler
        fb.status = Status.ASSIGNED
        return save(fb, actor, "feedback.assigned", ["handler", "status"], {"to": handler.pk})


def feedback_answer(*, actor: Any, code: str, answer: str) -> Feedback:
    """Write the answer (the assigned handler or the unit head). Late when written after the
    due date (`answered_late`, judged again on each answer after a reopening)."""
    with transaction.atomic():
        fb = lock(code)
        require_role(actor, ANSWER_ROLES, fb.agency)
        if fb.handler_id != getattr(actor, "pk", None):  # not the assigned handler: the head
            require_role(actor, HEAD_ROLES, fb.agency)
        require_status(fb, Status.ASSIGNED)
        if not answer.strip():
            raise DomainError("Cần ghi nội dung trả lời.", code="answer_required")
        refuse_control_chars({"answer": answer}, {})
        refuse_too_long(answer, label="Nội dung trả lời")
        fb.answer = answer.strip()
        fb.answered_at = timezone.now()
        fb.answered_late = local_date(fb.answered_at) > fb.due_date
        fb.status = Status.ANSWERED
        fields = ["answer", "answered_at", "answered_late", "status"]
        return save(fb, actor, "feedback.answered", fields, {"late": fb.answered_late})


def _public_text(title: str, content: str) -> tuple[str, str]:
    title, content = title.strip(), content.strip()
    if not title or not content:
        raise DomainError(
            "Cần ghi tiêu đề và nội dung công khai (không chứa thông tin cá nhân).",
            code="public_text_required",
        )
    refuse_control_chars({"public_content": content}, {"public_title": title})
    refuse_too_long(title, TITLE_MAX, label="Tiêu đề công khai")
    refuse_too_long(content, CONTENT_MAX, label="Nội dung công khai")
    return title, content


def _squeezed(text: str) -> str:
    """`text` folded, without the spaces, dots, dashes and brackets people put inside phone
    numbers ("0912 345 678", "0912.345.678")."""
    return _NUMBER_SEPARATORS.sub("", fold(text))


def _refuse_personal_data(fb: Feedback, title: str, content: str) -> None:
    """§24.6: the public text must not carry the submitter's name (4 characters or more, so a
    short name does not match ordinary words) or contact, accents and case ignored."""
    public = fold(f"{title}\n{content}")
    name = fold(fb.submitter_name)
    found = len(name) >= MIN_NAME_LENGTH and name in public
    contact = _squeezed(fb.submitter_contact)
    found = found or (len(contact) >= MIN_NAME_LENGTH and contact in _squeezed(public))
    if found:
        raise DomainError(
            "Nội dung công khai còn họ tên hoặc thông tin liên hệ của người phản ánh; "
            "vui lòng bỏ thông tin cá nhân trước khi công khai.",
            code="personal_data_in_public_text",
        )


def _write_public_text(fb: Feedback, actor: Any, fields: list[str]) -> Feedback:
    """An item published before the public text existed (migration feedback 0003) gets one;
    its publication date and lateness stay as they were."""
    payload = {"place_public": fb.place_public}
    return save(fb, actor, "feedback.public_text_written", fields, payload)


def feedback_publish(
    *, actor: Any, code: str, public_title: str, public_content: str, place_public: bool = False
) -> Feedback:
    """Publish the answer (Decree 20/2008 Art. 19) with the title and content the official
    wrote for the public (§24.6): the submitter's own words may hold personal data and never
    appear on /phan-anh/, the public API, the search text or Open311; a public text holding the
    submitter's name or contact is refused (`personal_data_in_public_text`). The place and
    coordinates the submitter typed become public only with `place_public`. Late when
    published more than `publish` working days after the answer (§24.3). A published item
    without a public text (hidden from the public) is accepted too: it gets its public text."""
    title, content = _public_text(public_title, public_content)
    with transaction.atomic():
        fb = lock(code)
        require_role(actor, HEAD_ROLES, fb.agency)
        hidden = fb.status == Status.PUBLISHED and not (fb.public_title and fb.public_content)
        if not hidden:
            require_status(fb, Status.ANSWERED)
        _refuse_personal_data(fb, title, content)
        fb.public_title, fb.public_content, fb.place_public = title, content, place_public
        fb.search_text = fold(f"{fb.code} {title} {content} {fb.answer}")
        fields = ["public_title", "public_content", "place_public", "search_text"]
        if fb.status == Status.PUBLISHED:
            return _write_public_text(fb, actor, fields)
        assert fb.answered_at is not None  # ANSWERED always has it
        fb.published_at = timezone.now()
        fb.closed_at = fb.published_at
        fb.closed_late = local_date(fb.published_at) > limit_date(
            fb.answered_at, "publish", fb.agency
        )
        fb.status = Status.PUBLISHED
        fields += ["published_at", "closed_at", "closed_late", "status"]
        payload = {"late": fb.closed_late, "place_public": place_public}
        return save(fb, actor, "feedback.published", fields, payload)
