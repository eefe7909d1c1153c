"""Dossier API: submit, attach, read, list, and public tracking. Actions: api_actions.py."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Header, Query, Router, Status
from ninja.files import UploadedFile

from motcua.accounts.selectors import agency_get_by_code
from motcua.api.auth import token_or_session
from motcua.api.schemas import ErrorOut
from motcua.core.clientip import client_ip
from motcua.core.dbrouter import replica_reads
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.permissions import OFFICIAL_ROLES, has_any_role
from motcua.dossiers.presenters import dossier_out, track_out
from motcua.dossiers.schemas import (
    AttachmentOut,
    DossierIn,
    DossierListOut,
    DossierOut,
    TrackOut,
)
from motcua.dossiers.selectors.dossiers import dossier_get_for_user, dossier_list_for_user
from motcua.dossiers.selectors.tracking import track_public
from motcua.dossiers.services.attachments import attachment_add
from motcua.dossiers.services.submission import (
    ApplicantData,
    dossier_intake_counter,
    dossier_submit,
)
from motcua.dossiers.tracking_book import tracking_book_pdf, tracking_book_xlsx

router = Router(tags=["dossiers"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/dossiers", response={200: DossierOut, 201: DossierOut, **ERRORS}, auth=token_or_session
)
def submit(
    request: HttpRequest,
    payload: DossierIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> Status:
    """Nộp hồ sơ. Trực tuyến: `Idempotency-Key` lặp lại trả về hồ sơ đã tạo (200).
    Tại quầy/bưu chính (cán bộ tiếp nhận): hồ sơ được tiếp nhận ngay, có giờ hẹn trả."""
    applicant = ApplicantData(**payload.applicant.dict())
    args = {
        "actor": request.auth,
        "procedure_code": payload.procedure_code,
        "agency_code": payload.agency_code,
        "applicant": applicant,
        "form_data": payload.form_data,
    }
    if payload.channel != "online":
        return Status(201, dossier_out(dossier_intake_counter(**args, channel=payload.channel)))
    dossier, created = dossier_submit(**args, idempotency_key=idempotency_key)
    return Status(201 if created else 200, dossier_out(dossier, new=created))


@router.get("/dossiers", response={200: DossierListOut, **ERRORS}, auth=token_or_session)
def list_dossiers(
    request: HttpRequest,
    queue: Literal["mine", "agency"] = "agency",
    due: Literal["soon", "today", "overdue"] | None = None,
    agency: str | None = Query(
        None,
        max_length=13,
        description="Mã cơ quan: hồ sơ do cơ quan này tiếp nhận hoặc có bước xử lý tại đó. "
        "Cơ quan ngoài phạm vi của bạn (hoặc không tồn tại): danh sách rỗng.",
    ),
    limit: int = 50,
    offset: int = 0,
) -> dict:
    """Hồ sơ trong phạm vi người gọi, theo hạn. `due`: `overdue` quá hạn, `today` đến hạn hôm
    nay, `soon` sắp đến hạn — xét ngày hẹn của hồ sơ hoặc hạn của một bước đang mở."""
    limit, offset = max(1, min(limit, 200)), max(0, min(offset, 2**31 - 1))
    count, items = dossier_list_for_user(
        user=request.auth, queue=queue, due=due, agency=agency, limit=limit, offset=offset
    )
    return {"count": count, "items": [dossier_out(d) for d in items]}


@router.get("/dossiers/{code}", response={200: DossierOut, **ERRORS}, auth=token_or_session)
def get_dossier(request: HttpRequest, code: str) -> dict:
    return dossier_out(dossier_get_for_user(user=request.auth, code=code))


@router.post(
    "/dossiers/{code}/attachments",
    response={201: AttachmentOut, **ERRORS, 413: ErrorOut},
    auth=token_or_session,
)
def attach(
    request: HttpRequest,
    code: str,
    file: UploadedFile = File(...),
    required_document_id: int | None = Form(None),
    purpose: Literal["component", "supplement", "result"] = Form("component"),
) -> Status:
    dossier = dossier_get_for_user(user=request.auth, code=code)
    att = attachment_add(
        actor=request.auth,
        dossier=dossier,
        upload=file,
        required_document_id=required_document_id,
        purpose=purpose,
    )
    return Status(
        201,
        {
            "id": att.pk,
            "name": att.original_name,
            "content_type": att.content_type,
            "size": att.size,
            "sha256": att.sha256,
        },
    )


@router.get(
    "/track/{code}",
    response={200: TrackOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
)
@replica_reads()  # stale-tolerant: may trail a fresh submission by the lag
def track(
    request: HttpRequest,
    code: str,
    pin: str | None = Query(None, description="Mã tra cứu in trên giấy tiếp nhận (6 chữ số)."),
    id_last4: str | None = Query(None, description="4 chữ số cuối CCCD/MST của người nộp."),
) -> dict:
    """Tra cứu công khai (mã không phân biệt hoa thường, bỏ khoảng trắng). Không có mã tra cứu:
    chỉ trạng thái, thời gian tiếp nhận, hẹn trả và hẹn lại. Thủ tục, các bước, lý do xin lỗi và
    thông tin người nộp cần `pin` (đúng 6 chữ số) hoặc `id_last4` (đúng 4 chữ số), chỉ một trong
    hai: gửi cả hai hoặc sai định dạng là 422 `validation_error` và không tính là một lần thử.
    403 `id_mismatch` khi sai; 429 khi địa chỉ này (IPv6: cả mạng /64) hoặc hồ sơ này đã sai 5
    lần trong 15 phút (mã đúng vẫn được nhận, trừ khi chính địa chỉ này bị khoá)."""
    view = track_public(code=code, client=client_ip(request), pin=pin, id_last4=id_last4)
    return track_out(view)


@router.get(
    "/agencies/{agency_code}/tracking-book",
    response={200: None, **ERRORS},
    auth=token_or_session,
    openapi_extra={
        "responses": {
            200: {  # the int key ninja uses, so this merges into its 200 (not a duplicate)
                "description": "PDF hoặc XLSX",
                "content": {
                    "application/pdf": {},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                },
            }
        }
    },
)
def tracking_book(
    request: HttpRequest,
    agency_code: str,
    date_from: date,
    date_to: date,
    format: Literal["pdf", "xlsx"] = "xlsx",
) -> HttpResponse:
    """Sổ theo dõi hồ sơ của một cơ quan trong một khoảng ngày (tối đa 366 ngày)."""
    agency = agency_get_by_code(agency_code)
    if agency is None or not has_any_role(request.auth, OFFICIAL_ROLES, agency):
        raise NotFound("Không tìm thấy cơ quan trong phạm vi của bạn.")
    inside = date(1900, 1, 1) <= date_from <= date_to <= date(9998, 12, 31)
    if not inside or (date_to - date_from).days > 366:
        raise DomainError("Khoảng ngày không hợp lệ (tối đa 366 ngày).", code="invalid_period")
    if format == "pdf":
        body, mime = tracking_book_pdf(agency, date_from, date_to), "application/pdf"
    else:
        body = tracking_book_xlsx(agency, date_from, date_to)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=mime)
    name = f"so-theo-doi-{agency.code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
