"""Real server processes for tests: start them, wait until they are ready, kill them hard.

Contract:
- Every process starts in a session of its own (`start_new_session`), so its process group is
  the process and everything it forks (gunicorn's master and its workers). `kill()` sends
  SIGKILL to the whole group, as a power cut or the OOM killer would, and reaps the leader;
  `stop()` asks politely (SIGTERM) and kills what is left after a timeout.
- Readiness is polled, never slept for: `start()` returns once its `ready` check passes, and
  raises (with the process's log) if the process exits first or the timeout runs out.
- Output goes to a log file per process (`log`), appended across restarts, so a failing test
  can show what each incarnation printed.
- The environment is the caller's `env` (typically DATABASE_URL, SECRET_KEY and the settings a
  test needs) over the current one, with the worktree on PYTHONPATH.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

Check = Callable[["Process"], bool]


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], *, timeout: float, interval: float = 0.1) -> bool:
    """Poll `check` until it is true (True) or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def http_ready(url: str) -> Check:
    """Ready when `url` answers with any HTTP status (a worker is serving requests)."""

    def check(_: Process) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a local test URL)
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    return check


def output_ready(text: str) -> Check:
    """Ready when the process's current incarnation has printed `text`."""

    def check(process: Process) -> bool:
        return text in process.output_since_start()

    return check


def environment(env: Mapping[str, str]) -> dict[str, str]:
    """The current environment, the worktree on PYTHONPATH, then `env` on top."""
    merged = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    merged.update(env)
    return merged


class Process:
    """One server process that can be started, killed and started again."""

    def __init__(
        self, name: str, argv: Sequence[str], *, env: Mapping[str, str], log: Path, ready: Check
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.env = environment(env)
        self.log = log
        self.ready = ready
        self.popen: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._log_offset = 0

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def output_since_start(self) -> str:
        if not self.log.exists():
            return ""
        with self.log.open("rb") as fh:
            fh.seek(self._log_offset)
            return fh.read().decode("utf-8", "replace")

    def start(self, *, timeout: float = 60) -> Process:
        """Start the process and return once it is ready."""
        if self.alive:
            raise RuntimeError(f"{self.name} đang chạy")
        self._log_offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(  # noqa: S603 (argv built by the test, no shell)
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.starts += 1
        if not wait_until(lambda: self.ready(self) or not self.alive, timeout=timeout):
            self.kill()
            raise RuntimeError(f"{self.name} không sẵn sàng sau {timeout} giây:\n{self.tail()}")
        if not self.alive:
            raise RuntimeError(f"{self.name} đã thoát khi khởi động:\n{self.tail()}")
        return self

    def kill(self) -> None:
        """SIGKILL the whole process group and reap the leader."""
        self._signal_group(signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait()

    def stop(self, *, timeout: float = 10) -> None:
        """SIGTERM the group; SIGKILL whatever still runs after `timeout` seconds."""
        if self.popen is None:
            return
        self._signal_group(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=timeout)
        self.kill()

    def _signal_group(self, sig: signal.Signals) -> None:
        if self.popen is None:
            return
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            return  # the group is gone already (every member has exited)

    def tail(self, chars: int = 4000) -> str:
        return self.output_since_start()[-chars:]


def gunicorn(
    *, port: int, env: Mapping[str, str], log: Path, workers: int = 2, ready_path: str = "/"
) -> Process:
    """The production web server (`motcua.gunicorn_conf`) on 127.0.0.1:`port`."""
    web_env = {
        **env,
        "MOTCUA_BIND": f"127.0.0.1:{port}",
        "MOTCUA_WEB_WORKERS": str(workers),
    }
    argv = [str(BIN / "gunicorn"), "-c", "python:motcua.gunicorn_conf", "motcua.wsgi"]
    url = f"http://127.0.0.1:{port}{ready_path}"
    return Process("gunicorn", argv, env=web_env, log=log, ready=http_ready(url))


def db_worker(*, env: Mapping[str, str], log: Path, interval: float = 0.2) -> Process:
    """`motcua db_worker` on every queue, polling every `interval` seconds."""
    argv = [
        *motcua_argv(),
        "db_worker",
        "--queue-name=*",
        f"--interval={interval}",
        "--no-startup-delay",
        "--no-reload",
        "--verbosity=1",
    ]
    return Process("db_worker", argv, env=env, log=log, ready=output_ready("Starting worker"))


def scheduler(*, env: Mapping[str, str], log: Path) -> Process:
    """`motcua scheduler`: ready once it has queued the first round of periodic jobs."""
    argv = [*motcua_argv(), "scheduler"]
    return Process("scheduler", argv, env=env, log=log, ready=output_ready("outbox_deliver"))


def motcua_argv() -> list[str]:
    return [sys.executable, "-m", "motcua"]


def run_motcua(
    args: Sequence[str], *, env: Mapping[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run one `motcua` command to its end in a process of its own; output captured."""
    return run_python(["-m", "motcua", *args], env=env, timeout=timeout)


def run_python(
    args: Sequence[str], *, env: Mapping[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `python <args>` from the worktree to its end; output captured."""
    return subprocess.run(  # noqa: S603 (argv built by the test, no shell)
        [sys.executable, *args],
        cwd=ROOT,
        env=environment(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
