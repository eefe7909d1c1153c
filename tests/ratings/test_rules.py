"""The pure indicator rules (docs/rules.md §22.1), without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from motcua.ratings import rules

DUE = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def test_indicator_1_compares_at_the_minute() -> None:
    assert rules.indicator_1(DUE - timedelta(minutes=1), DUE) == 2
    assert rules.indicator_1(DUE + timedelta(seconds=59), DUE) == 1
    assert rules.indicator_1(DUE + timedelta(minutes=1), DUE) == 0


def test_indicator_2_takes_the_worst_agency() -> None:
    assert rules.indicator_2(["early", "early"], 0) == 2
    assert rules.indicator_2(["early", "on_time"], 0) == 1
    assert rules.indicator_2(["early", "late", "on_time"], 2) == 0
    assert rules.indicator_2([], 1) == 1  # no steps: as indicator 1


def test_indicators_3_and_4_count_contacts() -> None:
    assert [rules.count_points(n) for n in (0, 1, 2, 5)] == [2, 1, 0, 0]


def test_person_points_must_be_0_1_or_2() -> None:
    assert rules.check_points({5: 2, 6: 1, 7: 0, 8: 2, 9: 1}) == []
    assert rules.check_points({5: 3, 6: 1, 7: 0, 8: 2}) == ["i5", "i9"]
