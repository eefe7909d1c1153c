"""One calendar's working days as index tables (pure: no Django import).

Day `i` is `first + i` days; instants are whole seconds since the Unix epoch, and the local day
is Vietnam's (UTC+7, no daylight saving). The tables are filled from `motcua.core.calendar`
(`city.workdays_for`), so holidays, Tết, swapped days and Saturday sessions are the project's
(docs/calendar.md); this module only indexes them for a fast generator.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

LOCAL_OFFSET = 7 * 3600  # Asia/Ho_Chi_Minh
DAY = 86_400


class WorkDays:
    """`add(i, n)` as `core.calendar.add_working_days` on day indexes (n ≥ 1: the n-th working
    day after day i; n = 0: day i when it works, else the next working day); `end[i]`/`start[i]`:
    the close/opening of day i in seconds after local midnight (0 on a day off)."""

    __slots__ = ("base", "cum", "days", "end", "first", "start", "working")

    def __init__(self, first: date, working: list[bool], start: list[int], end: list[int]) -> None:
        self.first = first
        self.working = bytes(working)
        self.start, self.end = tuple(start), tuple(end)
        moment = datetime(first.year, first.month, first.day, tzinfo=UTC)
        self.base = int(moment.timestamp()) - LOCAL_OFFSET  # local midnight of day 0
        self.cum = [0]
        self.days: list[int] = []
        for i, works in enumerate(working):
            self.cum.append(self.cum[-1] + works)
            if works:
                self.days.append(i)

    def __len__(self) -> int:
        return len(self.working)

    def add(self, i: int, n: int) -> int:
        k = self.cum[i + 1] + n - 1 if n > 0 else self.cum[i]
        if k >= len(self.days):
            return len(self.working) + (k - len(self.days))  # past the table: never reached
        return self.days[k]

    def back(self, i: int, n: int) -> int:
        """The n-th working day before day i (n ≥ 1); day 0 at the start of the table."""
        k = self.cum[i] - n
        return self.days[k] if k >= 0 else 0

    def count(self, a: int, b: int) -> int:
        """Working days after day a up to and including day b."""
        return self.cum[b + 1] - self.cum[a + 1]

    def at(self, i: int, second: int) -> int:
        """The instant `second` seconds after local midnight of day i."""
        return self.base + i * DAY + second

    def day_of(self, instant: int) -> int:
        return (instant - self.base) // DAY

    def date_of(self, i: int) -> date:
        return self.first + timedelta(days=i)
