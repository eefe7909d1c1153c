"""Catalogue API: search, one procedure, fields. Public, read-only."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field as SchemaField
from ninja import Query, Router, Schema

from motcua.api.schemas import ErrorOut
from motcua.catalog import selectors
from motcua.catalog.models import (
    Channel,
    CopyType,
    FeeKind,
    OnlineType,
    ProcedureLevel,
    ProcedureVersion,
    RequiredDocument,
    TimeUnit,
)

router = Router(tags=["catalogue"])


class FieldOut(Schema):
    code: str
    name: str


class AgencyOut(Schema):
    code: str
    name: str


class TimeLimitOut(Schema):
    value: float
    unit: TimeUnit
    text: str


class ProcedureOut(Schema):
    """A procedure in a result list (its version in force)."""

    code: str
    name: str
    field: FieldOut
    level: ProcedureLevel
    online_type: OnlineType
    time_limit: TimeLimitOut
    agencies: list[AgencyOut]

    @staticmethod
    def resolve_code(obj: ProcedureVersion) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_time_limit(obj: ProcedureVersion) -> dict[str, Any]:
        return {
            "value": obj.time_limit_value,
            "unit": obj.time_limit_unit,
            "text": obj.time_limit_text,
        }

    @staticmethod
    def resolve_agencies(obj: ProcedureVersion) -> list[Any]:
        return list(obj.agencies.all())


class ProcedureListOut(Schema):
    count: int = SchemaField(description="Số thủ tục khớp, trên mọi trang")
    items: list[ProcedureOut]


class DocumentOut(Schema):
    order: int
    name: str
    copy_type: CopyType
    quantity: int
    is_required: bool
    reusable: bool
    template_name: str
    template_url: str | None = SchemaField(description="Tệp mẫu đơn, tờ khai; null nếu không có")

    @staticmethod
    def resolve_template_url(obj: RequiredDocument, context: dict[str, Any]) -> str | None:
        if not obj.template:
            return None
        # Served by the portal's download view: the media folder has no URL.
        path = reverse("portal:procedure_template", args=[obj.version.procedure.code, obj.pk])
        return context["request"].build_absolute_uri(path)


class FeeOut(Schema):
    kind: FeeKind
    description: str
    amount: int = SchemaField(description="Mức thu, đồng")
    condition: str


class PublicationDecisionOut(Schema):
    number: str
    date: date | None


class ProcedureDetailOut(ProcedureOut):
    """Everything the version in force publishes."""

    version: int
    published_at: datetime | None
    agency_text: str
    steps_text: str
    channels: list[Channel]
    receipt_cutoff: str | None = SchemaField(
        ...,
        pattern=r"^\d{2}:\d{2}$",
        description=(
            "Giờ chốt tiếp nhận, giờ địa phương Việt Nam (Asia/Ho_Chi_Minh, UTC+07:00), dạng "
            "HH:MM: hồ sơ nhận sau giờ này tính từ ngày làm việc tiếp theo. null: theo cấu hình "
            "chung (15:00)."
        ),
        examples=["15:00"],
    )
    applicants: str
    applicant_types: list[str]
    result_type: str
    requirements: str
    legal_basis: str
    publication_decision: PublicationDecisionOut
    effective_from: date | None = SchemaField(
        None, description="Ngày phiên bản này có hiệu lực (theo quyết định công bố); null: chưa ghi"
    )
    eligible_end_to_end: bool
    paper_result_required: bool
    form_schema: list[dict[str, Any]]
    documents: list[DocumentOut]
    fees: list[FeeOut]

    @staticmethod
    def resolve_version(obj: ProcedureVersion) -> int:
        return obj.number

    @staticmethod
    def resolve_receipt_cutoff(obj: ProcedureVersion) -> str | None:
        cutoff: time | None = obj.receipt_cutoff
        return cutoff.strftime("%H:%M") if cutoff else None

    @staticmethod
    def resolve_publication_decision(obj: ProcedureVersion) -> dict[str, Any]:
        return {
            "number": obj.publication_decision_number,
            "date": obj.publication_decision_date,
        }

    @staticmethod
    def resolve_documents(obj: ProcedureVersion) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_fees(obj: ProcedureVersion) -> list[Any]:
        return list(obj.fees.all())


class ProcedureFilters(Schema):
    q: str = SchemaField(
        "", max_length=200, description="Từ khóa hoặc mã thủ tục, có dấu hoặc không dấu"
    )
    field: str | None = SchemaField(
        None, max_length=32, pattern=r"^[^\x00]*$", description="Mã lĩnh vực"
    )
    agency: str | None = SchemaField(
        None, max_length=13, pattern=r"^[^\x00]*$", description="Mã cơ quan thực hiện"
    )
    online_type: OnlineType | None = None
    limit: int = SchemaField(20, ge=1, le=100)
    offset: int = SchemaField(0, ge=0)


@router.get(
    "/procedures",
    response={200: ProcedureListOut, 422: ErrorOut},
    summary="Tìm thủ tục hành chính",
    operation_id="procedure_list",
)
def procedure_list(request: HttpRequest, filters: Query[ProcedureFilters]) -> dict[str, Any]:
    """Search the procedures in force, with or without diacritics, words in any order (the last
    word may be cut short). A code-like `q` ("1.000894") also finds codes starting with it.
    Ranking: code starting with the query, name equal to the query, name starting with it, name
    containing it, all words in the name, words found only in the rest of the text; ties by
    name, then code. An empty `q` lists everything by name. Errors: 422 `validation_error`."""
    page = selectors.procedure_search(
        q=filters.q,
        field=filters.field,
        agency=filters.agency,
        online_type=filters.online_type.value if filters.online_type else None,
        limit=filters.limit,
        offset=filters.offset,
    )
    return {"count": page.count, "items": page.items}


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetailOut, 404: ErrorOut},
    summary="Chi tiết thủ tục hành chính",
    operation_id="procedure_get",
)
def procedure_get(request: HttpRequest, code: str) -> ProcedureVersion:
    """The version in force of one procedure. Errors: 404 `procedure_not_found`."""
    return selectors.procedure_get(code=code)


@router.get(
    "/fields",
    response={200: list[FieldOut]},
    summary="Danh sách lĩnh vực",
    operation_id="field_list",
)
def field_list(request: HttpRequest) -> list[Any]:
    return selectors.field_list()
