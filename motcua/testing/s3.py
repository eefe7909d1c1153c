"""A local S3-compatible server for the storage tests: moto's server, in a thread, on 127.0.0.1.

`moto_s3()` starts `moto.server.ThreadedMotoServer` on a free port of 127.0.0.1 and yields its
endpoint; the storage speaks real S3 over HTTP to it (signatures, multipart, errors), so what
passes here passes against any S3-compatible store. `s3_storages(...)` is the STORAGES setting
of `MOTCUA_STORAGE=s3` pointed at that endpoint, each test under its own key prefix.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

REGION = "us-east-1"
# moto accepts any credentials; these keep boto3 from looking for real ones
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@contextmanager
def moto_s3() -> Iterator[str]:
    """Run moto's server until the block ends; yields its endpoint URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def create_bucket(endpoint: str, bucket: str) -> None:
    s3_client(endpoint).create_bucket(Bucket=bucket)


def empty_bucket(endpoint: str, bucket: str) -> None:
    """Create `bucket` if missing, else delete every object in it."""
    client = s3_client(endpoint)
    try:
        client.head_bucket(Bucket=bucket)
    except client.exceptions.ClientError:
        client.create_bucket(Bucket=bucket)
        return
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys = [{"Key": obj["Key"]} for obj in page.get("Contents", [])]
        if keys:
            client.delete_objects(Bucket=bucket, Delete={"Objects": keys})


def set_fake_credentials() -> None:
    """boto3 reads its own environment variables; tests never hold real keys."""
    for name, value in FAKE_CREDENTIALS.items():
        os.environ[name] = value


def s3_storages(*, endpoint: str, bucket: str, location: str) -> dict[str, Any]:
    """STORAGES as `MOTCUA_STORAGE=s3` sets it (motcua/settings.py), at `endpoint`, with every
    key under `location/`."""
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "region_name": REGION,
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
                "signature_version": "s3v4",
                "location": location,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def stored_keys(endpoint: str, bucket: str, prefix: str) -> list[str]:
    """Every key under `prefix` (what the bucket really holds)."""
    pages = (
        s3_client(endpoint).get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    )
    return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))
