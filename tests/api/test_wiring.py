"""How the API and the local server are put together: a router that cannot be imported stops the
start, and QR codes point at the address `make run` serves on. Each check runs in a fresh
Python process, since settings and the URL configuration load once per process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"HOST", "PORT", "MOTCUA_PUBLIC_BASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    full = {
        **base,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "SECRET_KEY": "test-only",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env=full,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_router_that_cannot_be_imported_stops_the_api() -> None:
    """`import X` raises ImportError when sys.modules[X] is None: the dossier router is broken."""
    code = (
        "import sys, django\n"
        "sys.modules['motcua.dossiers.api'] = None\n"
        "django.setup()\n"
        "import motcua.api.main\n"
    )
    result = run_python(code)
    assert result.returncode != 0
    assert "ImportError" in result.stderr or "ModuleNotFoundError" in result.stderr


def test_the_api_loads_every_router() -> None:
    code = (
        "import django\n"
        "django.setup()\n"
        "from motcua.api.main import api\n"
        "paths = api.get_openapi_schema()['paths']\n"
        "print(sum(p.startswith('/api/v1/dossiers') for p in paths))\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 15


BASE_URL = (
    "import django\n"
    "from django.conf import settings\n"
    "django.setup()\n"
    "print(settings.MOTCUA['PUBLIC_BASE_URL'])\n"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"HOST": "192.168.1.5", "PORT": "8010"}, "http://192.168.1.5:8010"),
        ({"PORT": "8123", "MOTCUA_PUBLIC_BASE_URL": "https://motcua.example.vn"}, None),
    ],
)
def test_the_public_base_url_follows_host_and_port_unless_set(
    env: dict[str, str], expected: str | None
) -> None:
    result = run_python(BASE_URL, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (expected or env["MOTCUA_PUBLIC_BASE_URL"])


def _make_env(*args: str, **env: str) -> str:
    """MOTCUA_PUBLIC_BASE_URL as the Makefile exports it to its recipes (`make run` included)."""
    base = {k: v for k, v in os.environ.items() if k not in {"HOST", "PORT"}}
    base.pop("MOTCUA_PUBLIC_BASE_URL", None)
    show = "show-base-url: ; @echo $$MOTCUA_PUBLIC_BASE_URL"
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", f"--eval={show}", "show-base-url", *args],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_make_exports_the_base_url_of_its_host_and_port() -> None:
    assert _make_env() == "http://127.0.0.1:8000"
    assert _make_env("PORT=8123") == "http://127.0.0.1:8123"
    assert _make_env("HOST=0.0.0.0", "PORT=9000") == "http://0.0.0.0:9000"
    assert _make_env("PORT=8123", MOTCUA_PUBLIC_BASE_URL="https://x.vn") == "https://x.vn"
