"""Result codes and signed e-results (Decision 766/QĐ-TTg items 4.1–4.2).

Contract:
- `result_document_prepare` runs inside `dossiers.services.results.result_record`, under the
  dossier lock, before the upload is stored: it picks a new result code and, for a PDF whose
  agency has a credential, returns the PDF signed (PAdES B-LT, seal QR → /xac-thuc/<code>/), so
  the stored attachment, its SHA-256 and the audit event are of the signed bytes. Anything else
  (a scan in JPEG, an agency without credential) is stored as uploaded, `signed` False.
- `result_code_record` ties the code to the stored attachment and its SHA-256.
- Signing in the service (not a task) was measured: bench/signing_bench.py, ~0.1–0.3 s per
  document with the local TSA; the applicant is then never told "result ready" about an unsigned
  file. A TSA that does not answer fails the recording with `signing_failed` (nothing stored).
- Result codes are random (10 base-32 characters after "KQ"), so the public page
  /xac-thuc/<code>/ cannot be walked to list results.
- `page_counts_record` stores the page count of every PDF component of the dossier (the
  scanned paper documents, item 4.2); it is idempotent.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.core.pdf import sign_pdf
from motcua.signing.models import PageCount, ResultCode
from motcua.signing.selectors import verify_page_url


@dataclass(frozen=True)
class PreparedResult:
    code: str
    upload: File
    signed: bool


def new_result_code() -> str:
    while True:
        code = "KQ" + base64.b32encode(secrets.token_bytes(10)).decode()[:10]
        if not ResultCode.objects.filter(code=code).exists():
            return code


def _read(upload: File) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def result_document_prepare(*, dossier: Any, upload: File) -> PreparedResult:
    """The result code and the file to store (signed when it can be; see the contract)."""
    code = new_result_code()
    data = _read(upload)
    if not data.startswith(b"%PDF-"):
        return PreparedResult(code=code, upload=upload, signed=False)
    # a TSA that does not answer raises DomainError("signing_failed") from the signer
    signed = sign_pdf(data, agency=dossier.receiving_agency, verify_url=verify_page_url(code))
    if signed == data:
        return PreparedResult(code=code, upload=upload, signed=False)
    return PreparedResult(code=code, upload=ContentFile(signed, name=upload.name), signed=True)


def result_code_record(*, prepared: PreparedResult, dossier: Any, attachment: Any) -> ResultCode:
    """Tie the code to the stored attachment (inside the caller's transaction)."""
    return ResultCode.objects.create(
        code=prepared.code,
        dossier=dossier,
        attachment=attachment,
        sha256=attachment.sha256,
        signed=prepared.signed,
        agency=dossier.receiving_agency,
        issued_at=timezone.now(),
    )


def pdf_pages(data: bytes) -> int | None:
    """Pages of a PDF, None when the bytes do not parse as one."""
    try:
        return int(PdfFileReader(BytesIO(data), strict=False).root["/Pages"]["/Count"])
    except Exception:
        return None


def page_counts_record(*, dossier: Any) -> int:
    """Record the page count of each PDF component not counted yet; returns the total pages."""
    from motcua.dossiers.models import AttachmentPurpose

    pdfs = dossier.attachments.filter(
        purpose=AttachmentPurpose.COMPONENT, content_type="application/pdf"
    )
    for attachment in pdfs.filter(page_count__isnull=True):
        with attachment.file.open("rb") as handle:
            pages = pdf_pages(handle.read())
        if pages is not None:
            PageCount.objects.create(attachment=attachment, pages=pages)
    return sum(PageCount.objects.filter(attachment__in=pdfs).values_list("pages", flat=True))
