"""One dossier's life, drawn from a seeded `random.Random` (pure: no Django import).

`live` decides what happened to a dossier received on a given day: channel, the deemed receipt
and the appointment (the 15:00 cut-off and the working days of its unit's calendar, as
`core.calendar.compute_due` counts them, docs/rules.md §1–2, §4), the outcome and its time,
supplement requests (the clock paused; docs/rules.md §6) and an apology with a new date (§8);
`extras` adds the fee, the e-result, reuse and the rating.
Whether the outcome is on time is not decided here but by `analytics.rules` from these instants
(§29): the generator only aims at late or in time. Nothing happens at or after `horizon` (the
end of the year): what would have happened later is still open.

Instants are whole seconds since the epoch (`WorkDays.at`).
"""

from __future__ import annotations

import random

from motcua.analytics.generate import figures as F
from motcua.analytics.generate.extras import extras
from motcua.analytics.generate.life import Clock, Life, Proc, Supplement
from motcua.analytics.generate.workdays import WorkDays

CUTOFF = 15 * 3600  # settings MOTCUA["RECEIPT_CUTOFF"], docs/rules.md §2
MORNING, AFTERNOON = (27_000, 41_400), (46_800, 61_200)  # 07:30–11:30, 13:00–17:00
OFFICE_SECONDS = 8 * 3600  # a full day's sessions


def _second(rng: random.Random, cal: WorkDays, day: int) -> int:
    """A moment in the office sessions of `day` (mornings busier)."""
    if cal.end[day] > AFTERNOON[0] and rng.random() >= 0.6:
        return rng.randrange(*AFTERNOON)
    return rng.randrange(MORNING[0], min(MORNING[1], cal.end[day] or MORNING[1]))


def _receive(rng: random.Random, cal: WorkDays, day: int, days: int) -> tuple[int, int, int, int]:
    """(received, deemed, deemed day, appointment)."""
    second = _second(rng, cal, day) if cal.working[day] else rng.randrange(28_800, 39_600)
    received = cal.at(day, second)
    if cal.working[day] and second <= CUTOFF:
        deemed_day, deemed = day, received
    else:
        deemed_day = cal.add(day, 1)
        deemed = cal.at(deemed_day, cal.start[deemed_day])
    a = cal.add(deemed_day, days)
    return received, deemed, deemed_day, cal.at(a, cal.end[a])


def _finish_day(rng: random.Random, cal: WorkDays, p: Proc, deemed_day: int, late: bool) -> int:
    a = cal.add(deemed_day, p.days)
    if late:
        return cal.add(a, 1 + min(int(rng.expovariate(1 / 3)), 25))
    if p.days > 0 and rng.random() < F.EARLY_SHARE:
        return cal.add(deemed_day, rng.randint(p.days // 3, p.days - 1))
    return a


def _channel(rng: random.Random, p: Proc) -> str:
    if rng.random() < p.online:
        return "online"
    return "postal" if rng.random() < F.POSTAL_SHARE else "counter"


def _supplements(
    rng: random.Random, cal: WorkDays, life: Life, deemed_day: int, end_day: int
) -> int:
    """Processing-stage requests; returns the working days the end moves by."""
    span = max(0, cal.count(deemed_day, end_day) - 1)
    day = cal.add(deemed_day, rng.randint(0, span))
    shift = 0
    for n in range(2 if rng.random() < F.SECOND_SUPPLEMENT_SHARE else 1):
        requested = max(cal.at(day, _second(rng, cal, day)), life.received + 1800)
        if n == 0 and rng.random() < F.NEVER_SUPPLIED_SHARE:
            life.supplements.append(Supplement("processing", requested, None))
            return -1
        k = rng.randint(1, 10)
        done = cal.add(day, k)
        life.supplements.append(
            Supplement(
                "processing", requested, requested + (done - day) * 86_400, k * OFFICE_SECONDS
            )
        )
        shift += k
        day = cal.add(done, rng.randint(1, 3))
    return shift


def _reception_supplement(rng: random.Random, life: Life) -> None:
    completed = life.received - rng.randrange(600, 3 * 86_400)
    requested = completed - rng.randrange(86_400, 5 * 86_400)
    life.submitted = requested - rng.randrange(1800, 86_400)
    life.supplements.append(Supplement("reception", requested, completed))


def _outcome(rng: random.Random, cal: WorkDays, p: Proc, life: Life, deemed_day: int) -> None:
    r = rng.random()
    withdrawn = r < F.WITHDRAWN_SHARE
    life.refused = F.WITHDRAWN_SHARE <= r < F.WITHDRAWN_SHARE + F.REFUSED_SHARE
    stuck = r >= 1 - F.STUCK_SHARE
    late = rng.random() < p.late_rate
    if withdrawn:
        end_day = cal.add(deemed_day, rng.randint(0, p.days))
    else:
        end_day = _finish_day(rng, cal, p, deemed_day, late)
    shift = 0
    if not life.supplements and rng.random() < F.SUPPLEMENT_SHARE:
        shift = _supplements(rng, cal, life, deemed_day, end_day)
        if shift < 0:  # never supplied: refused some weeks after the request
            life.refused, withdrawn, stuck = True, False, False
            end_day = cal.add(cal.day_of(life.supplements[0].requested), 20)
            shift = 0
    if shift:
        a = cal.day_of(life.appointment)
        moved = cal.add(a, shift)
        life.due = cal.at(moved, cal.end[moved])
        end_day = cal.add(end_day, shift)
    if stuck:
        return
    finished = max(
        cal.at(end_day, _second(rng, cal, end_day)), life.received + rng.randrange(600, 5400)
    )
    life.finished = finished
    life.status = "withdrawn" if withdrawn else "rejected" if life.refused else "result_ready"
    if late and life.status == "result_ready" and rng.random() < F.APOLOGY_SHARE:
        in_time = rng.random() < 0.75
        a = cal.day_of(life.appointment)
        day = cal.back(a, 1) if in_time else cal.add(a, 1)
        issued = max(cal.at(day, 36_000), life.received + 3600)
        new_day = cal.add(end_day, rng.randint(0, 2))
        life.apology = (issued, life.due, cal.at(new_day, cal.end[new_day]), in_time)


def _cut(life: Life, horizon: int) -> None:
    """Forget whatever would happen at or after the end of the year."""
    if life.apology and life.apology[0] >= horizon:
        life.apology = None
    if life.finished is not None and life.finished >= horizon:
        life.finished, life.status, life.refused = None, "in_progress", False
    kept = []
    for s in life.supplements:
        if s.requested >= horizon:
            continue
        if s.completed is not None and s.completed >= horizon:
            s.completed, s.paused = None, 0
        kept.append(s)
    life.supplements = kept
    if life.finished is None and life.received >= horizon - 86_400:
        life.status = "received"


def live(rng: random.Random, p: Proc, saturday_unit: bool, day: int, clock: Clock) -> Life:
    """The life of a dossier of procedure `p` received on day index `day` (of `clock`)."""
    cal = clock.saturday if saturday_unit else clock.city
    received, deemed, deemed_day, appointment = _receive(rng, cal, day, p.days)
    channel = _channel(rng, p)
    before = rng.randrange(1800, 2 * 86_400) if channel != "counter" else rng.randrange(60, 900)
    life = Life(channel, received - before, received, deemed, appointment, appointment)
    if rng.random() < F.RECEPTION_SUPPLEMENT_SHARE:
        _reception_supplement(rng, life)
    _outcome(rng, cal, p, life, deemed_day)
    _cut(life, clock.horizon)
    extras(rng, p, life, clock.horizon)
    life.events += (
        2 * len(life.supplements) + (life.apology is not None) + (life.finished is not None)
    )
    return life
