"""API operations of signing under /api/v1/ (added by motcua/api/main.py).

`POST /api/v1/verify`: public, no account. A verification report for any file (an invalid
report says why: not_pdf, malformed, no_signature, modified, unknown_ca, revoked, expired, ...);
413 `file_too_large` over the limit. Nothing is stored.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from motcua.api.schemas import ErrorOut
from motcua.core.errors import DomainError
from motcua.signing.views import check_upload

router = Router(tags=["signing"])


class VerifyOut(Schema):
    valid: bool
    reason_code: str
    reason: str
    sha256: str
    signatures: int
    signer: str
    agency: str
    signed_at: datetime | None
    timestamp_at: datetime | None
    tsa: str
    certificate_status: str
    result_code: str
    record_match: bool | None


class FileTooLarge(DomainError):
    status = 413


@router.post(
    "/verify", response={200: VerifyOut, 400: ErrorOut, 413: ErrorOut, 422: ErrorOut}, auth=None
)
def verify(request: HttpRequest, file: UploadedFile = File(...), code: str = Form("")) -> VerifyOut:
    """Verify the signatures of an uploaded PDF (and, with `code`, match the stored result)."""
    report = check_upload(file, code=code.strip()[:32])
    if report.reason_code == "too_large":
        raise FileTooLarge(report.reason, code="file_too_large")
    return VerifyOut(
        reason=report.reason,
        **{k: getattr(report, k) for k in VerifyOut.model_fields if k != "reason"},
    )
