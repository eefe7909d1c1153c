"""Two actions of the dossier page beyond the plain transitions: recording the result with its
electronic copy (a multipart form), and "cần xác minh" on a bundle dossier (Decree 63/2024)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.dossiers.models import AttachmentPurpose, Dossier, DossierStatus
from motcua.dossiers.services import processing
from tests.dossiers.conftest import World
from tests.dossiers.test_attachments import pdf_bytes
from tests.dossiers.test_bundles_rules import at, received, republish_with_verification
from tests.workspace.helpers import counter, open_step
from tests.workspace.test_actions import act, as_, last_event

pytestmark = pytest.mark.django_db


def finished(w: World) -> str:
    code = counter(w)
    for who in ("specialist", "signer"):
        step = open_step(code)
        processing.step_complete(actor=w.u(who), code=code, step_id=step.pk, outcome="approve")
    return code


def test_the_result_form_takes_the_electronic_result(client: Client, world: World) -> None:
    code = finished(world)
    as_(client, world, "signer")
    page = client.get(f"/can-bo/ho-so/{code}/thao-tac/record-result/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "Tệp kết quả (bản điện tử)" in page
    upload = SimpleUploadedFile("giay-chung-nhan.pdf", pdf_bytes(), "application/pdf")
    resp = act(client, code, "record-result", summary="Đã cấp giấy", document=upload)
    assert resp.status_code == 302
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == DossierStatus.RESULT_READY
    assert dossier.attachments.get(purpose=AttachmentPurpose.RESULT).original_name == (
        "giay-chung-nhan.pdf"
    )


def test_a_result_file_that_is_not_what_it_says_changes_nothing(
    client: Client, world: World
) -> None:
    code = finished(world)
    as_(client, world, "signer")
    upload = SimpleUploadedFile("ket-qua.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    resp = act(client, code, "record-result", summary="Đã cấp giấy", document=upload)
    assert resp.status_code == 400
    assert Dossier.objects.get(code=code).status == DossierStatus.IN_PROGRESS
    assert last_event(code).kind != "dossier.result_recorded"


def test_verification_is_offered_on_a_bundle_and_moves_the_appointment(
    client: Client, world: World
) -> None:
    republish_with_verification(world, world.simple, Decimal(40))
    d = received(world, world.simple)
    with at(2026, 3, 2, 10, 0):
        as_(client, world, "specialist")
        page = client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
        assert "Cần xác minh: gia hạn theo thời hạn liên thông" in page
        resp = act(client, d.code, "verify", reason="Xác minh nơi sinh với bệnh viện")
        assert resp.status_code == 302
        after = Dossier.objects.get(code=d.code)
        assert after.due_at > d.due_at
        assert last_event(d.code).kind == "dossier.verification_extended"
        # once only: the button goes, and a second post is refused
        page = client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
        assert "Cần xác minh: gia hạn" not in page
        assert act(client, d.code, "verify", reason="lần nữa").status_code == 403


def test_verification_is_not_offered_without_a_verification_limit(
    client: Client, world: World
) -> None:
    d = received(world, world.simple)
    with at(2026, 3, 2, 10, 0):
        as_(client, world, "specialist")
        assert "Cần xác minh" not in client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
        assert act(client, d.code, "verify", reason="x").status_code == 403
