"""The printed report of `make loadtest`: one table per phase group, the ratios to the ceilings
and the acceptance checks of issue 8 (each printed as ĐẠT / CHƯA ĐẠT with its number)."""

from __future__ import annotations

from dataclasses import dataclass

from bench.loadtest.k6run import Result

READS = ("search_api", "search_page", "track_api", "track_page", "portal_page")
HEADER = (
    f"{'loại':<16}{'op/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'lỗi':>11}"
    f"{'÷bare':>8}{'÷pgbench':>10}"
)


@dataclass
class Ceilings:
    """The raw rates measured in the same run: the bare app's GET and POST, pgbench per kind."""

    bare_get: float = 0.0
    bare_post: float = 0.0
    pgbench: dict[str, float] | None = None


def _ratio(value: float, ceiling: float) -> str:
    return f"{value / ceiling:.0%}" if ceiling > 0 else "—"


def row(result: Result, ceilings: Ceilings) -> str:
    """One line of a table: the ratio to the bare GET for reads, the bare POST for writes."""
    bare = ceilings.bare_get if result.kind in READS else ceilings.bare_post
    if result.kind.startswith("bare_"):
        bare = 0.0
    pg = (ceilings.pgbench or {}).get(result.kind, 0.0)
    errors = f"{result.errors}" + (f"+{result.dropped} bỏ" if result.dropped else "")
    return (
        f"{result.kind:<16}{result.rps:>9.1f}{result.p50:>9.1f}{result.p95:>9.1f}"
        f"{result.p99:>9.1f}{errors:>11}{_ratio(result.rps, bare):>8}{_ratio(result.rps, pg):>10}"
    )


def table(title: str, results: list[Result], ceilings: Ceilings) -> list[str]:
    return [f"== {title}", HEADER, *(row(r, ceilings) for r in results)]


def pgbench_line(ceilings: Ceilings, statements: dict[str, list[int]]) -> str:
    """The pgbench ceilings, with the number of SQL statements of one operation of each kind."""
    parts = [
        f"{kind} {tps:.0f} tps ({'/'.join(map(str, statements.get(kind, [])))} lệnh)"
        for kind, tps in (ceilings.pgbench or {}).items()
    ]
    bare = f"Django trần: GET {ceilings.bare_get:.0f}/s, POST {ceilings.bare_post:.0f}/s"
    return f"== Trần\n  {bare}\n  pgbench: " + "; ".join(parts)


def _find(results: list[Result], kind: str) -> Result | None:
    return next((r for r in results if r.kind == kind), None)


def _check(label: str, ok: bool, detail: str) -> str:
    return f"  [{'ĐẠT' if ok else 'CHƯA ĐẠT'}] {label}: {detail}"


def acceptance(
    alone: list[Result],
    mix: list[Result],
    fixed: list[Result],
    ceilings: Ceilings,
    peak: list[Result] | None = None,
) -> list[str]:
    """The acceptance lines of issue 8 that the measured kinds allow. Search latency "under
    load" is judged at the city's peak rate (open model) when that phase ran: in the saturated
    closed-model mix every answer waits its turn, so p95 there is the VUs over the throughput,
    whatever the code does."""
    lines = ["== Tiêu chí nghiệm thu (issue 8)"]
    track = _find(alone, "track_api")
    if track and ceilings.bare_get:
        ratio = track.rps / ceilings.bare_get
        lines.append(
            _check("tra cứu ≥ 50% GET một truy vấn của Django trần", ratio >= 0.5, f"{ratio:.0%}")
        )
    rate = _find(fixed, "track_api")
    if rate:
        detail = f"p99 {rate.p99:.1f} ms, bỏ lỡ {rate.dropped}, lỗi {rate.errors}"
        if bare := _find(fixed, "bare_get"):
            detail += f" (Django trần cùng nhịp: p99 {bare.p99:.1f} ms, bỏ lỡ {bare.dropped})"
        ok = rate.p99 <= 20 and rate.dropped == 0 and rate.errors == 0
        lines.append(_check("tra cứu p99 ≤ 20 ms ở nhịp cố định", ok, detail))
    submit = _find(alone, "submit")
    pg_submit = (ceilings.pgbench or {}).get("submit", 0.0)
    if submit and pg_submit:
        ratio = submit.rps / pg_submit
        lines.append(_check("nộp hồ sơ ≥ 20% trần SQL của chính nó", ratio >= 0.2, f"{ratio:.0%}"))
    search = _find(peak or [], "search_api")
    label = "tìm thủ tục p95 ≤ 30 ms ở giờ cao điểm (hỗn hợp, nhịp cố định)"
    if search is None:
        search = _find(mix, "search_api")
        label = "tìm thủ tục p95 ≤ 30 ms khi tải hỗn hợp"
    if search:
        ok = search.p95 <= 30 and search.errors == 0 and search.dropped == 0
        lines.append(_check(label, ok, f"{search.p95:.1f} ms"))
    return lines


def lines(
    found: dict[str, list[Result]],
    bare: list[Result],
    ceilings: Ceilings,
    statements: dict[str, list[int]],
) -> list[str]:
    """The whole printed report: the tables, the ceilings, the acceptance checks."""
    out = [
        "op = một thao tác (submit: tạo hồ sơ + đính kèm PDF, 2 yêu cầu; còn lại 1 yêu cầu);"
        " ÷bare: so với GET (đọc) hoặc POST (ghi) của Django trần; ÷pgbench: so với các câu"
        " lệnh SQL của chính nó",
        *table("Từng loại riêng", found["alone"] + bare, ceilings),
    ]
    if found["mix"]:
        out += table("Hỗn hợp", found["mix"], ceilings)
    if found.get("peak"):
        out += table("Giờ cao điểm (hỗn hợp, mô hình mở, nhịp cố định)", found["peak"], ceilings)
    if found["fixed"]:
        out += table(
            "Nhịp cố định (mô hình mở; 'bỏ': không kịp gửi đúng nhịp)", found["fixed"], ceilings
        )
    out.append(pgbench_line(ceilings, statements))
    return out + acceptance(
        found["alone"], found["mix"], found["fixed"], ceilings, peak=found.get("peak")
    )
