"""The electronic result: `result_record` with a document stores it as the dossier's result
attachment in the same transaction; a bad file refuses the whole recording."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.errors import DomainError
from motcua.core.models import AuditEvent
from motcua.dossiers.models import AttachmentPurpose, Dossier, DossierStatus
from motcua.dossiers.services import results
from tests.dossiers.conftest import World
from tests.dossiers.test_attachments import pdf_bytes
from tests.dossiers.test_lifecycle_edges import counter, do

pytestmark = [pytest.mark.django_db, pytest.mark.backends]
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def finished(w: World) -> str:
    code = counter(w)
    do(w, code, "review")
    do(w, code, "sign")
    return code


def test_the_result_document_is_stored_with_the_result(world: World) -> None:
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=HCM), tick=False):
        code = finished(world)
        upload = SimpleUploadedFile("ket-qua.pdf", pdf_bytes(), content_type="application/pdf")
        results.result_record(
            actor=world.u("signer"), code=code, summary="Giấy chứng nhận số 7", document=upload
        )
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == DossierStatus.RESULT_READY
    result = dossier.attachments.get(purpose=AttachmentPurpose.RESULT)
    assert (result.original_name, result.uploaded_by) == ("ket-qua.pdf", world.u("signer"))
    kinds = list(AuditEvent.objects.filter(stream_id=code).values_list("kind", flat=True))
    # the e-result enters the applicant's store in the same transaction (motcua.docstore)
    assert kinds[-3:] == [
        "dossier.attachment_added",
        "docstore.item_added",
        "dossier.result_recorded",
    ]


def test_a_bad_result_file_refuses_the_recording(world: World) -> None:
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=HCM), tick=False):
        code = finished(world)
        upload = SimpleUploadedFile(
            "ket-qua.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
        )
        with pytest.raises(DomainError):
            results.result_record(
                actor=world.u("signer"), code=code, summary="Giấy chứng nhận", document=upload
            )
    dossier = Dossier.objects.get(code=code)
    assert dossier.status != DossierStatus.RESULT_READY
    assert not dossier.attachments.filter(purpose=AttachmentPurpose.RESULT).exists()
