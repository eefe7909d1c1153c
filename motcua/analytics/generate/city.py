"""`generate`: write a generated city-year into the database, in one transaction.

Order: the master data (agencies, officials, sectors, procedures, fees), the online applicants'
accounts, then the dossiers day by day through the year with their records, `BATCH` dossiers at
a time (so memory stays bounded whatever N; drawn and encoded in a second thread while this one
sends the previous batch, `pipeline`), then the per-agency daily code counters (so the
application's next code at a generated agency does not collide), then the id sequences.

Primary keys are chosen here, from the largest id in each table: the same seed on the same
database gives the same rows, ids included. Everything is drawn from one `random.Random(seed)`
in a fixed order.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from django.db import transaction
from django.db.models import Max

from motcua.accounts.models import Agency, User
from motcua.analytics.generate import catalogue, master, pipeline, rows, rows_catalogue, season
from motcua.analytics.generate import figures as F
from motcua.analytics.generate.catalogue import Ids, Plan, ProcSpec, Unit
from motcua.analytics.generate.lifecycle import Clock, Proc, live
from motcua.analytics.generate.people import People
from motcua.analytics.generate.workdays import WorkDays
from motcua.analytics.generate.writer import Table, Writer
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion
from motcua.core import calendar
from motcua.docstore.models import ComponentSource
from motcua.dossiers.models import Apology, Attachment, Dossier, DossierCounter, SupplementRequest
from motcua.payments.models import FeeLine, Payment, Refund
from motcua.ratings.models import Rating
from motcua.signing.models import ResultCode

BATCH = 20_000
MAX_ACCOUNTS = 250_000
Progress = Callable[[int, int, float], None]

ID_TABLES = {
    "agency": Agency,
    "user": User,
    "field": Field,
    "procedure": Procedure,
    "version": ProcedureVersion,
    "fee": Fee,
    "dossier": Dossier,
    "attachment": Attachment,
    "payment": Payment,
}
RECORD_TABLES = {
    "dossier": (Dossier, rows.DOSSIER),
    "supplement": (SupplementRequest, rows.SUPPLEMENT),
    "apology": (Apology, rows.APOLOGY),
    "fee_line": (FeeLine, rows.FEE_LINE),
    "payment": (Payment, rows.PAYMENT),
    "refund": (Refund, rows.REFUND),
    "attachment": (Attachment, rows.ATTACHMENT),
    "result_code": (ResultCode, rows.RESULT_CODE),
    "source": (ComponentSource, rows.SOURCE),
    "rating": (Rating, rows.RATING),
}


class AlreadyGenerated(Exception):
    """Generated data is already there (agency codes with `figures.AGENCY_PREFIX`)."""


@dataclass(frozen=True)
class Summary:
    dossiers: int
    rows: int
    seconds: float


def exists() -> bool:
    return Agency.objects.filter(code__startswith=F.AGENCY_PREFIX).exists()


def workdays_for(year: int, *, saturday: bool) -> WorkDays:
    """The project's calendar for `year` and the next, for a unit with or without Saturday
    sessions (an unsaved agency: only its hours matter, and city-wide overrides apply)."""
    unit = Agency(saturday_hours=[list(s) for s in F.SATURDAY_HOURS] if saturday else [])
    first = date(year, 1, 1)
    days = [first + timedelta(days=i) for i in range((date(year + 2, 1, 1) - first).days)]
    working = [calendar.is_working_day(d, agency=unit) for d in days]
    ends = [
        calendar.office_day_end(d, agency=unit) if w else None
        for d, w in zip(days, working, strict=True)
    ]
    local = [e.astimezone(calendar.LOCAL_TZ) if e else None for e in ends]
    end = [e.hour * 3600 + e.minute * 60 if e else 0 for e in local]
    start = [27_000 if w else 0 for w in working]  # the default office hours open at 07:30
    return WorkDays(first, working, start, end)


def _first_ids() -> dict[str, int]:
    return {
        key: (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        for key, model in ID_TABLES.items()
    }


class _Draw:
    """A procedure and its receiving unit for a dossier of a day."""

    def __init__(self, plan: Plan) -> None:
        self.procs = plan.procs
        self.cum = list(accumulate(p.weight for p in plan.procs))
        commune = [p for p in plan.procs if p.level == "commune"]
        self.commune, self.commune_cum = commune, list(accumulate(p.weight for p in commune))
        self.units = plan.communes
        self.units_cum = list(accumulate(u.weight for u in plan.communes))
        sat = [u for u in plan.communes if u.saturday]
        self.sat, self.sat_cum = sat, list(accumulate(u.weight for u in sat))
        late = {True: F.TROUBLED_LATE_RATE, False: F.ORDINARY_LATE_RATE}
        self.proc = {p.id: Proc(p.days, p.online, p.fee, late[p.troubled]) for p in plan.procs}

    def __call__(self, rng: random.Random, saturday_only: bool) -> tuple[ProcSpec, Unit]:
        if saturday_only:
            p = rng.choices(self.commune, cum_weights=self.commune_cum)[0]
            return p, rng.choices(self.sat, cum_weights=self.sat_cum)[0]
        p = rng.choices(self.procs, cum_weights=self.cum)[0]
        if p.receiver is not None:
            return p, p.receiver
        return p, rng.choices(self.units, cum_weights=self.units_cum)[0]


Batch = tuple[int, list[tuple[Table, Any]]]


def _batches(w: Writer, rng: random.Random, plan: Plan, clock: Clock, n: int,
             maker: rows.DossierRows) -> Iterator[Batch]:  # fmt: skip
    """The dossiers day by day through the year, a batch of encoded rows at a time (pure:
    runs in the producer thread)."""
    days = clock.city.day_of(clock.horizon)
    counts = season.allocate(n, season.day_weights(clock.city, clock.saturday, days))
    draw = _Draw(plan)
    tables = {k: w.table(*v) for k, v in RECORD_TABLES.items()}
    out: dict[str, list[rows.Row]] = {k: [] for k in RECORD_TABLES}
    done = 0
    chunk = min(BATCH, max(1, -(-n // 20)))  # at least every 5%, for the progress lines
    for day, count in enumerate(counts):
        saturday_only = not clock.city.working[day] and bool(clock.saturday.working[day])
        for _ in range(count):
            p, unit = draw(rng, saturday_only)
            life = live(rng, draw.proc[p.id], unit.saturday, day, clock)
            maker.add(life, p, unit, out)
            done += 1
            if done % chunk == 0 or done == n:
                yield done, [(tables[k], w.encode(tables[k], v)) for k, v in out.items() if v]
                out = {k: [] for k in RECORD_TABLES}


def _dossiers(w: Writer, batches: Iterator[Batch], n: int, progress: Progress | None,
              started: float) -> int:  # fmt: skip
    written = [0]

    def send(batch: Batch) -> None:
        done, parts = batch
        for table, payload in parts:
            w.send(table, payload)
            written[0] += len(payload) if isinstance(payload, list) else payload.count("\n")
        if progress:
            progress(done, n, time.monotonic() - started)

    pipeline.run(batches, send)
    return written[0]


def generate(*, dossiers: int, year: int, seed: int, progress: Progress | None = None) -> Summary:
    """Write the city and `dossiers` dossiers received in `year`; raises AlreadyGenerated."""
    started = time.monotonic()
    with transaction.atomic():
        if exists():
            raise AlreadyGenerated
        rng = random.Random(seed)  # noqa: S311 (a reproducible draw, not a secret)
        ids = Ids(_first_ids())
        plan = catalogue.plan(rng, ids)
        city, sat = workdays_for(year, saturday=False), workdays_for(year, saturday=True)
        clock = Clock(city, sat, city.at((date(year + 1, 1, 1) - date(year, 1, 1)).days, 0))
        w = Writer()
        written = master.master(w, rng, plan, ids, clock)
        people = People(rng)
        wanted = round(dossiers * F.ONLINE_SHARE * F.APPLICANTS_PER_ONLINE_DOSSIER)
        pool, accounts = master.accounts(
            rng, people, ids, min(MAX_ACCOUNTS, max(20, wanted)), clock
        )
        written += w.write(w.table(User, rows_catalogue.USER), accounts)
        del accounts
        versions = (
            calendar.calendar_version(None),
            calendar.calendar_version(Agency(saturday_hours=[list(s) for s in F.SATURDAY_HOURS])),
        )
        maker = rows.DossierRows(rng, ids, people, pool, versions, clock.horizon)
        w.check_now()
        try:
            batches = _batches(w, rng, plan, clock, dossiers, maker)
            written += _dossiers(w, batches, dossiers, progress, started)
        finally:
            w.check_now(False)
        written += w.write(w.table(DossierCounter, rows.COUNTER), maker.counters())
        w.fix_sequences()
    return Summary(dossiers, written, time.monotonic() - started)
