"""Decision 766/QĐ-TTg index 1.4 and the reporting periods (pure: no Django import).

Index 1.4 (group 1, 6 points), "dossiers synced to DVCQG": the dossiers received in the period
that were synced, divided by the larger of the national reporting system's count and DVCQG's count
for the period; when both are 0, by last year's total divided by 12 (a month) or 4 (a quarter);
score = maximum × ratio (docs/rules.md §17). A year falls back to last year's total itself (the
decision names months and quarters only; our choice). No denominator at all: not applicable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

MAX_POINTS = 6
PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "year": 1}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year
    start: date  # first day
    end: date  # first day after the period
    label: str  # as written: 2026-03, 2026-Q1, 2026

    @property
    def last_year(self) -> tuple[date, date]:
        return date(self.start.year - 1, 1, 1), date(self.start.year, 1, 1)


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def parse_period(text: str) -> Period:
    """`YYYY-MM`, `YYYY-Qn` or `YYYY`; raises ValueError (in Vietnamese) otherwise."""
    text = text.strip()
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"Tháng không hợp lệ: {text}")
        return Period("month", date(year, month, 1), _month_start(year, month + 1), text)
    if m := _QUARTER.match(text):
        year, first = int(m[1]), 3 * int(m[2]) - 2
        label = f"{year}-Q{m[2]}"
        return Period("quarter", date(year, first, 1), _month_start(year, first + 3), label)
    if m := _YEAR.match(text):
        year = int(m[1])
        return Period("year", date(year, 1, 1), date(year + 1, 1, 1), text)
    raise ValueError(f"Kỳ không hợp lệ: {text!r} (dùng YYYY-MM, YYYY-Qn hoặc YYYY).")


@dataclass(frozen=True)
class SyncIndex:
    synced: int
    denominator: Fraction | None  # None: not applicable
    basis: str  # "counts" | "last_year" | "none"
    ratio: Fraction | None
    score: Fraction | None


def index_1_4(
    *, synced: int, national_count: int, portal_count: int, last_year_total: int, kind: str
) -> SyncIndex:
    """The ratio is capped at 1 (a count above the denominator scores the maximum)."""
    denominator = Fraction(max(national_count, portal_count))
    basis = "counts"
    if denominator == 0:
        denominator = Fraction(last_year_total, PERIODS_PER_YEAR[kind])
        basis = "last_year"
    if denominator == 0:
        return SyncIndex(synced, None, "none", None, None)
    ratio = min(Fraction(synced) / denominator, Fraction(1))
    return SyncIndex(synced, denominator, basis, ratio, MAX_POINTS * ratio)
