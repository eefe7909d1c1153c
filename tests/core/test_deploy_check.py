"""Production defaults are safe and fast: with DEBUG off `motcua check --deploy` prints no
warning (HSTS, secure cookies, SSL redirect, ...), MOTCUA_HTTPS=0 switches the HTTPS-only parts
off for a plain-HTTP run, and database connections persist. Each case is a fresh process, since
settings are read once from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LONG_KEY = "k3y-" + "x7Qm9PzR2vLt8WcN5bJd" * 3  # 64 characters, varied, no "django-insecure"
SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k, None) for k in ("
    "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', "
    "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER')} | "
    "{'CONN_MAX_AGE': s.DATABASES['default']['CONN_MAX_AGE'], "
    "'CONN_HEALTH_CHECKS': s.DATABASES['default']['CONN_HEALTH_CHECKS']}))"
)


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MOTCUA_", "SESSION_", "CSRF_")) and k not in {"DB_CONN_MAX_AGE"}
    }
    base |= {
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "DEBUG": "0",
        "SECRET_KEY": LONG_KEY,
        "MOTCUA_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "motcua.example.gov.vn",
    }
    return subprocess.run(
        [sys.executable, *args],
        env=base | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_of(tmp_path: Path, **env: str) -> dict:
    done = run(["-c", SHOW], tmp_path, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_check_deploy_prints_no_warning_with_debug_off(tmp_path: Path) -> None:
    done = run(["-m", "motcua", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "WARNING" not in output
    assert "security.W" not in output
    assert "System check identified no issues" in output


def test_https_defaults_with_debug_off(tmp_path: Path) -> None:
    got = settings_of(tmp_path)
    assert got["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert got["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert got["SECURE_SSL_REDIRECT"] is True
    assert got["SESSION_COOKIE_SECURE"] is True
    assert got["CSRF_COOKIE_SECURE"] is True
    assert got["SECURE_PROXY_SSL_HEADER"] is None  # trusted only when configured


def test_motcua_https_0_is_a_plain_http_run(tmp_path: Path) -> None:
    got = settings_of(tmp_path, MOTCUA_HTTPS="0")
    assert got["SECURE_HSTS_SECONDS"] == 0
    assert got["SECURE_SSL_REDIRECT"] is False
    assert got["SESSION_COOKIE_SECURE"] is False
    assert got["CSRF_COOKIE_SECURE"] is False


def test_hsts_and_proxy_header_are_configurable(tmp_path: Path) -> None:
    got = settings_of(
        tmp_path,
        MOTCUA_HSTS_SECONDS="600",
        MOTCUA_HSTS_INCLUDE_SUBDOMAINS="0",
        MOTCUA_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert got["SECURE_HSTS_SECONDS"] == 600
    assert got["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert got["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(("debug", "max_age"), [("0", 60), ("1", 0)])
def test_database_connections_persist_in_production(
    tmp_path: Path, debug: str, max_age: int
) -> None:
    got = settings_of(tmp_path, DEBUG=debug)
    assert got["CONN_MAX_AGE"] == max_age
    assert got["CONN_HEALTH_CHECKS"] is True
