"""Seeded daily series of received dossiers with a weekly season, for the forecast tests: a
level with a slow trend, a working-week pattern (Monday heaviest, Saturday light, Sunday almost
nothing), Poisson noise, and zero on the holidays given. No clock: the days are arguments."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

WEEK = (1.25, 1.1, 1.05, 1.0, 0.95, 0.35, 0.03)  # Monday … Sunday


def daily_series(
    seed: int,
    *,
    start: date,
    days: int,
    level: float = 120.0,
    trend_per_week: float = 0.6,
    holidays: frozenset[date] = frozenset(),
) -> list[tuple[date, int]]:
    rng = np.random.default_rng(seed)
    out = []
    for n in range(days):
        d = start + timedelta(days=n)
        mean = (level + trend_per_week * n / 7) * WEEK[d.weekday()]
        out.append((d, 0 if d in holidays else int(rng.poisson(max(mean, 0.0)))))
    return out
