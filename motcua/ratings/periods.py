"""Report periods of the scorecards (docs/rules.md §23): a local (Asia/Ho_Chi_Minh) calendar
month `2026-12`, quarter `2026-Q4` or year `2026`, as [start, end) aware datetimes; and the
percentage convention of Decision 766 (N/A when the denominator is 0)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from motcua.core.errors import DomainError

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
_PERIOD = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?$")


@dataclass(frozen=True)
class Period:
    key: str  # "2026", "2026-Q4", "2026-12"
    kind: str  # year | quarter | month
    start: datetime
    end: datetime


def _local(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=HCM)


def period_parse(value: str | None) -> Period:
    """`2026`, `2026-Q4` or `2026-12`; empty: the current local month. 400 `period_invalid`."""
    if not value:
        today = timezone.localdate()
        value = f"{today.year}-{today.month:02d}"
    match = _PERIOD.match(value.strip())
    if match is None or not (2000 <= int(match.group(1)) <= 2100):
        raise DomainError(
            "Kỳ báo cáo phải có dạng 2026 (năm), 2026-Q4 (quý) hoặc 2026-12 (tháng).",
            code="period_invalid",
        )
    year = int(match.group(1))
    if match.group(2):
        month = int(match.group(2))
        start, end, kind = date(year, month, 1), _add_months(year, month, 1), "month"
    elif match.group(3):
        month = 3 * (int(match.group(3)) - 1) + 1
        start, end, kind = date(year, month, 1), _add_months(year, month, 3), "quarter"
    else:
        start, end, kind = date(year, 1, 1), date(year + 1, 1, 1), "year"
    return Period(match.group(0), kind, _local(start), _local(end))


def _add_months(year: int, month: int, n: int) -> date:
    index = year * 12 + month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage with 2 decimals, None (N/A) when `whole` is 0 (Decision 766 convention)."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def current_year() -> str:
    """The current local year as a period key (the evaluation sheet's default)."""
    return str(timezone.localdate().year)
