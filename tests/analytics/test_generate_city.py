"""`motcua generate_city`: a seeded city-year with the published shape (docs/analytics.md,
"Generated city"), reproducible, refused twice, and its --reset touches nothing else."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import Sum

from motcua.accounts.models import Agency, User
from motcua.analytics.generate import city, figures
from motcua.analytics.models import DossierFact, RollupDay
from motcua.analytics.rules import local_day
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.core import calendar
from motcua.docstore.models import ComponentSource
from motcua.dossiers.models import Dossier, SupplementRequest
from motcua.payments.models import Payment
from motcua.ratings.models import Rating
from motcua.signing.models import ResultCode
from tests.dossiers.conftest import World
from tests.dossiers.test_lifecycle_edges import counter

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2026
N = 2000
TET_2026 = (date(2026, 2, 14), date(2026, 2, 22))  # TB 9441/TB-BNV (core/calendar.py)
RELATED = (SupplementRequest, Payment, ResultCode, ComponentSource, Rating)


def generate(n: int = N, seed: int = 1, **options: Any) -> str:
    out = StringIO()
    call_command("generate_city", dossiers=n, year=YEAR, seed=seed, stdout=out, **options)
    return out.getvalue()


def generated() -> Any:
    return Dossier.objects.filter(code__startswith=figures.AGENCY_PREFIX)


def fingerprint() -> str:
    """Every generated dossier's identity and life, and the count of each related table."""
    rows = generated().order_by("code").values_list(
        "code", "status", "channel", "received_at", "appointment_at", "finished_at", "fee_total",
        "applicant_id_number", "tracking_pin",
    )  # fmt: skip
    text = repr(list(rows)) + repr([m.objects.count() for m in RELATED])
    return hashlib.sha256(text.encode()).hexdigest()


def counts() -> dict[str, int]:
    models = (Agency, User, Procedure, ProcedureVersion, Dossier, *RELATED)
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_a_city_year_with_the_published_shape() -> None:
    # when
    out = generate()
    # then: the agencies
    root = Agency.objects.get(code=f"{figures.AGENCY_PREFIX}00.00{figures.AGENCY_SUFFIX}")
    assert (root.parent, root.kind) == (None, "city_committee")
    kinds = Counter(Agency.objects.filter(parent=root).values_list("kind", flat=True))
    assert (kinds["ward"], kinds["commune"], kinds["special_zone"]) == (113, 54, 1)
    assert kinds["department"] == figures.DEPARTMENTS
    # the procedures: one published version each, the level split, working-day limits
    procs = Procedure.objects.filter(code__startswith=figures.PROCEDURE_PREFIX)
    assert procs.count() == 2242
    versions = ProcedureVersion.objects.filter(procedure__in=procs, status="published")
    assert versions.count() == 2242
    assert Counter(versions.values_list("level", flat=True)) == {
        "province": 1865, "commune": 372, "other": 5,
    }  # fmt: skip
    limits = set(versions.values_list("time_limit_value", flat=True))
    assert limits == {Decimal(d) for d in figures.PROCESSING_DAYS}
    # the dossiers: N, unique codes that fit, received in the year, about 68% online
    dossiers = generated()
    assert dossiers.count() == N
    codes = list(dossiers.values_list("code", flat=True))
    assert len(set(codes)) == N
    assert max(map(len, codes)) <= 32
    days = [local_day(r) for r in dossiers.values_list("received_at", flat=True)]
    assert {d.year for d in days} == {YEAR}
    online = dossiers.filter(channel="online").count() / N
    assert abs(online - figures.ONLINE_SHARE) < 0.04
    # progress lines every 5%
    assert "(5%)" in out
    assert "(100%)" in out


@pytest.mark.django_db
def test_weeks_and_tet_and_late_procedures() -> None:
    # given
    generate()
    days = Counter(local_day(r) for r in generated().values_list("received_at", flat=True))
    # then: Sunday ≪ Monday
    weekdays = Counter()
    for day, n in days.items():
        weekdays[day.weekday()] += n
    assert weekdays[6] * 20 < weekdays[0]
    # the Tết week ≪ an average week, and the weeks before it busier than average
    tet = sum(n for d, n in days.items() if TET_2026[0] <= d <= TET_2026[1])
    assert tet * 10 < N / 52
    before = sum(n for d, n in days.items() if TET_2026[0] - timedelta(14) <= d < TET_2026[0])
    assert before > 2 * N / 52
    # when the rollups are rebuilt from the generated tables
    call_command("rollups_rebuild", stdout=StringIO())
    # then every dossier is received once
    received = RollupDay.objects.aggregate(
        c=Sum("received_counter"), o=Sum("received_online"), p=Sum("received_postal")
    )
    assert sum(received.values()) == N
    # about 96% of the resolved on time or early; lateness in a few procedures
    facts = DossierFact.objects.filter(outcome="resolved")
    late = Counter(facts.filter(timing="late").values_list("procedure_id", flat=True))
    assert 0.93 < 1 - sum(late.values()) / facts.count() < 0.985
    top = sorted(late.values(), reverse=True)[: round(0.05 * 2242)]
    assert sum(top) > sum(late.values()) / 2
    worst = [p for p, _ in late.most_common(round(0.03 * 2242))]
    share_late = sum(late[p] for p in worst) / sum(late.values())
    share_volume = facts.filter(procedure_id__in=worst).count() / facts.count()
    assert share_late > 2 * share_volume


@pytest.mark.django_db
def test_the_records_beside_the_dossiers() -> None:
    generate()
    dossiers = generated()
    assert 0.3 < dossiers.filter(fee_total__gt=0).count() / N < 0.5
    assert Payment.objects.filter(status="paid").exists()
    ratings = Rating.objects.filter(dossier__in=dossiers)
    assert 0.1 < ratings.count() / N < 0.3
    assert ratings.filter(satisfied=True).count() / ratings.count() > 0.85
    assert ResultCode.objects.filter(dossier__channel="online").count() > 0
    assert set(ComponentSource.objects.values_list("source", flat=True)) == {
        "reused", "personal_store",
    }  # fmt: skip
    per_dossier = Counter(SupplementRequest.objects.values_list("dossier_id", flat=True))
    assert 0.02 < len(per_dossier) / N < 0.1
    assert 2 in per_dossier.values()
    # some still open at the year's end, some of them overdue
    open_ = dossiers.filter(finished_at__isnull=True)
    assert open_.exists()
    assert open_.filter(due_state="overdue").exists()


@pytest.mark.django_db
def test_the_appointment_is_the_project_calendars() -> None:
    generate(n=300)
    for d in generated().select_related("receiving_agency", "procedure_version")[:60]:
        version = d.procedure_version
        due = calendar.compute_due(
            d.received_at, version.time_limit_value, "working_days", agency=d.receiving_agency
        )
        assert (d.appointment_at, d.deemed_received_at) == (due.due_at, due.deemed_received_at)
        assert d.calendar_version == calendar.calendar_version(d.receiving_agency)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows() -> None:
    # given
    generate(n=600, seed=7)
    first = fingerprint()
    # when
    generate(n=600, seed=7, reset=True)
    # then
    assert fingerprint() == first
    generate(n=600, seed=8, reset=True)
    assert fingerprint() != first


@pytest.mark.django_db
def test_a_second_run_is_refused_and_changes_nothing() -> None:
    # given
    generate(n=300)
    before = counts()
    # when / then
    with pytest.raises(CommandError, match="--reset"):
        generate(n=300)
    assert counts() == before


@pytest.mark.django_db
def test_reset_leaves_other_agencies_and_dossiers(world: World) -> None:
    # given the test city with a dossier of its own
    code = counter(world)
    mine = list(Dossier.objects.values_list("code", "status", "version"))
    agencies = list(Agency.objects.values_list("code", "path"))
    generate(n=300)
    # when
    generate(n=300, seed=2, reset=True)
    # then
    assert generated().count() == 300
    assert list(Dossier.objects.exclude(code__startswith="999.").values_list(
        "code", "status", "version")) == mine  # fmt: skip
    assert list(Agency.objects.exclude(code__startswith="999.").values_list("code", "path")) == (
        agencies
    )
    # and the application still numbers and stores new dossiers
    assert counter(world) != code
    assert Dossier.objects.count() == 302
    assert city.exists()


@pytest.mark.django_db
def test_the_command_checks_its_input_and_defaults_to_last_year(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(CommandError, match="--dossiers"):
        call_command("generate_city", dossiers=0, stdout=StringIO())
    assert not city.exists()
    # the default year is the one before today's (Vietnam) date
    monkeypatch.setattr(city, "BATCH", 1)  # a batch per dossier: more batches than 5% steps
    with time_machine.travel(datetime(2027, 3, 1, 9, 0, tzinfo=HCM), tick=False):
        out = StringIO()
        call_command("generate_city", dossiers=30, stdout=out)
    assert {local_day(r).year for r in generated().values_list("received_at", flat=True)} == {2026}
    lines = [line for line in out.getvalue().splitlines() if "%)" in line]
    assert len(lines) == 20  # a line per 5% step, not one per batch
    assert lines[-1].startswith("hồ sơ 30 / 30 (100%)")
