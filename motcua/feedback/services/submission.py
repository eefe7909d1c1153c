"""Receiving a feedback (docs/rules.md §24.1): from the portal form, the API or Open311.

Photos pass the attachment checks of motcua.dossiers (size, emptiness, content sniffing) and
must be JPEG or PNG; a stored file is deleted again if the transaction fails.

Assumptions:
- The caller does not choose the agency: a submission goes to its category's agency. Only an
  official (who may be entering an item received on paper) may name another (`agency_code`);
  a citizen's or anonymous `agency_code` is ignored.
- The page and the API pass the client's address (`core.clientip.client_ip`): each may send
  `submissions_per_hour()` items an hour (`core.throttle`: the limit-th is allowed and blocks
  the address for an hour from then; `too_many_feedback`, 429). Only submissions that passed
  the checks count. Open311 is limited per key instead (open311.services)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from motcua.accounts.access import is_official
from motcua.accounts.models import Agency
from motcua.core import audit
from motcua.core.errors import DomainError, RateLimited
from motcua.core.filetypes import FileType
from motcua.core.throttle import throttle_fail
from motcua.dossiers.services.attachments import delete_quietly, measure, sniff
from motcua.feedback.models import Category, Counter, Feedback, Photo, Source
from motcua.feedback.services._common import (
    STREAM,
    agency_get,
    limit_date,
    local_date,
    refuse_control_chars,
    refuse_too_long,
)

PHOTO_TYPES = ("image/jpeg", "image/png")
MAX_PHOTOS = 5
HOUR = timedelta(hours=1)


def submissions_per_hour() -> int:
    """Feedback one client address may send an hour: `MOTCUA["FEEDBACK_SUBMISSIONS_PER_HOUR"]`,
    default 10."""
    return int(settings.MOTCUA.get("FEEDBACK_SUBMISSIONS_PER_HOUR", 10))


def _throttle(client: str) -> None:
    if not throttle_fail(f"feedback:submit:{client}", limit=submissions_per_hour(), window=HOUR):
        raise RateLimited(
            "Bạn đã gửi quá nhiều phản ánh trong một giờ. Vui lòng thử lại sau.",
            code="too_many_feedback",
        )


def _agency(actor: Any, code: str, category: Category) -> Agency:
    """The category's agency; another only when an official names it."""
    if actor is not None and is_official(actor):
        return agency_get(code, category.agency)
    return category.agency


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


def _check_text(data: SubmitData) -> None:
    if not data.title.strip() or not data.content.strip():
        raise DomainError("Cần ghi tiêu đề và nội dung phản ánh.", code="content_required")
    refuse_control_chars(
        {"content": data.content, "address": data.address},
        {
            "title": data.title,
            "name": data.name,
            "contact": data.contact,
            "subject_ref": data.subject_ref,
            "place": data.place,
        },
    )
    refuse_too_long(data.content)


def _store_photos(fb: Feedback, photos: list, stored: list[str]) -> None:
    for upload, ftype, size, digest in photos:
        upload.seek(0)  # a name we choose: the user's file name never reaches storage
        name = f"feedback/{fb.code}/{uuid.uuid4().hex}{ftype.extension}"
        name = default_storage.save(name, upload)
        stored.append(name)
        Photo.objects.create(
            feedback=fb, file=name, content_type=ftype.mime, size=size, sha256=digest
        )


def feedback_submit(
    *, actor: Any, data: SubmitData, source: str = Source.WEB, client: str | None = None
) -> Feedback:
    """Receive a feedback from anyone; signed-in people may leave name and contact empty. With
    `client` (the page and the API), the client's submissions are counted and limited."""
    _check_text(data)
    user, name, contact = _submitter(actor, data)
    category = _category(data.category_code)
    agency = _agency(actor, data.agency_code, category)
    photos = _check_photos(data.photos)
    if client is not None:
        _throttle(client)
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
                due_date=limit_date(now, "handle", agency),
            )
            _store_photos(fb, photos, stored)
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
