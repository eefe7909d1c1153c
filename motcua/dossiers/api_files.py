"""Downloads of a dossier's files through the API: attachments (documents, supplements,
results) and the official slips. The caller must be able to see the dossier
(`dossier_get_for_user`); anything else is 404. Bodies are the stored bytes, streamed."""

from __future__ import annotations

from typing import Literal

from django.http import FileResponse, HttpRequest
from ninja import Router

from motcua.api.auth import token_or_session
from motcua.api.schemas import ErrorOut
from motcua.core.downloads import file_response
from motcua.core.filetypes import ACCEPTED
from motcua.dossiers.selectors.files import attachment_get_for_user, slip_dossier_for_user
from motcua.dossiers.services.slips import slip_official

router = Router(tags=["dossiers"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
SlipKind = Literal["receipt", "supplement", "refusal", "apology", "stop_notice", "control_sheet"]
_HEADERS = {
    "Content-Disposition": {"schema": {"type": "string"}, "description": "Tên tệp (RFC 6266/5987)"},
    "Repr-Digest": {"schema": {"type": "string"}, "description": "SHA-256 của tệp (RFC 9530)"},
    "X-Content-Type-Options": {"schema": {"type": "string", "enum": ["nosniff"]}},
}


def _binary(description: str, types: list[str]) -> dict:
    content = {t: {"schema": {"type": "string", "format": "binary"}} for t in types}
    return {
        "responses": {200: {"description": description, "content": content, "headers": _HEADERS}}
    }


@router.get(
    "/dossiers/{code}/attachments/{int:attachment_id}",
    response={200: None, **ERRORS},
    auth=token_or_session,
    openapi_extra=_binary("Tệp đính kèm đã lưu", [t.mime for t in ACCEPTED]),
)
def attachment_download(request: HttpRequest, code: str, attachment_id: int) -> FileResponse:
    """Tải một tệp đính kèm của hồ sơ (thành phần, bổ sung, kết quả). 404 khi hồ sơ ngoài phạm
    vi của người gọi hoặc tệp không thuộc hồ sơ."""
    attachment = attachment_get_for_user(user=request.auth, code=code, attachment_id=attachment_id)
    return file_response(
        stored=attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        sha256=attachment.sha256,
    )


@router.get(
    "/dossiers/{code}/slips/{kind}",
    response={200: None, **ERRORS},
    auth=token_or_session,
    openapi_extra=_binary("Bản lưu chính thức của phiếu (PDF)", ["application/pdf"]),
)
def slip_download(request: HttpRequest, code: str, kind: SlipKind) -> FileResponse:
    """Bản phiếu đã phát hành và lưu (có SHA-256 trong nhật ký); chỉ tạo khi chưa có.
    404 khi hồ sơ ngoài phạm vi hoặc phiếu chưa áp dụng cho hồ sơ."""
    dossier = slip_dossier_for_user(user=request.auth, code=code, kind=kind)
    slip = slip_official(dossier=dossier, kind=kind, actor=request.auth)
    return file_response(
        stored=slip.file,
        filename=f"{dossier.code}-{kind}.pdf",
        content_type="application/pdf",
        sha256=slip.sha256,
        inline=True,
    )
