"""Writes of open311: API keys (managed in the admin through these) and service requests,
which are feedback (docs/rules.md §25).

Error codes: api_key_invalid (PermissionDenied), too_many_requests (RateLimited),
invalid_location, plus those of `feedback_submit`.

Assumptions:
- A request is created by `feedback_submit` (its event `feedback.received` on the feedback's
  stream); the key that sent it is recorded in the same transaction by a second event,
  `open311.request_created` on the key's stream `open311_key/<id>`, with the feedback code. The
  key's id and name identify it; its clear value is never stored nor logged.
- Each key may send `requests_per_minute()` POSTs a minute (`core.throttle`: the limit-th in a
  window is allowed and blocks the key for a minute from then); every authenticated POST counts,
  accepted or not."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.core import audit
from motcua.core.errors import DomainError, PermissionDenied, RateLimited
from motcua.core.throttle import throttle_fail
from motcua.feedback.models import Feedback, Source, Subject
from motcua.feedback.services import SubmitData, feedback_submit
from motcua.open311.models import ApiKey

KEY_PREFIX = "o311_"
MINUTE = timedelta(minutes=1)


def requests_per_minute() -> int:
    """POSTs a key may send per minute: `MOTCUA["OPEN311_REQUESTS_PER_MINUTE"]`, default 30."""
    return int(settings.MOTCUA.get("OPEN311_REQUESTS_PER_MINUTE", 30))


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


def apikey_throttle(key: ApiKey) -> None:
    """Count one POST of `key`; RateLimited `too_many_requests` beyond the per-minute limit."""
    limit = requests_per_minute()
    if not throttle_fail(f"open311:key:{key.pk}", limit=limit, window=MINUTE):
        raise RateLimited(
            f"Khóa API đã gửi quá {limit} yêu cầu trong một phút.", code="too_many_requests"
        )


def _coordinate(text: str, limit: int) -> Decimal | None:
    """A latitude (`limit` 90) or longitude (180) to six decimals; NaN and infinities refused."""
    if not text:
        return None
    try:
        value = Decimal(text)
        if not value.is_finite() or not -limit <= value <= limit:
            raise InvalidOperation(text)
        return value.quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise DomainError("lat/long không hợp lệ.", code="invalid_location") from None


def request_create(*, key: ApiKey, params: dict[str, str]) -> Feedback:
    """A GeoReport `POST requests` as a feedback: name from first/last name, contact from email
    or phone, attributes `subject`, `subject_ref`, `title` (GeoReport service definition).
    The feedback and the key's event `open311.request_created` commit together."""
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
    with transaction.atomic():
        fb = feedback_submit(actor=None, data=data, source=Source.OPEN311)
        audit.append(
            stream_type="open311_key",
            stream_id=str(key.pk),
            kind="open311.request_created",
            payload={"feedback": fb.code},
        )
    return fb
