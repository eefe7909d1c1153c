"""The dossier code `<agency id>-YYMMDD-NNNN` and the per-agency daily counter behind it.

Contract (docs/rules.md §5, docs/adr/0005-fast-submission.md):
- Gap-free and unique: `allocate_number` increments the agency's counter for the day in the
  caller's transaction with one statement (an upsert that creates the day's row on its first
  dossier). The row stays locked until the caller commits, so the caller allocates the number
  last, just before inserting the dossier: every read and check comes before. A rolled-back
  submission rolls its number back; the next dossier of the day takes it.
- After dossier 9,999 of a day: the sequence of Circular 01/2018/TT-VPCP Art. 19 has four
  digits and says nothing of a 10,000th dossier (Circular 03/2025/TT-VPCP re-regulates the
  code; we have not seen its format). `MOTCUA["DOSSIER_SEQUENCE_OVERFLOW"]` chooses:
  `"widen"` (default: the sequence takes a fifth digit, `…-10000`; a citizen's dossier is never
  refused for a counter) or `"refuse"` (`sequence_exhausted`, as before).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import connection

from motcua.core.errors import DomainError

SEQUENCE_DIGITS = 4  # Circular 01/2018/TT-VPCP Art. 19: NNNN
SEQUENCE_MAX = 10**SEQUENCE_DIGITS - 1
OVERFLOW_CHOICES = ("widen", "refuse")

# One statement that locks the day's row (creating it on the first dossier) and returns the
# new number. SQLite (3.35+) and PostgreSQL both speak it; the table name is fixed.
_ALLOCATE = (
    'INSERT INTO "dossiers_dossiercounter" ("agency_id", "day", "last") VALUES (%s, %s, 1) '
    'ON CONFLICT ("agency_id", "day") DO UPDATE '
    'SET "last" = "dossiers_dossiercounter"."last" + 1 RETURNING "last"'
)


def overflow_rule() -> str:
    rule = str(settings.MOTCUA.get("DOSSIER_SEQUENCE_OVERFLOW", "widen"))
    if rule not in OVERFLOW_CHOICES:
        raise ValueError(f"MOTCUA DOSSIER_SEQUENCE_OVERFLOW phải là {OVERFLOW_CHOICES}: {rule!r}")
    return rule


def format_code(agency_code: str, day: date, number: int, *, overflow: str = "widen") -> str:
    """`<agency code>-YYMMDD-NNNN`; number 10,000 and later widen the sequence (`"widen"`)
    or are refused (`"refuse"`). Pure: no database."""
    if number < 1:
        raise ValueError(f"dossier number must be positive: {number}")
    if number > SEQUENCE_MAX and overflow == "refuse":
        raise DomainError(
            f"Đã hết số thứ tự hồ sơ trong ngày ({SEQUENCE_MAX}).", code="sequence_exhausted"
        )
    return f"{agency_code}-{day:%y%m%d}-{number:0{SEQUENCE_DIGITS}d}"


def allocate_number(agency_id: int, day: date) -> int:
    """The next number of `agency_id`'s sequence for `day`; locks the counter row until the
    caller's transaction ends (call it last, inside `transaction.atomic`)."""
    if not connection.in_atomic_block:
        raise RuntimeError("allocate_number must run inside transaction.atomic()")
    with connection.cursor() as cursor:
        cursor.execute(_ALLOCATE, [agency_id, connection.ops.adapt_datefield_value(day)])
        (number,) = cursor.fetchone()
    return int(number)


def allocate_code(agency_id: int, agency_code: str, day: date) -> str:
    """Allocate the next number and format the code; under `"refuse"`, the 10,000th raises
    and the caller's rollback returns the number."""
    return format_code(agency_code, day, allocate_number(agency_id, day), overflow=overflow_rule())
