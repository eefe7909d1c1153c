"""Calendar throughput: add_working_days and working_days_between calls per second.

Run: ``.venv/bin/python -m bench.calendar_bench`` (or ``make bench``). Uses the configured
database for override rows; when the table is missing (database not migrated) the calendar
logs a warning and runs on the library holidays alone, which is what this measures anyway.
Target: ≥ 500,000 add_working_days calls per second.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

CALLS = 200_000
TARGET = 500_000


def _rate(label: str, fn: Callable[[], None], calls: int) -> float:
    best = min(_timed(fn) for _ in range(3))
    rate = calls / best
    print(f"{label:<32} {rate:>12,.0f} calls/s")
    return rate


def _timed(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from motcua.core.calendar import add_working_days, is_working_day, working_days_between

    rng = random.Random(2026)
    first, span = date(2025, 1, 1), (date(2027, 12, 31) - date(2025, 1, 1)).days
    starts = [first + timedelta(days=rng.randrange(span)) for _ in range(CALLS)]
    ns = [rng.randint(1, 30) for _ in range(CALLS)]
    ends = [first + timedelta(days=rng.randrange(span)) for _ in range(CALLS)]
    is_working_day(first)  # build the calendar outside the timing

    def adds() -> None:
        for start, n in zip(starts, ns, strict=True):
            add_working_days(start, n)

    def betweens() -> None:
        for a, b in zip(starts, ends, strict=True):
            working_days_between(a, b)

    rate = _rate("add_working_days", adds, CALLS)
    _rate("working_days_between", betweens, CALLS)
    print(f"target add_working_days ≥ {TARGET:,}/s: {'OK' if rate >= TARGET else 'BELOW'}")


if __name__ == "__main__":
    main()
