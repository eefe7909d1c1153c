"""The weekly forecasts beat the seasonal-naive baseline on generated data with a weekly season
(the acceptance of issue 11), both in their own backtest and on eight held-out weeks; degenerate
series do not raise; risk scores and staffing by hand."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from motcua.analytics import forecast, risk, staffing
from tests.analytics.synthetic import daily_series

START = date(2025, 1, 6)  # a Monday
SEEDS = range(10)


def _split(series: list[tuple[date, int]], weeks: int) -> tuple[list, np.ndarray, date]:
    cut = len(series) - weeks * 7
    as_of = series[cut][0]
    held_out = np.array([n for _, n in series[cut:]]).reshape(-1, 7).sum(axis=1)
    return series[:cut], held_out, as_of


def test_the_backtest_beats_the_seasonal_naive_baseline() -> None:
    """Ten generated years: the model's backtest WAPE is below the baseline's in total and on
    at least eight of them (four windows of four weeks each are a small sample: on two series
    of ten the noise may favour the baseline)."""
    wins, model, naive = 0, 0.0, 0.0
    for seed in SEEDS:
        history = daily_series(seed, start=START, days=364)
        result = forecast.forecast_weekly(history, as_of=START + timedelta(days=364))
        assert result.method == "holt_winters"
        b = result.backtest
        assert b is not None
        assert b.windows == 4
        assert b.wape is not None
        assert b.baseline_wape is not None
        wins += result.beats_baseline is True
        model, naive = model + b.wape, naive + b.baseline_wape
    assert wins >= 8
    assert model < 0.9 * naive


def test_eight_held_out_weeks_are_closer_than_the_baseline() -> None:
    model_error = naive_error = 0.0
    for seed in SEEDS:
        series = daily_series(seed, start=START, days=364 + 56)
        history, actual, as_of = _split(series, 8)
        result = forecast.forecast_weekly(history, as_of=as_of)
        predicted = np.array([p.value for p in result.points])
        last_week = sum(n for _, n in history[-7:])
        model_error += float(np.abs(predicted - actual).sum())
        naive_error += float(np.abs(last_week - actual).sum())
        assert [p.week_start.weekday() for p in result.points] == [0] * 8
        assert all(p.lower <= p.value <= p.upper for p in result.points)
    assert model_error < 0.85 * naive_error  # at least 15% closer over the ten series


def test_a_holiday_week_in_the_horizon_is_forecast_low() -> None:
    as_of = START + timedelta(days=364)
    off = frozenset(as_of + timedelta(days=7 + n) for n in range(5))  # the second week
    result = forecast.forecast_weekly(
        daily_series(3, start=START, days=364), as_of=as_of, holidays=off
    )
    first, second = result.points[0].value, result.points[1].value
    assert second < 0.3 * first


def test_holidays_in_the_history_are_not_read_as_a_collapse() -> None:
    tet = frozenset(START + timedelta(days=350 + n) for n in range(5))
    history = daily_series(4, start=START, days=364, holidays=tet)
    plain = forecast.forecast_weekly(history, as_of=START + timedelta(days=364))
    cleaned = forecast.forecast_weekly(history, as_of=START + timedelta(days=364), holidays=tet)
    assert cleaned.points[0].value > plain.points[0].value


@pytest.mark.parametrize(
    "series",
    [[], [(START + timedelta(days=n), 0) for n in range(200)],
     [(START + timedelta(days=n), 5) for n in range(10)]],
)  # fmt: skip
def test_too_little_or_nothing_falls_back_to_the_mean(series: list) -> None:
    result = forecast.forecast_weekly(series, as_of=START + timedelta(days=len(series)))
    assert result.method == "mean"
    assert len(result.points) == 8
    assert result.backtest is None
    assert result.beats_baseline is None
    expected = 35.0 if series and series[0][1] == 5 else 0.0
    assert result.points[0].value == pytest.approx(expected)


def test_risk_is_overdue_first_then_time_step_backlog_and_load() -> None:
    assert risk.score(risk.RiskInputs(hours_left=-2, hours_allotted=40)) == (
        100,
        (risk.Reason("overdue", 100.0, {"hours_left": -2}),),
    )
    calm = risk.RiskInputs(hours_left=36, hours_allotted=40)
    value, reasons = risk.score(calm)
    assert value == 4
    assert [r.code for r in reasons] == ["time_left"]
    busy = risk.RiskInputs(
        hours_left=4,  # 40 × 0.9 + 10 (under a working day) = 46
        hours_allotted=40,
        step_name="Thẩm định",
        step_late_rate=0.4,  # 10
        agency_backlog=250,
        agency_weekly_capacity=100,  # 2.5 weeks of backlog: 20 × 1.5 / 3 = 10
        assignee_open=15,
        agency_median_open=10,  # 15 × 0.5 = 7.5
    )
    value, reasons = risk.score(busy)
    assert value == 74  # 46 + 10 + 10 + 7.5 = 73.5, rounded half to even → 74
    assert [r.code for r in reasons] == ["time_left", "step", "backlog", "assignee_load"]
    paused = risk.score(risk.RiskInputs(**{**busy.__dict__, "paused": True}))
    assert paused[0] == 37
    assert paused[1][0].code == "paused"
    # less time left never lowers the score
    scores = [
        risk.score(risk.RiskInputs(hours_left=h, hours_allotted=40))[0] for h in range(40, -1, -4)
    ]
    assert scores == sorted(scores)


def test_staffing_by_hand() -> None:
    week = staffing.officials_needed(
        {"A": 100, "B": 20, "*": 10},
        {"A": 1.5, "B": 6.0},
        default_hours=2.0,
        hours_per_official_week=30,
        utilisation=0.8,
    )
    # 150 + 120 + 20 = 290 hours; 290 / (30 × 0.8) = 12.08
    assert week.hours == 290
    assert week.officials == pytest.approx(290 / 24)
    assert week.by_procedure[0] == ("A", 150.0)
    with pytest.raises(ValueError):
        staffing.officials_needed({}, {}, default_hours=1, hours_per_official_week=0)
