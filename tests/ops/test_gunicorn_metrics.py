"""gunicorn with two workers: the counters of both are summed in one scrape (multiprocess
mode), old metric files are removed at start, and a scrape survives a database it cannot read."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from motcua.testing.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
# a free port: CI runs the suite twice at once on this machine (the 00:30 and 23:30 clocks),
# and a fixed port let one run's test talk to the other run's server
PORT = free_port()


def _wait_listening(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)  # polling a condition, with a deadline
    raise AssertionError("gunicorn did not start")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_999999.db").write_bytes(b"left by a dead server")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "SECRET_KEY": "test-only",
        "DEBUG": "0",
        "MOTCUA_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",  # never migrated
        "MOTCUA_MEDIA_ROOT": str(tmp_path / "media"),
        "MOTCUA_VAR_DIR": str(tmp_path / "var"),
        "MOTCUA_BIND": f"127.0.0.1:{PORT}",
        "MOTCUA_WEB_WORKERS": "2",
        "MOTCUA_ACCESS_LOG": "0",
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "python:motcua.gunicorn_conf", "motcua.wsgi"]
    with (tmp_path / "gunicorn.log").open("wb") as log:
        proc = subprocess.Popen(command, env=env, cwd=tmp_path, stderr=log)
        try:
            _wait_listening(PORT, proc, tmp_path / "gunicorn.log")
            yield folder
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)


def _get(path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_workers_share_counters_and_the_state_part_fails_alone(server: Path) -> None:
    assert not (server / "counter_999999.db").exists()  # emptied at start
    for _ in range(20):
        assert _get("/healthz?only=storage")[0] == 200
    status, body = _get("/metrics")
    assert status == 200
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body.decode())
        for s in family.samples
    }
    key = (("method", "GET"), ("route", "/healthz"), ("status", "200"))
    assert samples[("motcua_http_requests_total", key)] == 20
    assert samples[("motcua_state_up", (("part", "outbox"),))] == 0  # no tables: left out
    assert ("motcua_outbox_pending", ()) not in samples
    assert len(list(server.glob("counter_*.db"))) >= 1
