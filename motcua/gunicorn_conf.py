"""gunicorn settings of the production web server: `gunicorn -c python:motcua.gunicorn_conf
motcua.wsgi`. Everything comes from the environment, so one image serves every size.

MOTCUA_BIND (default 127.0.0.1:8000), MOTCUA_WEB_WORKERS (default 2 × cores + 1),
MOTCUA_WEB_THREADS (default 1: sync workers; each worker holds one database connection),
MOTCUA_WEB_TIMEOUT (seconds, default 30). Web processes keep no state of their own: sessions,
throttles and the task queue live in the database (or Redis in scale-out mode), files in the
storage backend, so any worker may answer any request and a killed worker loses nothing.

Metrics (docs/operations.md): the workers share their Prometheus counters through files in
PROMETHEUS_MULTIPROC_DIR (default var/prometheus under MOTCUA_VAR_DIR), set here before any
worker imports the app, emptied when the server starts (old files would count dead processes
twice) and told when a worker exits, so its live gauges stop being reported.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Any

bind = os.environ.get("MOTCUA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("MOTCUA_WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("MOTCUA_WEB_THREADS", "1"))
timeout = int(os.environ.get("MOTCUA_WEB_TIMEOUT", "30"))
graceful_timeout = 20
# requests are answered while the next worker boots; the app is imported once per worker so a
# deploy that changes code needs no special care
preload_app = False
accesslog = os.environ.get("MOTCUA_ACCESS_LOG") or None

_var = Path(os.environ.get("MOTCUA_VAR_DIR") or Path(__file__).resolve().parent.parent / "var")
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_var / "prometheus"))


def on_starting(server: Any) -> None:
    """Before the first worker: an empty metrics folder of this server's own."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
