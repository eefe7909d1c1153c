"""The cheap parts of `make loadtest` (bench/loadtest): reading k6's summary and pgbench's report,
writing pgbench scripts from captured SQL, the mix and the report. No load runs here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from bench.loadtest import report
from bench.loadtest.__main__ import mix_plan
from bench.loadtest.capture import Call, Kind, capture, pgbench_script
from bench.loadtest.k6run import Result, parse_summary
from bench.loadtest.servers import parse_pgbench

HERE = Path(__file__).parent


def test_parse_summary_of_a_fixed_rate_run() -> None:
    # given the summary k6 wrote for a 5-second fixed-rate phase (481 answers, 4,520 dropped)
    summary = json.loads((HERE / "k6_summary_fixed.json").read_text())

    # when
    (track,) = parse_summary(summary, ["track_api"], seconds=5)

    # then the rate is over the phase, not k6's 9.3 s run time; dropped goes with the kind
    assert track.rps == pytest.approx(481 / 5)
    assert (track.ops, track.errors, track.dropped) == (481, 0, 4520)
    assert track.p50 == pytest.approx(1465.145821)
    assert track.p99 == pytest.approx(4185.5232836)


def test_parse_summary_counts_failed_operations_and_missing_kinds() -> None:
    summary = {
        "metrics": {
            "ops_submit": {"values": {"count": 10}},
            "err_submit": {"values": {"rate": 0.3, "passes": 3, "fails": 7}},
            "op_submit": {"values": {"med": 50.0, "p(95)": 90.0, "p(99)": 99.0}},
            "dropped_iterations": {"values": {"count": 4}},
        }
    }

    submit, action = parse_summary(summary, ["submit", "official_action"], seconds=2)

    assert (submit.rps, submit.errors, submit.p95, submit.dropped) == (3.5, 3, 90.0, 0)
    assert (action.ops, action.rps, action.p99) == (0, 0.0, 0.0)


def test_parse_pgbench_report() -> None:
    output = (
        "number of transactions actually processed: 9000\n"
        "number of failed transactions: 2 (0.022%)\n"
        "latency average = 5.089 ms\n"
        "initial connection time = 20.184 ms\n"
        "tps = 3144.050827 (without initial connection time)\n"
    )
    assert parse_pgbench(output) == (3144.050827, 2)
    with pytest.raises(ValueError, match="tps"):
        parse_pgbench("pgbench: error: connection refused\n")


def _kind(writes: bool) -> Kind:
    kind = Kind("k", [[Call("GET", "/a")], [Call("GET", "/b")]], writes=writes)
    kind.vary = {"'X-LTR000001'": "('X-LTR' || lpad(:n::text, 6, '0'))"}
    kind.statements = [
        ["SELECT id\n  FROM d WHERE code = 'X-LTR000001'", "SELECT 2;"],
        ["UPDATE d SET v = 'a;b' WHERE id = 7"],
    ]
    return kind


def test_pgbench_script_of_reads() -> None:
    script = pgbench_script(_kind(writes=False), tracked=500).splitlines()

    assert script[1:4] == [
        "\\set n random(1, 500)",
        "\\set r random(1, 999999999999)",
        "\\set v random(0, 1)",
    ]
    assert script[4:] == [
        "\\if :v = 0",
        "SELECT id FROM d WHERE code = ('X-LTR' || lpad(:n::text, 6, '0'));",
        "SELECT 2;",
        "\\elif :v = 1",
        "UPDATE d SET v = 'a;b' WHERE id = 7;",
        "\\endif",
    ]


def test_pgbench_script_of_writes_rolls_each_variant_back() -> None:
    script = pgbench_script(_kind(writes=True), tracked=500).splitlines()

    assert script[4:8] == ["\\if :v = 0", "BEGIN;", script[6], "SELECT 2;"]
    assert script[8:] == [
        "ROLLBACK;",
        "\\elif :v = 1",
        "BEGIN;",
        "UPDATE d SET v = 'a;b' WHERE id = 7;",
        "ROLLBACK;",
        "\\endif",
    ]


@pytest.mark.django_db(transaction=True)
def test_pgbench_runs_a_generated_script(tmp_path: Path, is_postgres: bool) -> None:
    """The script is valid pgbench: variables, the \\if chain, BEGIN/ROLLBACK (PostgreSQL)."""
    if not is_postgres or shutil.which("pgbench") is None:
        pytest.skip("pgbench needs PostgreSQL")
    kind = Kind("k", [[], []], writes=True, vary={"'C-000001'": "('C-' || :n)"})
    kind.statements = [
        ["CREATE TEMP TABLE t (c text)", "INSERT INTO t VALUES ('C-000001')"],
        ["SELECT count(*) FROM pg_class WHERE relname = 'C-000001'"],
    ]
    script = tmp_path / "k.sql"
    script.write_text(pgbench_script(kind, tracked=9))
    db = connection.settings_dict
    done = subprocess.run(
        ["pgbench", "-n", "-t", "20", "-f", str(script), "-h", db["HOST"] or "127.0.0.1",
         "-p", str(db["PORT"] or 5432), "-U", db["USER"], db["NAME"]],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert parse_pgbench(done.stdout)[1] == 0


@pytest.mark.django_db
def test_capture_keeps_the_warm_statements_and_rolls_back() -> None:
    from motcua.accounts.models import ApiToken, User
    from motcua.api.auth import token_create

    # given a citizen's token never used (its first use writes last_used_at)
    user = User.objects.create_user(username="lt", password="x-lt-pass", kind="citizen")
    key = token_create(user=user)
    kind = Kind("mine", [[Call("GET", "/api/v1/dossiers?queue=mine", key)]])

    # when
    capture(kind)

    # then both runs were rolled back: the second one still saw the token unused and wrote it
    (statements,) = kind.statements
    assert statements[0].startswith('SELECT "accounts_apitoken"')
    assert any(sql.startswith('UPDATE "accounts_apitoken"') for sql in statements)
    assert ApiToken.objects.get().last_used_at is None


@pytest.mark.django_db
def test_capture_refuses_a_failed_request() -> None:
    kind = Kind("mine", [[Call("GET", "/api/v1/dossiers", "mc_not-a-token")]])

    with pytest.raises(RuntimeError, match="HTTP 401"):
        capture(kind)


def test_mix_plan_shares_the_vus() -> None:
    plan = mix_plan(16)
    assert sum(plan.values()) == 16
    assert min(plan.values()) >= 1
    assert plan["track_api"] == max(plan.values())
    assert mix_plan(3, {"a": 1, "b": 1, "c": 1}) == {"a": 1, "b": 1, "c": 1}


def test_report_ratios_and_acceptance() -> None:
    ceilings = report.Ceilings(bare_get=200.0, bare_post=100.0, pgbench={"submit": 50.0})
    track = Result("track_api", 120.0, 5.0, 9.0, 12.0, 1200, 0)
    submit = Result("submit", 9.0, 50.0, 80.0, 95.0, 90, 1)
    fixed = Result("track_api", 998.0, 2.0, 8.0, 25.0, 19960, 0, dropped=3)
    search = Result("search_api", 80.0, 10.0, 31.0, 40.0, 800, 0)

    assert report.row(track, ceilings).split()[-2:] == ["60%", "—"]
    assert report.row(submit, ceilings).split()[-2:] == ["9%", "18%"]
    lines = report.acceptance([track, submit], [search], [fixed], ceilings)
    assert lines[1:] == [
        "  [ĐẠT] tra cứu ≥ 50% GET một truy vấn của Django trần: 60%",
        "  [CHƯA ĐẠT] tra cứu p99 ≤ 20 ms ở nhịp cố định: p99 25.0 ms, bỏ lỡ 3, lỗi 0",
        "  [CHƯA ĐẠT] nộp hồ sơ ≥ 20% trần SQL của chính nó: 18%",
        "  [CHƯA ĐẠT] tìm thủ tục p95 ≤ 30 ms khi tải hỗn hợp: 31.0 ms",
    ]


def test_search_latency_is_judged_at_the_peak_rate_when_that_phase_ran() -> None:
    ceilings = report.Ceilings(bare_get=200.0)
    saturated = Result("search_api", 80.0, 50.0, 66.0, 70.0, 800, 0)
    at_peak = Result("search_api", 38.0, 6.0, 12.5, 20.0, 760, 0)
    dropped = Result("search_api", 30.0, 6.0, 12.5, 20.0, 600, 0, dropped=5)
    [line] = report.acceptance([], [saturated], [], ceilings, peak=[at_peak])[1:]
    assert line == "  [ĐẠT] tìm thủ tục p95 ≤ 30 ms ở giờ cao điểm (hỗn hợp, nhịp cố định): 12.5 ms"
    # an arrival the load tool could not send in time fails it, whatever the latency
    [line] = report.acceptance([], [saturated], [], ceilings, peak=[dropped])[1:]
    assert line.startswith("  [CHƯA ĐẠT]")


def test_peak_rates_share_the_rate_by_weight() -> None:
    from bench.loadtest.__main__ import MIX, peak_rates

    rates = peak_rates(250)
    assert set(rates) == set(MIX)
    assert rates["track_api"] == 75  # 250 x 30 / 100
    assert 245 <= sum(rates.values()) <= 255
    assert peak_rates(3, {"a": 1, "b": 99}) == {"a": 1, "b": 3}


def test_the_fixed_rate_line_shows_the_bare_app_at_the_same_rate() -> None:
    fixed = [
        Result("track_api", 850.0, 200.0, 260.0, 325.4, 17000, 0, dropped=3103),
        Result("bare_get", 1000.0, 1.5, 10.6, 27.2, 15000, 0),
    ]
    [line] = report.acceptance([], [], fixed, report.Ceilings())[1:]
    assert line == (
        "  [CHƯA ĐẠT] tra cứu p99 ≤ 20 ms ở nhịp cố định: p99 325.4 ms, bỏ lỡ 3103, lỗi 0"
        " (Django trần cùng nhịp: p99 27.2 ms, bỏ lỡ 0)"
    )


def test_the_peak_rate_is_a_share_of_what_the_same_run_carried() -> None:
    from bench.loadtest.__main__ import MIX, PEAK_SHARE, peak_rate_of

    mix = [Result("track_api", 60.0, 1, 2, 3, 600, 0), Result("submit", 40.0, 1, 2, 3, 400, 0)]
    assert peak_rate_of(mix, None) == round(PEAK_SHARE * 100)
    assert peak_rate_of(mix, 150) == 150  # asked for: as asked
    assert peak_rate_of(mix, 0) == 0  # 0: the phase is skipped
    assert peak_rate_of([], None) == len(MIX)  # nothing measured: one arrival a second per kind
