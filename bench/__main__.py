"""`make bench`: run every benchmark and print its numbers. Not part of the test suite."""

from __future__ import annotations

import subprocess
import sys
import time

BENCHES = [
    "bench.calendar_bench",
    "bench.search_bench",
    "bench.dossier_bench",
    "bench.submission_bench",
    "bench.bench_workspace",
    "bench.bench_pages",
    "bench.bench_observability",
    "bench.signing_bench",
    "bench.documents_bench",
    "bench.analytics_bench",
]


def main() -> int:
    failed = 0
    for name in BENCHES:
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        # Each benchmark runs in its own process: they configure different databases.
        rc = subprocess.call([sys.executable, "-c", f"import {name} as m; m.main()"])
        print(f"   ({time.perf_counter() - start:.1f} s, exit {rc})", flush=True)
        failed += rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
