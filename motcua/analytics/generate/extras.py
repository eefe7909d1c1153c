"""What a dossier's life leaves besides its outcome (pure: no Django import): the fee and its
online payment (refunded when the dossier ends without a result, docs/rules.md §18), a reused or
stored component (§20), the electronic result (§19), the hand-over, and the applicant's rating
with the nine indicators of Decree 61/2018 (§22)."""

from __future__ import annotations

import random

from motcua.analytics.generate import figures as F
from motcua.analytics.generate.life import Life, Proc

_RETURN = {"online": "counter", "counter": "counter", "postal": "postal"}


def extras(rng: random.Random, p: Proc, life: Life, horizon: int) -> None:
    """Fees, payment, e-result, reuse, return and rating."""
    online = life.channel == "online"
    if p.fee and rng.random() >= F.EXEMPT_SHARE:
        life.fee_total = p.fee
        if online and rng.random() < F.ONLINE_PAYMENT_SHARE:
            life.paid = life.submitted + rng.randrange(60, 1800)
            if life.status in ("withdrawn", "rejected") and life.finished is not None:
                refund = life.finished + 2 * 86_400
                life.refunded = refund if refund < horizon else None
    if online:
        r = rng.random()
        life.source = "reused" if r < F.REUSED_SHARE else ""
        if F.REUSED_SHARE <= r < F.REUSED_SHARE + F.PERSONAL_STORE_SHARE:
            life.source = "personal_store"
    if life.status != "result_ready" or life.finished is None:
        return
    life.events += 1
    if online and rng.random() < F.E_RESULT_SHARE:
        life.e_result = True
        life.digitised = rng.random() < F.DIGITISED_SHARE
    if rng.random() < F.RETURNED_SHARE:
        returned = life.finished + rng.randrange(600, 3 * 86_400)
        if returned < horizon:
            life.returned, life.status, life.events = returned, "returned", life.events + 1
            life.return_channel = "electronic" if life.e_result else _RETURN[life.channel]
    if rng.random() < F.RATING_SHARE:
        created = (life.returned or life.finished) + rng.randrange(600, 4 * 86_400)
        if created < horizon:
            life.rating = (created, *points(rng, life))


def points(rng: random.Random, life: Life) -> tuple[bool, tuple[int, ...]]:
    """Indicators 1–4 from the record (ratings.rules), 5–9 the person's (docs/rules.md §22)."""
    assert life.finished is not None
    end, due = life.finished // 60, life.due // 60  # compared at minute precision
    i1 = 2 if end < due else 1 if end == due else 0
    i3 = 2 - min(2, len(life.supplements))
    satisfied = rng.random() < F.SATISFIED_SHARE
    if satisfied:
        person = [2 if rng.random() < 0.93 else 1 for _ in range(5)]
    else:
        person = rng.choices((0, 1, 2), weights=(3, 5, 2), k=5)
    return satisfied, (i1, i1, i3, 2, *person)
