"""Backup, restore and the health probe through the storage API on S3 (a local moto server
speaking the S3 protocol): the same code as on the local folder."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

from motcua.core.backup import backup_create, check_archive, stored_names
from motcua.core.health import check_storage
from motcua.core.restore import backup_restore
from motcua.testing.processes import free_port

pytestmark = pytest.mark.django_db(transaction=True)
# a free port: CI runs the suite twice at once on this machine (the 00:30 and 23:30 clocks)
PORT = free_port()
ENDPOINT = f"http://127.0.0.1:{PORT}"


@pytest.fixture(scope="module")
def s3() -> Iterator[Any]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    client = boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    for bucket in ("motcua-a", "motcua-b"):
        client.create_bucket(Bucket=bucket)
    yield client
    server.stop()


def _use_bucket(settings: Any, bucket: str) -> None:
    options = {
        "bucket_name": bucket,
        "endpoint_url": ENDPOINT,
        "access_key": "test",
        "secret_key": "test",
        "region_name": "us-east-1",
        "addressing_style": "path",
        "file_overwrite": False,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }


def test_backup_and_restore_files_through_s3(s3: Any, settings: Any, tmp_path: Path) -> None:
    _use_bucket(settings, "motcua-a")
    default_storage.save("dossiers/X-1/a.pdf", ContentFile(b"%PDF-1.4 a"))
    default_storage.save("slips/X-1/b.pdf", ContentFile(b"%PDF-1.4 b"))
    assert check_storage().status == "ok"
    assert list(stored_names()) == ["dossiers/X-1/a.pdf", "slips/X-1/b.pdf"]  # probe gone
    archive = backup_create(output_dir=tmp_path, progress=lambda _: None)
    manifest = check_archive(archive, progress=lambda _: None)
    assert manifest.file_names() == ["dossiers/X-1/a.pdf", "slips/X-1/b.pdf"]

    _use_bucket(settings, "motcua-b")  # an empty bucket, the same database
    report = backup_restore(archive=archive, overwrite=True, progress=lambda _: None)

    assert report.ok, report.problems
    body = s3.get_object(Bucket="motcua-b", Key="dossiers/X-1/a.pdf")["Body"].read()
    assert body == b"%PDF-1.4 a"
    digest = hashlib.sha256(body).hexdigest()
    assert manifest.data["members"]["files/dossiers/X-1/a.pdf"]["sha256"] == digest
