"""How many dossiers are received on each day of the year (pure: no Django import).

A day's weight is its weekday's (`figures.WEEKDAY_WEIGHTS`) on a working day of the city, the
Saturday weight on a Saturday that the Saturday units work, the Sunday weight on a Sunday, and
`HOLIDAY_WEIGHT` on any other day off (a holiday or an announced day off: the project's calendar
says which, docs/calendar.md); times the month's factor, and the rush before Tết and the
catch-up after it. Tết is the longest run of days off that starts between 15 January and the
end of February.
"""

from __future__ import annotations

from datetime import date

from motcua.analytics.generate import figures as F
from motcua.analytics.generate.workdays import WorkDays


def tet(city: WorkDays, days: int) -> tuple[int, int] | None:
    """(first, last) day index of the Tết break, or None."""
    best: tuple[int, int] | None = None
    i = 0
    while i < days:
        if city.working[i]:
            i += 1
            continue
        j = i
        while j + 1 < days and not city.working[j + 1]:
            j += 1
        first = city.date_of(i)
        in_window = (first.month == 1 and first.day >= 15) or first.month == 2
        if in_window and j - i >= 4 and (best is None or j - i > best[1] - best[0]):
            best = (i, j)
        i = j + 1
    return best


def _factor(i: int, break_: tuple[int, int] | None) -> float:
    if break_ is None:
        return 1.0
    first, last = break_
    if first - 7 * F.BEFORE_TET_WEEKS <= i < first:
        return F.BEFORE_TET_FACTOR
    if last < i <= last + 7 * F.AFTER_TET_WEEKS:
        return F.AFTER_TET_FACTOR
    return 1.0


def day_weights(city: WorkDays, saturday: WorkDays, days: int) -> list[float]:
    break_ = tet(city, days)
    out = []
    for i in range(days):
        d: date = city.date_of(i)
        weekday = d.weekday()
        if city.working[i]:
            w = F.WEEKDAY_WEIGHTS[weekday]
        elif saturday.working[i]:
            w = F.WEEKDAY_WEIGHTS[5]
        elif weekday == 6:
            w = F.WEEKDAY_WEIGHTS[6]
        else:
            w = F.HOLIDAY_WEIGHT
        out.append(w * F.MONTH_FACTORS[d.month - 1] * _factor(i, break_))
    return out


def allocate(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, by largest remainder (exact and stable)."""
    s = sum(weights)
    exact = [total * w / s for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts
