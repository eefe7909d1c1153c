"""Index 1.4 and the reporting periods: pure arithmetic, no database."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from motcua.national_portal.config import DEFAULT_STATUS_CODES
from motcua.national_portal.mapping import portal_time, status_code
from motcua.national_portal.rules import index_1_4, parse_period


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026-03", "month", date(2026, 3, 1), date(2026, 4, 1)),
        ("2026-12", "month", date(2026, 12, 1), date(2027, 1, 1)),
        ("2026-Q4", "quarter", date(2026, 10, 1), date(2027, 1, 1)),
        ("2026-q1", "quarter", date(2026, 1, 1), date(2026, 4, 1)),
        ("2026", "year", date(2026, 1, 1), date(2027, 1, 1)),
    ],
)
def test_periods(text: str, kind: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert period.last_year == (date(start.year - 1, 1, 1), date(start.year, 1, 1))


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26", "tháng 3", ""])
def test_an_unknown_period_is_refused_in_vietnamese(text: str) -> None:
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_period(text)


def test_the_denominator_is_the_larger_count_and_the_ratio_is_capped() -> None:
    index = index_1_4(
        synced=90, national_count=100, portal_count=120, last_year_total=0, kind="month"
    )
    assert (index.denominator, index.basis, index.ratio, index.score) == (
        120,
        "counts",
        Fraction(3, 4),
        Fraction(9, 2),
    )
    full = index_1_4(synced=130, national_count=100, portal_count=0, last_year_total=0, kind="year")
    assert (full.ratio, full.score) == (1, 6)


@pytest.mark.parametrize(("kind", "denominator"), [("month", 10), ("quarter", 30), ("year", 120)])
def test_with_no_dossier_in_the_period_last_years_total_is_shared_out(
    kind: str, denominator: int
) -> None:
    index = index_1_4(synced=5, national_count=0, portal_count=0, last_year_total=120, kind=kind)
    assert (index.denominator, index.basis) == (denominator, "last_year")
    assert index.score == 6 * min(Fraction(5, denominator), Fraction(1))


def test_with_nothing_this_period_nor_last_year_the_index_does_not_apply() -> None:
    index = index_1_4(synced=0, national_count=0, portal_count=0, last_year_total=0, kind="month")
    assert (index.denominator, index.basis, index.ratio, index.score) == (None, "none", None, None)


def test_portal_times_are_vietnam_time_without_separators() -> None:
    assert portal_time("2026-03-02T02:00:00+00:00") == "20260302090000"
    assert portal_time(None) == ""


def test_a_dossier_paused_for_a_supplement_shows_as_supplement_requested() -> None:
    paused = {"status": "in_progress", "pause_reason": "supplement"}
    assert status_code(paused, DEFAULT_STATUS_CODES) == "5"
    assert status_code({"status": "returned", "pause_reason": ""}, DEFAULT_STATUS_CODES) == "10"
