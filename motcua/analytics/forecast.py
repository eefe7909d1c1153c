"""Weekly forecasts of received dossiers from a daily series (pure: numpy and statsmodels, no
Django; docs/analytics.md "Forecasts", docs/rules.md §31).

Method. Dossiers arrive by the working week: heavy Monday to Friday, light on Saturday, almost
none on Sunday, none on a public holiday. The daily series is therefore modelled, and the
forecast summed into weeks:
- history: a weekday that was a holiday is replaced by the median of the same weekday over the
  series, so a holiday is not read as a collapse of demand;
- model: additive Holt-Winters exponential smoothing with an additive trend and a
  seven-day season (statsmodels `ExponentialSmoothing`), fitted by maximum likelihood;
- horizon: `weeks` × 7 days from `as_of`; a holiday in the horizon is forecast at the level of
  a recent Sunday (the office is closed); negative values are cut to 0;
- interval: about 95 %, from the standard deviation σ of the one-step in-sample errors: a week
  k ahead spans ±1.96 · σ · √7 · √(1 + (k − 1)/4) around its value (errors of the days of a week
  taken as independent, widening with the horizon) — an approximation, stated as such.
Baseline. Seasonal naive: every future day repeats the same weekday of the last observed week,
so each week's forecast is the last week's total.
Backtest. Rolling origin: at each of the last `BACKTEST_ORIGINS` origins four weeks apart, the
model is fitted on the history before the origin and forecasts the next four weeks; the weekly
totals are compared with what arrived. MAE is the mean absolute weekly error; WAPE is the sum of
the absolute errors over the sum of the actual totals (None when nothing arrived). The same
windows score the baseline; `beats_baseline` is the model's WAPE below the baseline's.
Fallbacks: fewer than `MIN_DAYS` days, or nothing received → the mean of the last weeks
(`method="mean"`), no backtest. A fit that fails falls back to the seasonal naive forecast.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

MIN_DAYS = 28  # four weeks: enough to see the weekly season twice over
SEASON = 7
BACKTEST_ORIGINS = 4
BACKTEST_WEEKS = 4
MIN_TRAIN_DAYS = 56
Z95 = 1.96


@dataclass(frozen=True)
class WeekPoint:
    week_start: date
    value: float
    lower: float
    upper: float


@dataclass(frozen=True)
class Backtest:
    windows: int
    mae: float
    wape: float | None
    baseline_mae: float
    baseline_wape: float | None


@dataclass(frozen=True)
class Forecast:
    points: tuple[WeekPoint, ...]
    method: str  # "holt_winters", "seasonal_naive" (a fit failed) or "mean" (too little data)
    backtest: Backtest | None
    beats_baseline: bool | None


def _clean(values: np.ndarray, days: list[date], holidays: frozenset[date]) -> np.ndarray:
    """The history with each weekday holiday replaced by the median of its weekday."""
    out = values.astype(float).copy()
    off = np.array([d in holidays for d in days])
    if not off.any():
        return out
    weekdays = np.array([d.weekday() for d in days])
    for wd in set(weekdays[off].tolist()):
        normal = out[(weekdays == wd) & ~off]
        out[(weekdays == wd) & off] = float(np.median(normal)) if normal.size else 0.0
    return out


def _seasonal_naive(history: np.ndarray, horizon: int) -> np.ndarray:
    last = history[-SEASON:]
    return np.resize(last, horizon).astype(float)


def _holt_winters(history: np.ndarray, horizon: int) -> tuple[np.ndarray, float]:
    """The daily forecast and σ of the one-step in-sample errors."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence and frequency notices of the optimiser
        model = ExponentialSmoothing(
            history,
            trend="add",
            seasonal="add",
            seasonal_periods=SEASON,
            initialization_method="estimated",
        )
        fit = model.fit(optimized=True, use_brute=False)  # no grid search: ~45 ms less a fit
        values = np.asarray(fit.forecast(horizon), dtype=float)
        residuals = np.asarray(history - fit.fittedvalues, dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError("the fit diverged")
    sigma = float(np.std(residuals[SEASON:])) if residuals.size > SEASON else 0.0
    return np.clip(values, 0, None), sigma


def _weekly(values: np.ndarray) -> np.ndarray:
    return values[: len(values) // SEASON * SEASON].reshape(-1, SEASON).sum(axis=1)


def _closed_level(history: np.ndarray, days: list[date]) -> float:
    """What arrives on a day the office is closed: the mean of the last four Sundays."""
    sundays = [history[i] for i, d in enumerate(days) if d.weekday() == 6][-4:]
    return float(np.mean(sundays)) if sundays else 0.0


def _predict(history: np.ndarray, horizon: int) -> tuple[np.ndarray, float, str]:
    try:
        values, sigma = _holt_winters(history, horizon)
        return values, sigma, "holt_winters"
    except (ValueError, np.linalg.LinAlgError):
        naive = _seasonal_naive(history, horizon)
        errors = history[SEASON:] - history[:-SEASON]
        return naive, float(np.std(errors)) if errors.size else 0.0, "seasonal_naive"


def _backtest(history: np.ndarray) -> Backtest | None:
    horizon = BACKTEST_WEEKS * SEASON
    model_errors: list[float] = []
    naive_errors: list[float] = []
    actual_total = 0.0
    windows = 0
    for i in range(1, BACKTEST_ORIGINS + 1):
        origin = len(history) - i * horizon
        if origin < MIN_TRAIN_DAYS:
            break
        train, actual = history[:origin], _weekly(history[origin : origin + horizon])
        predicted, _sigma, _method = _predict(train, horizon)
        model_errors += np.abs(_weekly(predicted) - actual).tolist()
        naive_errors += np.abs(_weekly(_seasonal_naive(train, horizon)) - actual).tolist()
        actual_total += float(actual.sum())
        windows += 1
    if not windows:
        return None
    return Backtest(
        windows=windows,
        mae=float(np.mean(model_errors)),
        wape=sum(model_errors) / actual_total if actual_total else None,
        baseline_mae=float(np.mean(naive_errors)),
        baseline_wape=sum(naive_errors) / actual_total if actual_total else None,
    )


def _points(as_of: date, weeks: int, values: np.ndarray, sigma: float) -> tuple[WeekPoint, ...]:
    out = []
    for k, total in enumerate(_weekly(values)[:weeks], start=1):
        spread = Z95 * sigma * math.sqrt(SEASON) * math.sqrt(1 + (k - 1) / 4)
        value = float(total)
        out.append(
            WeekPoint(as_of + timedelta(weeks=k - 1), value, max(value - spread, 0.0),
                      value + spread)
        )  # fmt: skip
    return tuple(out)


def forecast_weekly(
    daily: Sequence[tuple[date, int]],
    *,
    as_of: date,
    weeks: int = 8,
    holidays: frozenset[date] = frozenset(),
) -> Forecast:
    """Forecast the `weeks` weeks from `as_of` (each starting on `as_of` + 7k) from the daily
    counts before it (consecutive days; see the module docstring)."""
    days = [d for d, _ in daily if d < as_of]
    values = np.array([n for d, n in daily if d < as_of], dtype=float)
    horizon_days = [as_of + timedelta(days=n) for n in range(weeks * SEASON)]
    if len(values) < MIN_DAYS or not values.any():
        recent = values[-MIN_DAYS:]
        per_week = float(recent.sum()) * SEASON / len(recent) if len(recent) else 0.0
        spread = Z95 * float(np.std(_weekly(recent))) if len(recent) >= 2 * SEASON else per_week
        points = tuple(
            WeekPoint(as_of + timedelta(weeks=k), per_week, max(per_week - spread, 0.0),
                      per_week + spread)
            for k in range(weeks)
        )  # fmt: skip
        return Forecast(points, "mean", None, None)
    history = _clean(values, days, holidays)
    predicted, sigma, method = _predict(history, len(horizon_days))
    closed = _closed_level(history, days)
    for i, d in enumerate(horizon_days):
        if d in holidays:
            predicted[i] = closed
    backtest = _backtest(history)
    beats = None
    if backtest and backtest.wape is not None and backtest.baseline_wape is not None:
        beats = backtest.wape < backtest.baseline_wape
    return Forecast(_points(as_of, weeks, predicted, sigma), method, backtest, beats)
