"""Pure rules of a consultation period (docs/rules.md §26); no Django import."""

from __future__ import annotations

from datetime import datetime, timedelta


def period_problem(*, opens_at: datetime, closes_at: datetime, now: datetime, min_days: int) -> str:
    """Why a comment period cannot be published, or "" when it can.

    1. It ends after it starts.
    2. It has not ended yet.
    3. Counted from when people can first comment (the later of `opens_at` and publication,
       `now`), it lasts at least `min_days` whole days (Law on Promulgation of Legal Documents,
       *restated*; the number is the setting CONSULTATION_MIN_DAYS)."""
    if closes_at <= opens_at:
        return "Thời điểm kết thúc phải sau thời điểm bắt đầu lấy ý kiến."
    if closes_at <= now:
        return "Thời hạn lấy ý kiến đã qua."
    start = max(opens_at, now)
    if closes_at - start < timedelta(days=min_days):
        return f"Thời gian lấy ý kiến phải ít nhất {min_days} ngày kể từ khi công bố."
    return ""
