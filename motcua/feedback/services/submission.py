"""Receiving a feedback (docs/rules.md §24.1): from the portal form, the API or Open311.

Photos pass the attachment checks of motcua.dossiers (size, emptiness, content sniffing) and
must be JPEG or PNG; a stored file is deleted again if the transaction fails."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.core.filetypes import FileType
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


def feedback_submit(*, actor: Any, data: SubmitData, source: str = Source.WEB) -> Feedback:
    """Receive a feedback from anyone; signed-in people may leave name and contact empty."""
    _check_text(data)
    user, name, contact = _submitter(actor, data)
    category = _category(data.category_code)
    agency = agency_get(data.agency_code, category.agency)
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
