"""API operations of docstore under /api/v1/ (added by motcua/api/main.py): the caller's store
(`GET /me/documents`) and attaching an item to a dossier without uploading it again
(`POST /dossiers/{code}/attachments/from-store`). Another person's item or dossier is 404."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from motcua.api.auth import token_or_session
from motcua.api.schemas import ErrorOut
from motcua.docstore.models import StoreItem
from motcua.docstore.selectors import store_items_for_user
from motcua.docstore.services_attach import store_item_attach
from motcua.dossiers.schemas import AttachmentOut
from motcua.dossiers.selectors.dossiers import dossier_get_for_user

router = Router(tags=["docstore"])


class StoreItemOut(Schema):
    id: int
    kind: str  # result | verified
    title: str
    agency: str
    source_dossier: str
    issued_at: datetime
    signed: bool  # the PDF carries a digital signature (presence only)
    sha256: str
    result_code: str | None
    name: str
    content_type: str
    size: int
    download: str  # the page URL that serves the stored file after checking the owner


class StoreListOut(Schema):
    count: int
    items: list[StoreItemOut]


class FromStoreIn(Schema):
    item_id: int
    required_document_id: int


def _item_out(item: StoreItem) -> dict:
    attachment = item.attachment
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "agency": item.agency.code,
        "source_dossier": item.source_dossier.code,
        "issued_at": item.issued_at,
        "signed": item.signed,
        "sha256": item.sha256,
        "result_code": item.result_code,
        "name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "download": f"/kho-giay-to/{item.pk}/tai-ve/",
    }


@router.get(
    "/me/documents",
    response={200: StoreListOut, 401: ErrorOut},
    auth=token_or_session,
)
def my_documents(request: HttpRequest) -> dict:
    """Kho giấy tờ của người gọi: kết quả đã cấp và giấy tờ đã đối chiếu bản chính, mới nhất
    trước."""
    items = [_item_out(i) for i in store_items_for_user(user=request.auth)]
    return {"count": len(items), "items": items}


@router.post(
    "/dossiers/{code}/attachments/from-store",
    response={
        201: AttachmentOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=token_or_session,
)
def attach_from_store(request: HttpRequest, code: str, payload: FromStoreIn) -> Status:
    """Đính kèm một giấy tờ trong kho vào hồ sơ mà không tải lên lại (cùng tệp đã lưu, cùng
    sha256). 400: thành phần không cho dùng lại (`not_reusable`), không thuộc thủ tục
    (`unknown_document`), vượt dung lượng (`dossier_too_large`); 403: người gọi không phải người
    nộp (`forbidden`); 404: hồ sơ hoặc giấy tờ ngoài phạm vi (`not_found`,
    `store_item_not_found`); 409: hồ sơ không còn mở cho người nộp (`invalid_state`)."""
    dossier = dossier_get_for_user(user=request.auth, code=code)
    att = store_item_attach(
        actor=request.auth,
        code=dossier.code,
        item_id=payload.item_id,
        required_document_id=payload.required_document_id,
    )
    out = {
        "id": att.pk,
        "name": att.original_name,
        "content_type": att.content_type,
        "size": att.size,
        "sha256": att.sha256,
    }
    return Status(201, out)
