"""Shared parts of the consultation services: limits, the clock, text checks, the lock and
the audit event (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from motcua.consultation.models import (
    Consultation,
)
from motcua.core import audit
from motcua.core.errors import DomainError, NotFound
from motcua.core.text import CONTROL_CHAR_CODE, has_control_chars

STREAM = "consultation"
ANONYMOUS_NAME = "Người góp ý"
LINE_MAX = 300  # the CharFields of titles
TEXT_MAX = 50_000  # a summary, an article, a reason, an explanation
COMMENT_MAX = 10_000
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class ArticleData:
    number: int
    text: str
    title: str = ""


@dataclass(frozen=True)
class ArticleResponseData:
    number: int
    response: str  # ArticleResponse.ACCEPTED | NOT_ACCEPTED
    text: str


_RECORDED_AT: ContextVar[datetime | None] = ContextVar("consultation_recorded_at", default=None)


def _now() -> datetime:
    """The services' clock: now, or the instant set by `recorded_at`."""
    return _RECORDED_AT.get() or timezone.now()


@contextmanager
def recorded_at(at: datetime) -> Iterator[None]:
    """Record writes as made at `at`: for a consultation that ran before the platform (the
    demo seed, an import from an earlier system), so every rule (the minimum period, comments
    only while open, the summary only after the close) is applied as it was then. Every
    audit event still carries its real time."""
    token = _RECORDED_AT.set(at)
    try:
        yield
    finally:
        _RECORDED_AT.reset(token)


def min_days() -> int:
    return int(settings.MOTCUA.get("CONSULTATION_MIN_DAYS", 30))


def comments_per_hour() -> int:
    return int(settings.MOTCUA.get("CONSULTATION_COMMENTS_PER_HOUR", 20))


def _clean(
    value: str,
    label: str,
    *,
    multiline: bool = True,
    required: bool = True,
    max_length: int | None = None,
) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"Cần nhập {label}.", code="text_required")
    if has_control_chars(value, multiline=multiline):
        raise DomainError(f"{label.capitalize()} chứa ký tự không hợp lệ.", code=CONTROL_CHAR_CODE)
    limit = max_length or (TEXT_MAX if multiline else LINE_MAX)
    if len(value) > limit:
        raise DomainError(
            f"{label.capitalize()} dài quá {limit:,} ký tự.".replace(",", "."),
            code="text_too_long",
        )
    return value


def _lock(consultation_id: int) -> Consultation:
    found = (
        Consultation.objects.select_for_update()
        .select_related("agency")
        .filter(pk=consultation_id)
        .first()
    )
    if found is None:
        raise NotFound("Không tìm thấy dự thảo lấy ý kiến.")
    return found


def _event(actor: Any, c: Consultation, kind: str, payload: dict, *, new: bool = False) -> None:
    audit.append(
        stream_type=STREAM,
        stream_id=str(c.pk),
        kind=f"consultation.{kind}",
        actor=actor,
        payload=payload,
        new_stream=new,
    )
