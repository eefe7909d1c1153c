"""Settings of the voice-of-the-people apps (issue 10): ratings, feedback, Open311 and public
consultation, read from the environment like the rest of `motcua.settings`, which declares
`MOTCUA_RATINGS = ratings()` and merges `voice_motcua()` into `MOTCUA`. The apps read each key
with the same default, so a test settings module without them behaves the same.

Variables: MOTCUA_RATING_KIOSK_CODE_HOURS (docs/ratings.md); MOTCUA_FEEDBACK_DEADLINES, as
`refuse=2,forward=5,handle=15,publish=2,reopen=15` working days, any subset (docs/rules.md §24.3),
MOTCUA_FEEDBACK_SUBMISSIONS_PER_HOUR (per client address);
MOTCUA_OPEN311_JURISDICTION, MOTCUA_OPEN311_CONTACT, MOTCUA_OPEN311_MAX_IDS,
MOTCUA_OPEN311_MAX_RESULTS, MOTCUA_OPEN311_REQUESTS_PER_MINUTE (docs/rules.md §25);
MOTCUA_CONSULTATION_MIN_DAYS, MOTCUA_CONSULTATION_COMMENTS_PER_HOUR (docs/rules.md §26–27).
"""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from motcua.feedback.rules import DEFAULT_DEADLINES

DEADLINE_KINDS = (*DEFAULT_DEADLINES, "reopen")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) <= 0:
        raise ImproperlyConfigured(f"{name} phải là số nguyên dương (không phải {raw!r}).")
    return int(raw)


def feedback_deadlines(raw: str) -> dict[str, int]:
    """`refuse=2,handle=15` → {"refuse": 2, "handle": 15}; the kinds not given keep the
    defaults of `feedback/rules.py`."""
    limits: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        kind, _, days = (x.strip() for x in part.partition("="))
        if kind not in DEADLINE_KINDS:
            raise ImproperlyConfigured(
                f"MOTCUA_FEEDBACK_DEADLINES: {kind!r} không phải loại thời hạn; dùng "
                + ", ".join(DEADLINE_KINDS)
                + "."
            )
        if not (days.isascii() and days.isdigit()) or int(days) <= 0:
            raise ImproperlyConfigured(
                f"MOTCUA_FEEDBACK_DEADLINES: {part!r} phải có dạng loại=số ngày làm việc."
            )
        limits[kind] = int(days)
    return limits


def ratings() -> dict[str, Any]:
    """How long a counter-device code works; the labels of the person's 0/1/2 points (empty:
    Tốt / Bình thường / Chưa tốt; docs/rules.md §22.2)."""
    return {"KIOSK_CODE_HOURS": _int("MOTCUA_RATING_KIOSK_CODE_HOURS", 72), "LABELS": {}}


def voice_motcua() -> dict[str, Any]:
    env = os.environ.get
    return {
        "FEEDBACK_DEADLINES": feedback_deadlines(env("MOTCUA_FEEDBACK_DEADLINES", "")),
        "FEEDBACK_SUBMISSIONS_PER_HOUR": _int("MOTCUA_FEEDBACK_SUBMISSIONS_PER_HOUR", 10),
        "OPEN311_JURISDICTION": env("MOTCUA_OPEN311_JURISDICTION", "tphcm.gov.vn"),
        "OPEN311_CONTACT": env("MOTCUA_OPEN311_CONTACT", "Trung tâm Phục vụ hành chính công"),
        "OPEN311_MAX_IDS": _int("MOTCUA_OPEN311_MAX_IDS", 50),
        "OPEN311_MAX_RESULTS": _int("MOTCUA_OPEN311_MAX_RESULTS", 1000),
        "OPEN311_REQUESTS_PER_MINUTE": _int("MOTCUA_OPEN311_REQUESTS_PER_MINUTE", 30),
        # Shortest comment period of a public consultation, in days (Law on Promulgation of
        # Legal Documents, *restated*; docs/rules.md §26): a setting because we could not check
        # the article's text.
        "CONSULTATION_MIN_DAYS": _int("MOTCUA_CONSULTATION_MIN_DAYS", 30),
        "CONSULTATION_COMMENTS_PER_HOUR": _int("MOTCUA_CONSULTATION_COMMENTS_PER_HOUR", 20),
    }
