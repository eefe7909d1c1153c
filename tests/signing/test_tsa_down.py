"""A timestamp authority that does not answer: the slip or result is not issued, the action is
refused with `signing_failed` and a plain message, and nothing changes (no slip row, no stored
file, no recorded result)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as settings_module
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.errors import DomainError
from motcua.core.pdf import html_to_pdf
from motcua.dossiers.models import Dossier, DossierStatus, Slip
from motcua.dossiers.services import results
from motcua.dossiers.services.slips import slip_official
from tests.dossiers.test_lifecycle_edges import counter, do

pytestmark = [pytest.mark.django_db]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tsa_down(motcua: dict[str, Any]) -> dict[str, Any]:
    url = f"http://127.0.0.1:{_closed_port()}/tsa"
    return {**motcua, "SIGNING": {**motcua["SIGNING"], "TSA_URL": url, "TSA_TIMEOUT": 2}}


def _files() -> set[str]:
    root = Path(settings_module.MEDIA_ROOT)
    return {str(p) for p in root.rglob("*") if p.is_file()}


def test_a_slip_is_not_issued_and_no_row_or_file_is_left(pki: Any, settings: Any) -> None:
    code = counter(pki)
    dossier = Dossier.objects.get(code=code)
    Slip.objects.filter(dossier=dossier).delete()  # as if the issuing task had not run yet
    stored = _files()
    saved = settings.MOTCUA
    settings.MOTCUA = _tsa_down(settings.MOTCUA)
    with pytest.raises(DomainError) as caught:
        slip_official(dossier=dossier, kind="receipt")
    assert caught.value.code == "signing_failed"
    assert "dấu thời gian" in caught.value.message
    assert not Slip.objects.filter(dossier=dossier).exists()
    assert _files() == stored
    settings.MOTCUA = saved  # the TSA is back: the slip is issued, signed
    assert b"/ByteRange" in slip_official(dossier=dossier, kind="receipt").file.read()


def test_recording_a_result_is_refused_and_the_dossier_is_unchanged(
    pki: Any, settings: Any
) -> None:
    code = counter(pki)
    do(pki, code, "review")
    do(pki, code, "sign")
    dossier = Dossier.objects.get(code=code)
    status, version = dossier.status, dossier.version
    settings.MOTCUA = _tsa_down(settings.MOTCUA)
    upload = SimpleUploadedFile(
        "ket-qua.pdf", html_to_pdf("<h1>Giấy phép</h1>", paper="A4"), content_type="application/pdf"
    )
    with pytest.raises(DomainError) as caught:
        results.result_record(actor=pki.u("signer"), code=code, summary="x", document=upload)
    assert caught.value.code == "signing_failed"
    dossier.refresh_from_db()
    assert (dossier.status, dossier.version) == (status, version)
    assert status != DossierStatus.RESULT_READY
    assert not dossier.attachments.filter(purpose="result").exists()
