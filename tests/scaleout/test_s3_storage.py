"""Files on S3-compatible storage (MOTCUA_STORAGE=s3), against moto's real S3 server on
127.0.0.1: an attachment is stored as a private object, comes back through the checked view
with its recorded hash, and a failed upload leaves no object behind."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.dossiers.models import Attachment
from motcua.dossiers.services import attachments as attachments_module
from motcua.dossiers.services.attachments import attachment_add
from motcua.dossiers.services.submission import dossier_submit
from motcua.testing import s3
from tests.conftest import S3_BUCKET
from tests.dossiers.conftest import World, applicant
from tests.dossiers.test_attachments import pdf_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.backends]


def submitted(world: World) -> Any:
    dossier, _ = dossier_submit(
        actor=world.u("citizen"),
        procedure_code=world.simple,
        agency_code=world.ward.code,
        applicant=applicant(),
        form_data={"purpose": "Đi học"},
    )
    return dossier


def test_an_attachment_is_a_private_object_served_only_through_the_checked_view(
    world: World, s3_storage: str, s3_endpoint: str
) -> None:
    # given an attachment stored on S3
    dossier, data = submitted(world), pdf_bytes()
    att = attachment_add(actor=world.u("citizen"), dossier=dossier, upload=upload(data, "a.pdf"))
    key = f"{s3_storage}/{att.file.name}"
    assert s3.stored_keys(s3_endpoint, S3_BUCKET, s3_storage) == [key]
    # then the object is private: no grant to anyone but its owner
    acl = s3.s3_client(s3_endpoint).get_object_acl(Bucket=S3_BUCKET, Key=key)
    assert [g["Grantee"].get("URI") for g in acl["Grants"]] == [None]
    # and an address, if anything asked for one, is signed and expires
    assert "X-Amz-Signature=" in att.file.url
    assert "X-Amz-Expires=300" in att.file.url
    # when the applicant downloads it through the portal
    client = Client()
    client.force_login(world.u("citizen"))
    url = reverse("portal:attachment_download", args=[dossier.code, att.pk])
    response = client.get(url)
    # then the bytes are the stored ones and match the hash recorded at upload
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert body == data
    assert hashlib.sha256(body).hexdigest() == att.sha256
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"
    # and a stranger gets a 404, not the file
    stranger = Client()
    stranger.force_login(world.u("stranger"))
    assert stranger.get(url).status_code == 404


def test_a_failure_after_the_upload_deletes_the_object(
    world: World, s3_storage: str, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the audit write failing after the file reached the bucket
    dossier = submitted(world)

    def broken_append(**kwargs: Any) -> None:
        assert s3.stored_keys(s3_endpoint, S3_BUCKET, s3_storage), "stored before the event"
        raise RuntimeError("audit down")

    monkeypatch.setattr(attachments_module.audit, "append", broken_append)
    # when the attachment is added
    with pytest.raises(RuntimeError, match="audit down"):
        attachment_add(actor=world.u("citizen"), dossier=dossier, upload=upload(pdf_bytes()))
    # then neither the row nor the object is left
    assert not Attachment.objects.filter(dossier=dossier).exists()
    assert s3.stored_keys(s3_endpoint, S3_BUCKET, s3_storage) == []
