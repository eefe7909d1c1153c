"""`make loadtest` → `python -m bench.loadtest`: load Một Cửa on PostgreSQL and print rates,
latencies and their ratios to ceilings measured in the same run. See bench/loadtest/__init__.py.

    python -m bench.loadtest                      # every kind alone, the mix, 1,000 tracking/s
    python -m bench.loadtest --only track_api --duration 10 --fixed-rate 0
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.loadtest import k6run, report, seed
from bench.loadtest.capture import PDF, capture, kinds, pgbench_script
from bench.loadtest.k6run import Phase, Result
from bench.loadtest.servers import gunicorn, pgbench, warm

ROOT = Path(__file__).resolve().parents[2]
KINDS = [
    "search_api", "search_page", "track_api", "track_page", "submit", "official_action",
    "portal_page",
]  # fmt: skip
# Share of the VUs of each kind in the mix: tracking and reading the catalogue dominate a
# one-stop portal; submissions and officials' actions are a few percent of the requests.
MIX = {
    "track_api": 30, "track_page": 15, "search_api": 15, "search_page": 10, "portal_page": 15,
    "submit": 8, "official_action": 7,
}  # fmt: skip


WARM = ["/api/v1/procedures?q=khai+sinh", "/?q=khai+sinh", "/", "/thu-tuc/1.001193/", "/tra-cuu/"]


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__)
    p.add_argument("--duration", type=int, default=12, help="giây cho mỗi pha (mặc định 12)")
    p.add_argument("--vus", type=int, default=16, help="người dùng ảo đồng thời (16)")
    p.add_argument("--workers", type=int, default=3, help="tiến trình gunicorn (3)")
    p.add_argument("--fixed-rate", type=int, default=1000, help="tra cứu/giây nhịp cố định; 0: bỏ")
    p.add_argument(
        "--peak-rate",
        type=int,
        default=None,
        help="thao tác/giây của pha giờ cao điểm (hỗn hợp, nhịp cố định); 0: bỏ. Mặc định: "
        f"{PEAK_SHARE:.0%} sức của chính máy này cho hỗn hợp, đo ở pha hỗn hợp cùng lần chạy "
        "(docs/deploy.md §2)",
    )
    p.add_argument("--fixed-duration", type=int, default=20, help="giây của pha nhịp cố định")
    p.add_argument("--only", choices=KINDS, help="chỉ đo một loại (không có pha hỗn hợp)")
    p.add_argument("--port", type=int, default=18100, help="cổng máy chủ (cổng+1: Django trần)")
    p.add_argument("--database", default="motcua_load", help="tên cơ sở dữ liệu PostgreSQL")
    p.add_argument("--tracked", type=int, default=15000, help="số hồ sơ để tra cứu")
    p.add_argument("--pool", type=int, default=6000, help="số hồ sơ chờ tiếp nhận")
    return p.parse_args(argv)


def mix_plan(vus: int, weights: dict[str, int] = MIX) -> dict[str, int]:
    """VUs per kind in proportion to `weights` (largest remainder), at least one each."""
    total = sum(weights.values())
    exact = {k: vus * w / total for k, w in weights.items()}
    plan = {k: max(1, int(v)) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: exact[k] - int(exact[k]), reverse=True):
        if sum(plan.values()) >= vus:
            break
        plan[k] += 1
    return plan


PEAK_SHARE = 0.6  # "under load": the mix at this share of what the same run saturated at


def peak_rate_of(mix: list[Result], asked: int | None) -> int:
    """The peak phase's operations per second: `asked`, or PEAK_SHARE of the operations per
    second the saturated (closed-model) mix reached in the same run. A shared or slower machine
    is loaded in proportion to what it carries, as every ceiling here is measured in the run."""
    if asked is not None:
        return asked
    return max(len(MIX), round(PEAK_SHARE * sum(r.rps for r in mix)))


def peak_rates(rate: int, weights: dict[str, int] = MIX) -> dict[str, int]:
    """Arrivals per second per kind for a mix at `rate` requests a second, at least one each."""
    total = sum(weights.values())
    return {k: max(1, round(rate * w / total)) for k, w in weights.items()}


def environment(args: argparse.Namespace, out: Path) -> dict[str, str]:
    """The production-like environment of the server and of this process's Django."""
    server = os.environ.get("LOADTEST_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432/")
    env = {
        **os.environ,
        "DATABASE_URL": server.rstrip("/") + "/" + args.database,
        "LOADTEST_DATABASE_SERVER": server,
        "SECRET_KEY": os.environ.get("LOADTEST_SECRET_KEY", "loadtest-only-not-a-secret-key"),
        "DEBUG": "0",
        "MOTCUA_HTTPS": "0",
        "MOTCUA_MEDIA_ROOT": str(out.parent / "media"),
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "LT_DATA": str(out / "data.json"),
        "LT_PDF": str(out / "small.pdf"),
        "LT_RUN": seed.run_id(),
    }
    os.environ.update(env)
    return env


def prepare(args: argparse.Namespace, env: dict[str, str], out: Path) -> dict[str, Any]:
    """Database, data file, captured SQL and pgbench scripts; returns statements per kind."""
    server = env["LOADTEST_DATABASE_SERVER"]
    reused = seed.database_prepare(server, args.database)
    print(f"Cơ sở dữ liệu {args.database}: {'dùng lại' if reused else 'tạo mới'}", flush=True)
    import django

    django.setup()
    data = seed.seed(fresh=not reused, tracked=args.tracked, pool=args.pool)
    seed.database_mark(server, args.database)
    (out / "data.json").write_text(json.dumps(data.as_json(), ensure_ascii=False))
    (out / "small.pdf").write_bytes(PDF)
    counts = {}
    for kind in kinds(data).values():
        if args.only in (None, kind.name):
            capture(kind)
            script = pgbench_script(kind, tracked=args.tracked)
            (out / f"pgbench-{kind.name}.sql").write_text(script)
            counts[kind.name] = [len(s) for s in kind.statements]
    from django.db import connections

    connections.close_all()
    return {"statements": counts, "pool": len(data.pool)}


def load_app(args: argparse.Namespace, env: dict[str, str], out: Path) -> dict[str, list[Result]]:
    """Every kind alone, then the mix (closed model: saturated), then the mix at the city's
    peak rate and tracking at the fixed rate (open model), against the app's gunicorn."""
    selected = [args.only] if args.only else KINDS
    found: dict[str, list[Result]] = {"alone": [], "mix": [], "peak": [], "fixed": []}
    with gunicorn(
        wsgi="motcua.wsgi", port=args.port, workers=args.workers, env=env, log=out / "app.log"
    ) as base:
        warm(base, WARM, workers=args.workers)
        used = 0
        for kind in selected:
            print(f"  {kind}: {args.vus} VU × {args.duration} s", flush=True)
            phase = Phase(kind, {kind: args.vus}, args.duration, pool_offset=used)
            found["alone"] += k6run.run_phase(phase, base=base, env=env, out=out)
            if kind == "official_action":
                used += found["alone"][-1].ops + args.vus
        if not args.only:
            print(f"  hỗn hợp: {mix_plan(args.vus)} × {args.duration} s", flush=True)
            phase = Phase("mix", mix_plan(args.vus), args.duration, pool_offset=used)
            found["mix"] = k6run.run_phase(phase, base=base, env=env, out=out)
            used += sum(r.ops for r in found["mix"] if r.kind == "official_action") + args.vus
        peak = peak_rate_of(found["mix"], args.peak_rate)
        if peak and not args.only:
            rates = peak_rates(peak)
            print(
                f"  giờ cao điểm: {peak} thao tác/s {rates} × {args.fixed_duration} s", flush=True
            )
            plan = {k: max(4, r // 5) for k, r in rates.items()}  # a VU per 200 ms of answer
            phase = Phase("peak", plan, args.fixed_duration, pool_offset=used, rates=rates)
            found["peak"] = k6run.run_phase(phase, base=base, env=env, out=out)
        if args.fixed_rate and "track_api" in selected:
            print(f"  nhịp cố định: {args.fixed_rate} tra cứu/s × {args.fixed_duration} s")
            vus = max(args.vus, args.fixed_rate // 20)  # enough for a 50 ms response at the rate
            phase = Phase("fixed", {"track_api": vus}, args.fixed_duration, rate=args.fixed_rate)
            found["fixed"] = k6run.run_phase(phase, base=base, env=env, out=out)
    return found


def load_bare(args: argparse.Namespace, env: dict[str, str], out: Path) -> list[Result]:
    """The bare Django app's GET and POST under the same VUs and workers."""
    import psycopg

    from bench.loadtest.bare.app import TABLES_SQL

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(TABLES_SQL)
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.loadtest.bare.settings"}
    results: list[Result] = []
    with gunicorn(
        wsgi="bench.loadtest.bare.wsgi",
        port=args.port + 1,
        workers=args.workers,
        env=bare_env,
        log=out / "bare.log",
    ) as base:
        for kind in ("bare_get", "bare_post"):
            print(f"  {kind}: {args.vus} VU × {args.duration} s", flush=True)
            phase = Phase(kind, {kind: args.vus}, args.duration)
            results += k6run.run_phase(phase, base=base, env=env, out=out)
        if args.fixed_rate:
            # the ceiling of the fixed-rate phase: the bare GET at the same arrival rate
            print(f"  bare_get: nhịp cố định {args.fixed_rate}/s × {args.fixed_duration} s")
            vus = max(args.vus, args.fixed_rate // 20)
            phase = Phase(
                "bare-fixed", {"bare_get": vus}, args.fixed_duration, rate=args.fixed_rate
            )
            results += k6run.run_phase(phase, base=base, env=env, out=out)
    return results


def ceilings_pgbench(args: argparse.Namespace, env: dict[str, str], out: Path) -> dict[str, float]:
    seconds = max(3, args.duration // 3)
    rates = {}
    for script in sorted(out.glob("pgbench-*.sql")):
        kind = script.stem.removeprefix("pgbench-")
        print(f"  pgbench {kind}: {args.vus} kết nối × {seconds} s", flush=True)
        log = out / f"pgbench-{kind}.log"
        rates[kind], _failed = pgbench(
            script=script, dburl=env["DATABASE_URL"], clients=args.vus, seconds=seconds, log=log
        )
    return rates


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = Path(os.environ.get("MOTCUA_VAR_DIR", ROOT / "var")) / "loadtest" / stamp
    out.mkdir(parents=True, exist_ok=True)
    env = environment(args, out)
    print(f"make loadtest {stamp}: {args.workers} worker, {args.vus} VU, {args.duration} s/pha")
    prepared = prepare(args, env, out)
    # pgbench first: the captured writes use the next free audit sequence, which the load takes
    print("Trần SQL: pgbench với các câu lệnh của từng loại:", flush=True)
    tps = ceilings_pgbench(args, env, out)
    print("Tải ứng dụng (mô hình đóng, số VU cố định):", flush=True)
    found = load_app(args, env, out)
    print("Trần Django: ứng dụng Django trần cùng dạng:", flush=True)
    bare = load_bare(args, env, out)
    found["fixed"] += bare[2:]  # the bare GET at the fixed rate, beside tracking
    bare = bare[:2]
    ceilings = report.Ceilings(bare_get=bare[0].rps, bare_post=bare[1].rps, pgbench=tps)
    print("\n".join(report.lines(found, bare, ceilings, prepared["statements"])))
    result_file = out.parent / f"{stamp}.json"
    saved = {"started": stamp, "args": vars(args), **prepared, "pgbench_tps": tps}
    saved |= {k: [r.as_json() for r in v] for k, v in {**found, "bare": bare}.items()}
    result_file.write_text(json.dumps(saved, indent=2, ensure_ascii=False))
    print(f"Kết quả: {result_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
