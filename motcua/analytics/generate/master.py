"""Write the generated master data (agencies, officials, sectors, procedures and versions, the
agencies that take them, fees) and the online applicants' accounts."""

from __future__ import annotations

import random

from motcua.accounts.models import Agency, User
from motcua.analytics.generate import figures as F
from motcua.analytics.generate import rows_catalogue as R
from motcua.analytics.generate.catalogue import Ids, Plan
from motcua.analytics.generate.life import Clock
from motcua.analytics.generate.people import Applicant, People
from motcua.analytics.generate.writer import Writer
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion

Pool = list[tuple[int, Applicant]]


def accounts(
    rng: random.Random, people: People, ids: Ids, n: int, clock: Clock
) -> tuple[Pool, list[R.Row]]:
    taken = set(User.objects.exclude(cccd="").values_list("cccd", flat=True))
    taken |= set(User.objects.exclude(tax_code="").values_list("tax_code", flat=True))
    pool: Pool = []
    out = []
    joined = clock.city.at(0, 0) - 200 * 86_400
    while len(pool) < n:
        who = people.organisation() if rng.random() < 0.1 else people.person()
        keys = {who.id_number, who.representative_id} - {""}
        if keys & taken:
            continue
        taken |= keys
        uid = ids.take("user")
        vneid = joined + rng.randrange(300 * 86_400) if rng.random() < F.VNEID_SHARE else None
        pool.append((uid, who))
        out.append(R.account(rng, uid, who, joined, vneid))
    return pool, out


def master(w: Writer, rng: random.Random, plan: Plan, ids: Ids, clock: Clock) -> int:
    start = clock.city.at(0, 0) - 180 * 86_400
    first_official = ids.next["user"]
    officials = list(R.officials(rng, plan, first_official, start))
    ids.next["user"] += len(officials)
    through = ProcedureVersion.agencies.through
    written = w.write(w.table(Agency, R.AGENCY), R.agencies(plan))
    written += w.write(w.table(User, R.USER), officials)
    written += w.write(w.table(Field, R.FIELD), R.fields(plan))
    written += w.write(w.table(Procedure, R.PROCEDURE), R.procedures(plan, start))
    written += w.write(w.table(ProcedureVersion, R.VERSION), R.versions(plan, start))
    written += w.write(w.table(through, R.VERSION_AGENCY), R.version_agencies(plan))
    return written + w.write(w.table(Fee, R.FEE), R.fees(plan))
