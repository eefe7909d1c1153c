"""Failure counters for guessable secrets, shared by every web worker through the database.

Contract:
- `throttle_fail(key)` counts one failure and says whether the attempt was still allowed.
  Failures count in a window of `window` from the first one; the `limit`-th failure in a window
  blocks the key for `window` from that moment. The attempt that reaches the limit is allowed
  (it was a real try); every later one, until the block ends, is not.
- The count is taken under a row lock (`select_for_update`; SQLite serialises IMMEDIATE
  transactions), so parallel failures are counted one by one: exactly `limit` attempts are
  allowed per window however many arrive at once.
- `throttle_blocked(key)` only reads. A success never resets a counter: whoever holds one
  secret must not be able to clear their counter to go on guessing others.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from motcua.core.models import Throttle


def throttle_fail(key: str, *, limit: int, window: timedelta) -> bool:
    """Count one failure for `key`; True when the attempt was allowed (not blocked)."""
    now = timezone.now()
    with transaction.atomic():
        Throttle.objects.bulk_create(
            [Throttle(key=key, window_started_at=now, hits=0)], ignore_conflicts=True
        )
        row = Throttle.objects.select_for_update().get(key=key)
        if row.blocked_until is not None and row.blocked_until > now:
            return False
        if row.blocked_until is not None or now - row.window_started_at > window:
            row.window_started_at, row.hits, row.blocked_until = now, 0, None
        row.hits += 1
        if row.hits >= limit:
            row.blocked_until = now + window
        row.save(update_fields=["window_started_at", "hits", "blocked_until"])
        return True


def throttle_blocked(key: str) -> bool:
    return Throttle.objects.filter(key=key, blocked_until__gt=timezone.now()).exists()
