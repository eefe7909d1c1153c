"""Pure rules of feedback handling: deadlines and the index ratios (docs/rules.md §24).
No Django import beyond settings lookup at the edges."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Working-day limits used by the national portal for Decision 766 item 5.2 (domain: DVCQG
# operational deadlines [S]); Decree 20/2008 as amended confirms only the 5-day forwarding
# limit (Art. 9(3)(d)). Each is a setting with this default: MOTCUA["FEEDBACK_DEADLINES"].
DEFAULT_DEADLINES: dict[str, int] = {
    "refuse": 2,  # refusal of a feedback that does not meet the requirements
    "forward": 5,  # forwarding to the competent agency (Decree 20/2008 Art. 9(3)(d))
    "handle": 15,  # answered, from receipt or forwarding
    "publish": 2,  # publication of the answer after it is written
}


@dataclass(frozen=True)
class Rates:
    received: int
    on_time: int
    late: int
    satisfied_basis: int  # total first received, minus disliked, reopened and late
    on_time_rate: Decimal | None  # None: no feedback (item 5.2 then scores full)
    satisfaction_rate: Decimal | None


def pct(num: int, den: int) -> Decimal | None:
    """A percentage to 2 decimals, None when the denominator is 0 (the portal shows N/A)."""
    if den == 0:
        return None
    return (Decimal(100) * num / den).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rates(*, received: int, late: int, disliked: int, reopened: int) -> Rates:
    """Decision 766 items 5.2 and 5.3 as DVCQG computes them (domain §4.2): on-time =
    (received − late) ÷ received; satisfaction = (total − disliked − repeated − overdue) ÷ total.
    A feedback counted in several of disliked/reopened/late is subtracted once per reason, as the
    portal's formula reads; the basis never goes below 0."""
    on_time = received - late
    basis = max(0, received - disliked - reopened - late)
    return Rates(
        received=received,
        on_time=on_time,
        late=late,
        satisfied_basis=basis,
        on_time_rate=pct(on_time, received),
        satisfaction_rate=pct(basis, received),
    )
