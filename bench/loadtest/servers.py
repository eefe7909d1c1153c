"""The processes of a load run: gunicorn servers (started, polled until ready, stopped) and
pgbench. Each server runs in its own process group so stopping it stops its workers too; its
output goes to a log file under the run's directory, named in every error."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

READY_TIMEOUT = 60.0


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answered: ready (404 on an unknown path is an answer)
    except OSError:
        return False


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    """Poll `url` until the server answers; fail if it exits or takes over READY_TIMEOUT."""
    deadline = time.monotonic() + READY_TIMEOUT
    while not _ready(url):
        if proc.poll() is not None:
            raise RuntimeError(f"Máy chủ dừng khi khởi động (mã {proc.returncode}); xem {log}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Máy chủ không sẵn sàng sau {READY_TIMEOUT:.0f} giây; xem {log}")
        time.sleep(0.2)


def warm(base: str, paths: list[str], *, workers: int) -> None:
    """Request each path `2 × workers` times, `workers` at a time, so that every worker has
    filled its per-process caches (the catalogue's word index, templates) before it is measured."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda path: _ready(base + path), paths * 2 * workers))


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # gunicorn's graceful stop for master and workers
    try:
        proc.wait(timeout=25)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@contextmanager
def gunicorn(
    *, wsgi: str, port: int, workers: int, env: dict[str, str], log: Path
) -> Iterator[str]:
    """Serve `wsgi` with `-c python:motcua.gunicorn_conf` on 127.0.0.1:`port`; yields the base
    URL once it answers, and stops the server (and its workers) on exit, even on error."""
    bind = f"127.0.0.1:{port}"
    env = {**env, "MOTCUA_BIND": bind, "MOTCUA_WEB_WORKERS": str(workers)}
    command = [
        sys.executable, "-m", "gunicorn", "-c", "python:motcua.gunicorn_conf", wsgi,
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            base = f"http://{bind}"
            wait_ready(base + "/", proc, log)
            yield base
        finally:
            _stop(proc)


TPS_RE = re.compile(r"^tps = ([0-9.]+)", re.MULTILINE)
FAILED_RE = re.compile(r"number of failed transactions: (\d+)")


def parse_pgbench(output: str) -> tuple[float, int]:
    """(transactions per second, failed transactions) from pgbench's report."""
    tps = TPS_RE.search(output)
    if tps is None:
        raise ValueError("Không đọc được tps trong kết quả pgbench")
    failed = FAILED_RE.search(output)
    return float(tps.group(1)), int(failed.group(1)) if failed else 0


def pgbench(
    *, script: Path, dburl: str, clients: int, seconds: int, log: Path
) -> tuple[float, int]:
    """Run `pgbench -n -c clients -j 2 -T seconds -f script` against `dburl`."""
    command = [
        "pgbench", "-n", "-c", str(clients), "-j", "2", "-T", str(seconds), "-f", str(script),
        dburl,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    log.write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        raise RuntimeError(f"pgbench lỗi (mã {done.returncode}); xem {log}")
    return parse_pgbench(done.stdout)
