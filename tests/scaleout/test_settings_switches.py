"""Scale-out mode is switched on by environment variables alone: the settings module, loaded in a
fresh process with only the variables changed, gives the RQ queue, private S3 storage and the
replica aliases with their router."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SHOW = """
import json
from django.conf import settings
print(json.dumps({
    "apps": settings.INSTALLED_APPS,
    "tasks": settings.TASKS["default"],
    "rq": settings.RQ_QUEUES["default"]["URL"],
    "storage": settings.STORAGES["default"],
    "databases": {k: v.get("TEST", {}).get("MIRROR") for k, v in settings.DATABASES.items()},
    "routers": getattr(settings, "DATABASE_ROUTERS", []),
    "replicas": settings.MOTCUA_READ_REPLICAS,
}))
"""


def settings_with(var_dir: Path, **env: str) -> dict[str, Any]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MOTCUA_", "DATABASE_"))}
    base["MOTCUA_VAR_DIR"] = str(var_dir)
    run = subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**base, "DJANGO_SETTINGS_MODULE": "motcua.settings", "SECRET_KEY": "x", **env},
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return dict(json.loads(run.stdout))


def test_the_default_mode_has_no_scale_out_piece(tmp_path: Path) -> None:
    shown = settings_with(tmp_path)
    assert shown["tasks"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" not in shown["apps"]
    assert shown["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert list(shown["databases"]) == ["default"]
    assert shown["routers"] == []
    assert shown["replicas"] == []


def test_scale_out_mode_comes_from_the_environment(tmp_path: Path) -> None:
    shown = settings_with(
        tmp_path,
        MOTCUA_TASK_BACKEND="rq",
        MOTCUA_REDIS_URL="redis://queue.example:6379/3",
        MOTCUA_STORAGE="s3",
        MOTCUA_S3_BUCKET="hoso",
        MOTCUA_S3_ENDPOINT_URL="https://s3.example.vn",
        MOTCUA_S3_REGION="hcm-1",
        DATABASE_URL="postgres://app@primary:5432/motcua",
        DATABASE_REPLICA_URL="postgres://r@replica1/motcua, postgres://r@replica2/motcua",
    )
    assert shown["tasks"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert {"django_rq", "django_tasks_rq"} <= set(shown["apps"])
    assert shown["rq"] == "redis://queue.example:6379/3"
    options = shown["storage"]["OPTIONS"]
    assert shown["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "hoso",
        "https://s3.example.vn",
        "hcm-1",
    )
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert shown["databases"] == {"default": None, "replica": "default", "replica2": "default"}
    assert shown["replicas"] == ["replica", "replica2"]
    assert shown["routers"] == ["motcua.core.dbrouter.ReplicaRouter"]
