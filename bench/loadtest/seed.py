"""The load-test database: the demo city, bulk dossiers, a pool to receive, API tokens.

Contract: `database_prepare(server, name)` returns True when the database `name` already holds
data of `DATA_VERSION` (kept as the database's COMMENT) and may be reused, else drops it and
creates it empty. After `django.setup()` against it, `seed(...)` migrates, loads `seed_demo` on
a fresh database, bulk-inserts `tracked` received dossiers (clones of one dossier made through
the services, codes `<Bến Thành>-LTR000001`...) and tops the pool of submitted dossiers (codes
`...-LTS...`) up to `pool` unreceived ones; it returns what the k6 scripts need (`LoadData`).
The clones are copied column for column from the template row, so they are what the services
would have written, without spending their gap-free daily codes.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

import psycopg

DATA_VERSION = "motcua-loadtest-1"
KHAI_SINH = "1.001193"  # birth registration: the busiest ward procedure
CITIZEN = "congdan1"
RECEPTION = "tiepnhan.benthanh"
TRACKED_PREFIX = "-LTR"
POOL_PREFIX = "-LTS"
FORM = {
    "ho_ten_tre": "Trần Minh Khôi",
    "ngay_sinh": "2026-11-20",
    "gioi_tinh": "Nam",
    "noi_sinh": "Bệnh viện Từ Dũ",
    "dan_toc": "Kinh",
    "ho_ten_me": "Lê Thị Mai",
    "cccd_me": "079190001234",
    "so_dien_thoai": "0901234567",
}
CHUNK = 5000


@dataclass
class LoadData:
    """Everything the load scripts read (written as JSON for k6's SharedArray)."""

    procedure: str
    wards: list[str]
    citizen: dict[str, str]
    reception_token: str
    tracked: list[str]
    tracked_first_id: int
    pool: list[str]
    form: dict[str, str] = field(default_factory=lambda: dict(FORM))

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _admin_url(server: str) -> str:
    return server.rstrip("/") + "/postgres"


def database_prepare(server: str, name: str) -> bool:
    """Reuse `name` if it carries DATA_VERSION, else recreate it empty. True when reused."""
    with psycopg.connect(_admin_url(server), autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row is not None and row[0] == DATA_VERSION:
            return True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return False


def database_mark(server: str, name: str) -> None:
    """Record that `name` holds a complete data set of DATA_VERSION."""
    with psycopg.connect(_admin_url(server), autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{DATA_VERSION}'")


def _templates() -> tuple[int, int]:
    """One submitted and one received dossier of congdan1 at Bến Thành, through the services."""
    from motcua.accounts.models import User
    from motcua.catalog.demo.agencies import BEN_THANH
    from motcua.dossiers.services import reception
    from motcua.dossiers.services.applicants import ApplicantData
    from motcua.dossiers.services.submission import dossier_submit

    citizen = User.objects.get(username=CITIZEN)
    person = ApplicantData(kind="person", name=citizen.full_name, id_number=citizen.cccd)
    made = [
        dossier_submit(
            actor=citizen,
            procedure_code=KHAI_SINH,
            agency_code=BEN_THANH,
            applicant=person,
            form_data=FORM,
        )[0]
        for _ in range(2)
    ]
    officer = User.objects.get(username=RECEPTION)
    reception.dossier_receive(actor=officer, code=made[1].code)
    return made[0].pk, made[1].pk


def _clone(template: int, prefix: str, first: int, last: int) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name ="
            " 'dossiers_dossier' AND column_name NOT IN ('id', 'code', 'tracking_pin',"
            " 'idempotency_key') ORDER BY ordinal_position"
        )
        cols = ", ".join(f'"{c}"' for (c,) in cur.fetchall())
        for start in range(first, last + 1, CHUNK):
            end = min(last, start + CHUNK - 1)
            cur.execute(
                f"INSERT INTO dossiers_dossier ({cols}, code, tracking_pin)"
                f" SELECT {cols}, %s || lpad(g::text, 6, '0'),"
                " lpad(floor(random() * 1000000)::int::text, 6, '0')"
                " FROM dossiers_dossier, generate_series(%s::int, %s::int) AS g WHERE id = %s",
                [prefix, start, end, template],
            )
        cur.execute("ANALYZE dossiers_dossier")


def _count(prefix: str, status: str | None = None) -> int:
    from motcua.dossiers.models import Dossier

    rows = Dossier.objects.filter(code__startswith=prefix)
    return (rows.filter(status=status) if status else rows).count()


def _bulk(*, tracked: int, pool: int, echo: Any) -> None:
    """Insert the tracked dossiers once and the missing part of the pool."""
    from motcua.catalog.demo.agencies import BEN_THANH

    tracked_prefix, pool_prefix = BEN_THANH + TRACKED_PREFIX, BEN_THANH + POOL_PREFIX
    have = _count(tracked_prefix)
    need_pool = pool - _count(pool_prefix, "submitted")
    if have >= tracked and need_pool <= 0:
        return
    submitted, received = _templates()
    if have < tracked:
        _clone(received, tracked_prefix, have + 1, tracked)
        echo(f"  {tracked - have} hồ sơ đã tiếp nhận (tra cứu)")
    if need_pool > 0:
        made = _count(pool_prefix)
        _clone(submitted, pool_prefix, made + 1, made + need_pool)
        echo(f"  {need_pool} hồ sơ chờ tiếp nhận (thao tác của cán bộ)")


def _token(username: str) -> str:
    from motcua.accounts.models import User
    from motcua.api.auth import token_create

    return token_create(user=User.objects.get(username=username), name="loadtest")


def seed(*, fresh: bool, tracked: int, pool: int, echo: Any = print) -> LoadData:
    """Migrate, seed (when fresh), insert the bulk dossiers, make tokens; see the module doc."""
    from django.core.management import call_command

    from motcua.accounts.models import User
    from motcua.catalog.demo.agencies import BEN_THANH, COMMUNE_CODES
    from motcua.dossiers.models import Dossier

    call_command("migrate", verbosity=0, interactive=False)
    if fresh:
        call_command("seed_demo", stdout=io.StringIO())
        echo("  dữ liệu mẫu (seed_demo) đã nạp")
    _bulk(tracked=tracked, pool=pool, echo=echo)
    citizen = User.objects.get(username=CITIZEN)
    codes = [f"{BEN_THANH}{TRACKED_PREFIX}{n:06d}" for n in range(1, tracked + 1)]
    waiting = Dossier.objects.filter(
        code__startswith=BEN_THANH + POOL_PREFIX, status="submitted"
    ).order_by("code")
    return LoadData(
        procedure=KHAI_SINH,
        wards=list(COMMUNE_CODES),
        citizen={"token": _token(CITIZEN), "name": citizen.full_name, "cccd": citizen.cccd},
        reception_token=_token(RECEPTION),
        tracked=codes,
        tracked_first_id=Dossier.objects.get(code=codes[0]).pk,
        pool=list(waiting.values_list("code", flat=True)[:pool]),
    )


def run_id() -> str:
    """A short random id that makes this run's idempotency keys unique."""
    return secrets.token_hex(4)
