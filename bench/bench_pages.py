"""Server time and query count of every kind of page on the demo city (SQLite, as `make run`).

The demo city is seeded into a temporary SQLite file, with three online dossiers of congdan1
(one received, one back for a supplement) and a draft; then each page is requested
BENCH_REQUESTS times (default 30) through Django's test Client as the person who uses it
(middleware, session, second factor, selectors, templates: everything but the network), and
p50/p95 in milliseconds and the number of SQL statements are printed. Target: p95 ≤ 200 ms.

    .venv/bin/python -c "import bench.bench_pages as m; m.main()"
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from bench.bench_workspace import _env_int, _prepare_env, _sqlite_database, say

TARGET_P95_MS = 200.0
KHAI_SINH = "1.001193"
BEN_THANH = "000.02.90.H29"


def _city() -> dict[str, Any]:
    from django.core.management import call_command

    from motcua.accounts.models import User
    from motcua.dossiers.services import reception
    from motcua.dossiers.services.applicants import ApplicantData
    from motcua.dossiers.services.drafts import draft_set_agency, draft_start
    from motcua.dossiers.services.submission import dossier_submit

    started = time.perf_counter()
    call_command("seed_demo", verbosity=0)
    citizen = User.objects.get(username="congdan1")
    person = ApplicantData(kind="person", name=citizen.full_name, id_number=citizen.cccd)
    form = {
        "ho_ten_tre": "Trần Minh Khôi",
        "ngay_sinh": date(2026, 11, 20).isoformat(),
        "gioi_tinh": "Nam",
        "noi_sinh": "Bệnh viện Từ Dũ",
        "dan_toc": "Kinh",
        "ho_ten_me": "Lê Thị Mai",
        "cccd_me": "079190001234",
        "so_dien_thoai": "0901234567",
    }
    codes = [
        dossier_submit(
            actor=citizen,
            procedure_code=KHAI_SINH,
            agency_code=BEN_THANH,
            applicant=person,
            form_data=form,
        )[0].code
        for _ in range(3)
    ]
    officer = User.objects.get(username="tiepnhan.benthanh")
    reception.dossier_receive(actor=officer, code=codes[0])
    reception.dossier_request_supplement(
        actor=officer, code=codes[1], items=[{"name": "Giấy chứng sinh", "reason": "Bản mờ"}]
    )
    draft = draft_start(actor=citizen, procedure_code=KHAI_SINH)
    draft_set_agency(actor=citizen, draft_id=draft.pk, agency_code=BEN_THANH)
    say(f"  demo city seeded with dossiers in {time.perf_counter() - started:.1f} s")
    return {"codes": codes, "draft": draft.pk}


def _pages(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    code = data["codes"][0]
    return [
        ("", "/", "home"),
        ("", "/?q=dang+ki+khai+sinh", "search 'dang ki khai sinh'"),
        ("", f"/thu-tuc/{KHAI_SINH}/", "procedure page (12 wards)"),
        ("", "/tra-cuu/", "tracking form"),
        ("", "/dang-nhap/", "sign-in"),
        ("congdan1", "/ho-so-cua-toi/", "my dossiers"),
        ("congdan1", f"/ho-so-cua-toi/{code}/", "my dossier"),
        ("congdan1", "/thong-bao/", "notifications"),
        ("congdan1", "/nop-ho-so/", "drafts"),
        ("congdan1", f"/nop-ho-so/{data['draft']}/co-quan/", "wizard: ward"),
        ("congdan1", f"/nop-ho-so/{data['draft']}/to-khai/", "wizard: declaration"),
        ("tiepnhan.benthanh", "/can-bo/", "workspace home (reception)"),
        ("tiepnhan.benthanh", "/can-bo/viec/reception/?ds=check", "reception queue"),
        ("tiepnhan.benthanh", f"/can-bo/ho-so/{code}/", "dossier page (reception)"),
        ("tiepnhan.benthanh", "/can-bo/tiep-nhan/", "counter intake"),
        ("chuyenvien.benthanh", "/can-bo/viec/specialist/?ds=steps", "specialist queue"),
        ("quantri.benthanh", "/can-bo/quan-tri/quy-trinh/", "agency admin: processes"),
        ("thanhtra", "/can-bo/giam-sat/", "inspector search"),
    ]


def _measure(get: Callable[[], Any], requests: int) -> tuple[list[float], int, int]:
    from django.db import connection

    get()  # warm: templates compiled, caches filled
    queries: list[str] = []
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        status = get().status_code
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        get()
        times.append((time.perf_counter() - start) * 1000)
    return times, len(queries), status


def run() -> int:
    _prepare_env()
    requests = _env_int("BENCH_REQUESTS", 30)
    with _sqlite_database():
        from django.conf import settings
        from django.test import Client

        from motcua.accounts.models import User
        from motcua.testing.auth import sign_in

        data = _city()
        settings.DEBUG = False
        clients: dict[str, Client] = {"": Client()}
        slow = 0
        say(f"  {'page':34} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>4}")
        for who, path, label in _pages(data):
            if who not in clients:
                clients[who] = sign_in(Client(), User.objects.get(username=who))
            client = clients[who]
            times, queries, status = _measure(lambda c=client, p=path: c.get(p), requests)
            p95 = statistics.quantiles(times, n=20)[-1]
            slow += p95 > TARGET_P95_MS or status != 200
            mark = "" if status == 200 else f"  HTTP {status}"
            say(f"  {label:34} {statistics.median(times):8.1f} {p95:8.1f} {queries:4d}{mark}")
        say(f"  load average {os.getloadavg()[0]:.1f}; target p95 ≤ {TARGET_P95_MS:.0f} ms")
        return 1 if slow else 0


def main() -> None:
    raise SystemExit(run())


if __name__ == "__main__":
    main()
