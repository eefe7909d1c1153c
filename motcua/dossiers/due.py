"""The due state of a dossier as a pure function of the clock and its appointment.

Contract (docs/rules.md §4): the state is computed when it is read, so an overdue dossier never
shows "on track" while it waits for the next `deadline_sweep` (the sweep still records the
state, for its notifications and for the list filter's index).

- The clock runs only in `CLOCK_STATUSES` (received, in progress). In any other status nothing
  is running and the state is the one recorded when the clock stopped.
- The appointment is the new one of an apology when there is one (``extended_due_at``), else
  the first (``due_at``). Overdue when ``now`` is after it (finishing at the appointment's
  minute is on time); due soon when it falls before ``soon_threshold`` (the caller's "now + N
  working days" on the calendar); else on track.
- Lateness once recorded stays: a dossier the sweep marked overdue, or whose apology came after
  its appointment (`apology_issue` keeps the mark), is overdue whatever the new appointment.
- A paused dossier (waiting for a supplement) is judged at the moment its clock stopped: the
  caller passes ``paused_at`` as both ``now`` and ``soon_threshold`` (late or on track; "due
  soon" again once the clock runs and the appointment has moved by the pause).

No database and no clock read here.
"""

from __future__ import annotations

from datetime import datetime

from motcua.dossiers.models.dossier import CLOCK_STATUSES, DueState


def due_state(
    now: datetime,
    due_at: datetime | None,
    extended_due_at: datetime | None,
    soon_threshold: datetime,
    status: str,
    *,
    recorded: str = DueState.ON_TRACK,
) -> str:
    """ "on_track", "due_soon" or "overdue" (`DueState` values); see the module contract."""
    if status not in CLOCK_STATUSES:
        return recorded or DueState.ON_TRACK
    if recorded == DueState.OVERDUE:
        return DueState.OVERDUE
    appointment = extended_due_at or due_at
    if appointment is None:
        return DueState.ON_TRACK
    if now > appointment:
        return DueState.OVERDUE
    if appointment < soon_threshold:
        return DueState.DUE_SOON
    return DueState.ON_TRACK
