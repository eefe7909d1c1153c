"""Writes of feedback and petitions (docs/rules.md §24).

Error codes: forbidden, not_found, invalid_state, contact_required, reason_required,
not_a_photo, too_many_photos, file_too_large, file_empty, file_type_not_allowed,
unknown_agency, unknown_category, not_a_handler, already_rated, already_reopened.

Contract:
- Every service runs in one transaction, locks the feedback row (`_lock`), checks the actor's
  role at the feedback's current agency (another agency's official gets `forbidden`), changes
  the row with `update_fields`, and appends one audit event on stream ("feedback", code).
- Deadlines are working days on the agency's calendar (`motcua.core.calendar`), counted from the
  local date of receipt, or of forwarding when it was forwarded in time (§24.3).
- Photos pass the attachment checks of motcua.dossiers (size, emptiness, content sniffing) and
  must be JPEG or PNG; a stored file is deleted again if the transaction fails.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Agency, Role
from motcua.core import audit
from motcua.core.calendar import LOCAL_TZ, add_working_days
from motcua.core.errors import DomainError, NotFound
from motcua.core.filetypes import FileType
from motcua.core.text import fold, has_control_chars
from motcua.dossiers.permissions import require_role
from motcua.dossiers.services.attachments import delete_quietly, measure, sniff
from motcua.feedback.models import Category, Counter, Feedback, Kind, Photo, Source, Status
from motcua.feedback.rules import DEFAULT_DEADLINES

STREAM = "feedback"
# who studies, classifies, forwards and refuses: the one-stop desk and the unit head (§24.4)
INTAKE_ROLES = (Role.RECEPTION, Role.UNIT_HEAD)
# who assigns a handler and publishes an answer: the unit head
HEAD_ROLES = (Role.UNIT_HEAD,)
# who writes the answer: the specialist assigned, or the unit head
ANSWER_ROLES = (Role.SPECIALIST, Role.UNIT_HEAD)
PHOTO_TYPES = ("image/jpeg", "image/png")
MAX_PHOTOS = 5
COMPLAINTS_POINTER = (
    "Khiếu nại, tố cáo không thuộc phạm vi phản ánh, kiến nghị (Nghị định 20/2008/NĐ-CP) và "
    "được giải quyết theo Luật Khiếu nại 2011 và Luật Tố cáo 2018: gửi đơn đến cơ quan có thẩm "
    "quyền giải quyết khiếu nại, tố cáo."
)


def deadlines() -> dict[str, int]:
    """The working-day limits: MOTCUA["FEEDBACK_DEADLINES"] over the defaults (§24.3)."""
    return {**DEFAULT_DEADLINES, **settings.MOTCUA.get("FEEDBACK_DEADLINES", {})}


def local_date(dt: datetime) -> date:
    return dt.astimezone(LOCAL_TZ).date()


@dataclass
class SubmitData:
    category_code: str
    subject: str
    title: str
    content: str
    name: str = ""
    contact: str = ""
    address: str = ""
    subject_ref: str = ""
    agency_code: str = ""
    lat: Decimal | None = None
    lon: Decimal | None = None
    place: str = ""
    photos: list[File] = field(default_factory=list)


def _next_code(now: datetime) -> str:
    year = local_date(now).year
    Counter.objects.get_or_create(year=year)
    counter = Counter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"PAKN-{year}-{counter.last:06d}"


def _submitter(actor: Any, data: SubmitData) -> tuple[Any, str, str]:
    """Decree 20/2008 Art. 7: name, address/contact and content are the minimum (§24.1)."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    name = data.name.strip() or ((user.full_name or user.username) if user else "")
    contact = data.contact.strip() or (
        (user.email or getattr(user, "phone", "") or user.username) if user else ""
    )
    if not name or not contact:
        raise DomainError(
            "Cần ghi họ tên và số điện thoại hoặc thư điện tử để cơ quan liên hệ trả lời.",
            code="contact_required",
        )
    return user, name[:200], contact[:200]


def _category(code: str) -> Category:
    category = Category.objects.filter(code=code, active=True).select_related("agency").first()
    if category is None:
        raise DomainError("Lĩnh vực phản ánh không tồn tại.", code="unknown_category")
    return category


def _agency(code: str, default: Agency) -> Agency:
    if not code:
        return default
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise DomainError("Không tìm thấy cơ quan.", code="unknown_agency")
    return agency


def _check_photos(photos: list[File]) -> list[tuple[File, FileType, int, str]]:
    """Each photo's (file, type sniffed from content, size, sha256); the dossier attachment
    checks (`measure`, `sniff`), then JPEG or PNG only."""
    if len(photos) > MAX_PHOTOS:
        raise DomainError(f"Gửi tối đa {MAX_PHOTOS} ảnh.", code="too_many_photos")
    checked = []
    for photo in photos:
        size, digest = measure(photo)
        ftype = sniff(photo)
        if ftype.mime not in PHOTO_TYPES:
            raise DomainError("Ảnh phải là tệp JPEG hoặc PNG.", code="not_a_photo")
        checked.append((photo, ftype, size, digest))
    return checked


CONTENT_MAX = 10_000  # characters; Open311 clients send at most 4,000 (GeoReport v2)


def _refuse_control_chars(data: SubmitData) -> None:
    """Control characters would break the public pages' XML twins (Open311) and logs: refused,
    as everywhere else on the platform (core.text)."""
    lines = {"content": data.content, "address": data.address}
    single = {
        "title": data.title,
        "name": data.name,
        "contact": data.contact,
        "subject_ref": data.subject_ref,
        "place": data.place,
    }
    bad = [k for k, v in lines.items() if has_control_chars(v, multiline=True)]
    bad += [k for k, v in single.items() if has_control_chars(v)]
    if bad:
        raise DomainError(
            "Nội dung có ký tự điều khiển không hợp lệ; vui lòng nhập lại.",
            code="control_characters",
            details={"fields": bad},
        )


def feedback_submit(*, actor: Any, data: SubmitData, source: str = Source.WEB) -> Feedback:
    """Receive a feedback from anyone; signed-in people may leave name and contact empty."""
    if not data.title.strip() or not data.content.strip():
        raise DomainError("Cần ghi tiêu đề và nội dung phản ánh.", code="content_required")
    _refuse_control_chars(data)
    if len(data.content) > CONTENT_MAX:
        raise DomainError(
            f"Nội dung phản ánh dài quá {CONTENT_MAX:,} ký tự.".replace(",", "."),
            code="text_too_long",
        )
    user, name, contact = _submitter(actor, data)
    category = _category(data.category_code)
    agency = _agency(data.agency_code, category.agency)
    photos = _check_photos(data.photos)
    stored: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            fb = Feedback.objects.create(
                code=_next_code(now),
                category=category,
                subject=data.subject,
                subject_ref=data.subject_ref.strip()[:100],
                title=data.title.strip()[:200],
                content=data.content.strip(),
                submitter=user,
                submitter_name=name,
                submitter_contact=contact,
                submitter_address=data.address.strip()[:300],
                lat=data.lat,
                lon=data.lon,
                place=data.place.strip()[:300],
                source=source,
                token=secrets.token_hex(16),
                agency=agency,
                received_at=now,
                due_date=add_working_days(local_date(now), deadlines()["handle"], agency=agency),
            )
            for upload, ftype, size, digest in photos:
                upload.seek(0)  # a name we choose: the user's file name never reaches storage
                name_ = f"feedback/{fb.code}/{uuid.uuid4().hex}{ftype.extension}"
                name_ = default_storage.save(name_, upload)
                stored.append(name_)
                Photo.objects.create(
                    feedback=fb, file=name_, content_type=ftype.mime, size=size, sha256=digest
                )
            audit.append(
                stream_type=STREAM,
                stream_id=fb.code,
                kind="feedback.received",
                actor=user,
                payload={"agency": agency.code, "source": source, "photos": len(photos)},
                new_stream=True,
            )
            return fb
    except Exception:
        for name_ in stored:
            delete_quietly(default_storage, name_)
        raise


def _lock(code: str) -> Feedback:
    fb = Feedback.objects.select_for_update().filter(code=code).first()
    if fb is None:
        raise NotFound("Không tìm thấy phản ánh, kiến nghị.")
    return fb


def _require_status(fb: Feedback, *statuses: str) -> None:
    if fb.status not in statuses:
        raise DomainError(
            f"Phản ánh đang ở trạng thái “{fb.get_status_display()}”, không thực hiện được.",
            code="invalid_state",
        )


def _save(fb: Feedback, actor: Any, kind: str, fields: list[str], payload: dict) -> Feedback:
    fb.version += 1
    fb.save(update_fields=[*fields, "version"])
    audit.append(stream_type=STREAM, stream_id=fb.code, kind=kind, actor=actor, payload=payload)
    return fb


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError("Cần ghi lý do.", code="reason_required")
    return reason


def feedback_classify(
    *, actor: Any, code: str, kind: str, agency_code: str = "", reason: str = ""
) -> Feedback:
    """Classify a received feedback (Decree 20/2008 Art. 9(3), §24.2): about rules or about an
    official's conduct, handled here or forwarded to `agency_code`; out of scope is closed as
    refused with the reason and the pointer to the complaints track."""
    with transaction.atomic():
        fb = _lock(code)
        require_role(actor, INTAKE_ROLES, fb.agency)
        _require_status(fb, Status.RECEIVED)
        now = timezone.now()
        fb.kind = kind
        fb.classified_at = now
        if kind == Kind.OUT_OF_SCOPE:
            fb.reason = f"{_reason(reason)}\n\n{COMPLAINTS_POINTER}"
            fb.status = Status.REFUSED
            fb.closed_at = now
            fields = ["kind", "classified_at", "reason", "status", "closed_at"]
            return _save(fb, actor, "feedback.refused", fields, {"kind": kind})
        if kind not in (Kind.RULES, Kind.CONDUCT):
            raise DomainError("Phân loại không hợp lệ.", code="invalid_kind")
        fb.status = Status.CLASSIFIED
        fields = ["kind", "classified_at", "status"]
        payload: dict[str, Any] = {"kind": kind}
        target = _agency(agency_code, fb.agency)
        if target.pk != fb.agency_id:
            limits = deadlines()
            forward_by = add_working_days(
                local_date(fb.received_at), limits["forward"], agency=fb.agency
            )
            in_time = local_date(now) <= forward_by
            if in_time:  # the handling period restarts from forwarding (§24.3)
                fb.due_date = add_working_days(local_date(now), limits["handle"], agency=target)
                fields.append("due_date")
            payload |= {"forwarded_from": fb.agency.code, "to": target.code, "in_time": in_time}
            fb.agency = target
            fb.forwarded_at = now
            fields += ["agency", "forwarded_at"]
        return _save(fb, actor, "feedback.classified", fields, payload)


def feedback_refuse(*, actor: Any, code: str, reason: str) -> Feedback:
    """Refuse a feedback that does not meet the requirements (Art. 9(3)(a)), with the reason."""
    with transaction.atomic():
        fb = _lock(code)
        require_role(actor, INTAKE_ROLES, fb.agency)
        _require_status(fb, Status.RECEIVED, Status.CLASSIFIED)
        fb.reason = _reason(reason)
        fb.status = Status.REFUSED
        fb.closed_at = timezone.now()
        return _save(fb, actor, "feedback.refused", ["reason", "status", "closed_at"], {})


def feedback_assign(*, actor: Any, code: str, handler: Any) -> Feedback:
    """The unit head gives a classified feedback to a specialist of the same agency."""
    with transaction.atomic():
        fb = _lock(code)
        require_role(actor, HEAD_ROLES, fb.agency)
        _require_status(fb, Status.CLASSIFIED)
        from motcua.accounts.selectors import user_has_any_role

        if handler is None or not user_has_any_role(handler, ANSWER_ROLES, fb.agency):
            raise DomainError("Người xử lý không thuộc cơ quan xử lý.", code="not_a_handler")
        fb.handler = handler
        fb.status = Status.ASSIGNED
        return _save(fb, actor, "feedback.assigned", ["handler", "status"], {"to": handler.pk})


def feedback_answer(*, actor: Any, code: str, answer: str) -> Feedback:
    """Write the answer (the assigned handler or the unit head)."""
    with transaction.atomic():
        fb = _lock(code)
        require_role(actor, ANSWER_ROLES, fb.agency)
        if fb.handler_id != getattr(actor, "pk", None):  # not the assigned handler: the head
            require_role(actor, HEAD_ROLES, fb.agency)
        _require_status(fb, Status.ASSIGNED)
        if not answer.strip():
            raise DomainError("Cần ghi nội dung trả lời.", code="answer_required")
        if has_control_chars(answer, multiline=True):
            raise DomainError(
                "Nội dung trả lời có ký tự điều khiển không hợp lệ.", code="control_characters"
            )
        fb.answer = answer.strip()
        fb.answered_at = timezone.now()
        fb.status = Status.ANSWERED
        fields = ["answer", "answered_at", "status"]
        return _save(fb, actor, "feedback.answered", fields, {"late": is_late(fb)})


def feedback_publish(*, actor: Any, code: str) -> Feedback:
    """Publish the answer (Decree 20/2008 Art. 19): it appears on /phan-anh/ without the
    submitter's personal data."""
    with transaction.atomic():
        fb = _lock(code)
        require_role(actor, HEAD_ROLES, fb.agency)
        _require_status(fb, Status.ANSWERED)
        fb.published_at = timezone.now()
        fb.closed_at = fb.published_at
        fb.status = Status.PUBLISHED
        fb.search_text = fold(f"{fb.code} {fb.title} {fb.content} {fb.answer}")
        fields = ["published_at", "closed_at", "status", "search_text"]
        return _save(fb, actor, "feedback.published", fields, {})


def _require_submitter(actor: Any, fb: Feedback) -> None:
    if actor is None or fb.submitter_id is None or actor.pk != fb.submitter_id:
        raise NotFound("Không tìm thấy phản ánh, kiến nghị.")


def feedback_rate(*, actor: Any, code: str, satisfied: bool) -> Feedback:
    """The signed-in submitter rates the published answer, once (item 5.3)."""
    with transaction.atomic():
        fb = _lock(code)
        _require_submitter(actor, fb)
        _require_status(fb, Status.PUBLISHED)
        if fb.rated_at is not None:
            raise DomainError("Bạn đã đánh giá câu trả lời này.", code="already_rated")
        fb.satisfied = satisfied
        fb.rated_at = timezone.now()
        fields = ["satisfied", "rated_at"]
        return _save(fb, actor, "feedback.rated", fields, {"satisfied": satisfied})


def feedback_reopen(*, actor: Any, code: str, reason: str) -> Feedback:
    """The submitter reopens a published answer once; it goes back to its handler (§24.5)."""
    with transaction.atomic():
        fb = _lock(code)
        _require_submitter(actor, fb)
        _require_status(fb, Status.PUBLISHED)
        if fb.reopened_at is not None:
            raise DomainError("Phản ánh chỉ được mở lại một lần.", code="already_reopened")
        fb.reopened_at = timezone.now()
        fb.status = Status.ASSIGNED if fb.handler_id else Status.CLASSIFIED
        fb.closed_at = None
        fields = ["reopened_at", "status", "closed_at"]
        return _save(fb, actor, "feedback.reopened", fields, {"reason": _reason(reason)})


def is_late(fb: Feedback, today: date | None = None) -> bool:
    """Late when answered after the due date, or still open past it (§24.3). A refused
    feedback is never late."""
    if fb.status == Status.REFUSED:
        return False
    if fb.answered_at is not None and fb.status != Status.ASSIGNED:
        return local_date(fb.answered_at) > fb.due_date
    return (today or local_date(timezone.now())) > fb.due_date


def category_save(
    *, actor: Any, code: str, name: str, agency: Agency, description: str = ""
) -> Category:
    """Create or update a category (an Open311 service)."""
    with transaction.atomic():
        category, created = Category.objects.update_or_create(
            code=code, defaults={"name": name, "agency": agency, "description": description}
        )
        audit.append(
            stream_type="feedback_category",
            stream_id=code,
            kind="feedback.category_saved",
            actor=actor,
            payload={"created": created, "agency": agency.code},
        )
        return category
