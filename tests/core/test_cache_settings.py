"""CACHES from the environment (settings.py): a memory cache per process by default, one Redis
cache when MOTCUA_CACHE_URL is set. Settings are read once per process, so each case runs a
real Python process; the Redis case then stores and reads a value on the local server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import cache
backend = settings.CACHES["default"]["BACKEND"]
if "redis" in backend:
    cache.set("fastread-probe", {"n": 1}, timeout=5)
    assert cache.get("fastread-probe") == {"n": 1}
    cache.delete("fastread-probe")
print(json.dumps(backend))
"""


def cache_backend(**env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "MOTCUA_CACHE_URL"}
    environ.update(DJANGO_SETTINGS_MODULE="motcua.settings", **env)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=environ, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return str(json.loads(done.stdout.splitlines()[-1]))


def test_default_is_a_memory_cache_per_process() -> None:
    assert cache_backend() == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_url_switches_to_one_shared_redis_cache() -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/3", socket_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    backend = cache_backend(MOTCUA_CACHE_URL="redis://127.0.0.1:6379/3")
    assert backend == "django.core.cache.backends.redis.RedisCache"
