"""Writes of open311: API keys (managed in the admin through these) and service requests,
which are feedback (docs/rules.md §25).

Error codes: api_key_invalid (PermissionDenied), plus those of `feedback_submit`."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.core import audit
from motcua.core.errors import DomainError, PermissionDenied
from motcua.feedback.models import Feedback, Source, Subject
from motcua.feedback.services import SubmitData, feedback_submit
from motcua.open311.models import ApiKey

KEY_PREFIX = "o311_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def apikey_create(*, actor: Any, name: str) -> tuple[ApiKey, str]:
    """A new key for a client application; the clear key is returned once, never stored."""
    key = KEY_PREFIX + secrets.token_urlsafe(24)
    with transaction.atomic():
        row = ApiKey.objects.create(name=name, key_hash=hash_key(key), prefix=key[:10])
        audit.append(
            stream_type="open311_key",
            stream_id=str(row.pk),
            kind="open311.key_created",
            actor=actor,
            payload={"name": name},
            new_stream=True,
        )
    return row, key


def apikey_revoke(*, actor: Any, key_id: int) -> None:
    with transaction.atomic():
        row = ApiKey.objects.select_for_update().get(pk=key_id)
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            audit.append(
                stream_type="open311_key",
                stream_id=str(row.pk),
                kind="open311.key_revoked",
                actor=actor,
            )


def apikey_check(key: str) -> ApiKey:
    row = ApiKey.objects.filter(key_hash=hash_key(key or ""), revoked_at__isnull=True).first()
    if row is None:
        raise PermissionDenied("api_key không hợp lệ.", code="api_key_invalid")
    return row


def _coordinate(text: str, limit: int) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise DomainError("lat/long không hợp lệ.", code="invalid_location") from None
    if not -limit <= value <= limit:
        raise DomainError("lat/long không hợp lệ.", code="invalid_location")
    return value


def request_create(*, key: ApiKey, params: dict[str, str]) -> Feedback:
    """A GeoReport `POST requests` as a feedback: name from first/last name, contact from email
    or phone, attributes `subject`, `subject_ref`, `title` (GeoReport service definition)."""
    name = f"{params.get('first_name', '')} {params.get('last_name', '')}".strip()
    contact = params.get("email", "") or params.get("phone", "")
    description = params.get("description", "").strip()
    title = params.get("attribute[title]", "").strip() or description[:80]
    subject = params.get("attribute[subject]", "") or Subject.AGENCY
    if subject not in Subject.values:
        subject = Subject.AGENCY
    data = SubmitData(
        category_code=params.get("service_code", ""),
        subject=subject,
        subject_ref=params.get("attribute[subject_ref]", ""),
        title=title,
        content=description,
        name=name,
        contact=contact,
        lat=_coordinate(params.get("lat", ""), 90),
        lon=_coordinate(params.get("long", ""), 180),
        place=params.get("address_string", ""),
    )
    return feedback_submit(actor=None, data=data, source=Source.OPEN311)
