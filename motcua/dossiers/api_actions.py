"""Dossier actions: `POST /dossiers/{code}/actions/<action>`, one operation per action.

Each handler checks that the caller may see the dossier (else 404, never "exists but
forbidden"), calls one named service, and presents the dossier the service returns; the service
locks the dossier, checks the caller's role (403) and the state (409), and writes the audit event.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from motcua.api.auth import token_or_session
from motcua.api.schemas import ErrorOut
from motcua.dossiers.presenters import dossier_out
from motcua.dossiers.schemas import DossierOut
from motcua.dossiers.schemas_actions import (
    ApologizeIn,
    AssignIn,
    CancelIn,
    ClaimIn,
    CompleteStepIn,
    ForwardIn,
    ReceiveIn,
    RecordResultIn,
    RefuseIn,
    RequestSupplementIn,
    ReturnResultIn,
    SupplementIn,
    WithdrawIn,
)
from motcua.dossiers.selectors.dossiers import assignee_get, dossier_require_visible
from motcua.dossiers.services import lateness, processing, reception, results

router = Router(tags=["dossier actions"])
PATH = "/dossiers/{code}/actions/"

# Answers every action can give.
_ALWAYS = {
    401: "Chưa đăng nhập hoặc mã truy cập không hợp lệ (`unauthenticated`).",
    404: "Không có hồ sơ này trong phạm vi của người gọi (`not_found`).",
    422: "Nội dung gửi lên sai dạng hoặc thiếu trường bắt buộc (`validation_error`).",
}
_NOT_RECEPTION = "Người gọi không phải cán bộ tiếp nhận của cơ quan nhận hồ sơ (`forbidden`)."
_NOT_APPLICANT = "Người gọi không phải người nộp hồ sơ hay cán bộ tiếp nhận (`forbidden`)."
_NO_STEP = (
    "Không có hồ sơ này trong phạm vi của người gọi, hoặc hồ sơ không có bước `step_id` "
    "(`not_found`)."
)
_VERSION = "`version_conflict` (hồ sơ đã đổi so với `version` gửi lên)"
_STATE = "`invalid_state` (thao tác không áp dụng ở trạng thái hiện tại)"
_STEP_ERRORS = {
    403: "Người gọi không giữ vai trò của bước (`forbidden`) hoặc bước do người khác nhận xử lý "
    "(`not_assignee`).",
    404: _NO_STEP,
    409: f"{_STATE}; bước đã xong (`step_closed`); hồ sơ đang tạm dừng chờ bổ sung "
    f"(`dossier_paused`); {_VERSION}.",
}

# What each action's error statuses mean there, besides those of every action (`_ALWAYS`).
ERRORS: dict[str, dict[int, str]] = {
    "receive": {
        403: _NOT_RECEPTION,
        409: f"{_STATE}; {_VERSION}.",
    },
    "request_supplement": {
        400: "Mục bổ sung thiếu tên hoặc lý do (`supplement_item_invalid`); đã yêu cầu một "
        "lần tại cơ quan này (`supplement_limit`); ngoại lệ thiếu căn cứ pháp lý "
        "(`legal_basis_required`).",
        403: _NOT_RECEPTION,
        409: f"{_STATE}; {_VERSION}.",
    },
    "supplement": {
        403: _NOT_APPLICANT,
        409: f"Hồ sơ không chờ bổ sung ({_STATE}); {_VERSION}.",
    },
    "refuse": {
        400: "Không nêu lý do từ chối (`reasons_required`).",
        403: _NOT_RECEPTION,
        409: f"{_STATE}; {_VERSION}.",
    },
    "claim": {
        403: "Người gọi không giữ vai trò của bước tại cơ quan xử lý bước (`forbidden`).",
        404: _NO_STEP,
        409: f"{_STATE}; bước đã xong (`step_closed`) hoặc đã có người nhận (`step_taken`).",
    },
    "assign": {
        400: "Cán bộ được giao không giữ vai trò của bước (`assignee_not_eligible`).",
        403: "Người gọi không phải trưởng đơn vị hay quản trị của cơ quan xử lý (`forbidden`).",
        404: _NO_STEP,
        409: f"{_STATE}; bước đã xong (`step_closed`).",
        422: "Nội dung sai dạng, hoặc không có cán bộ `assignee` đang hoạt động "
        "(`validation_error`).",
    },
    "complete_step": {
        400: "Kết quả không được phép ở bước này (`outcome_not_allowed`); trả lại ở bước đầu "
        "(`no_previous_step`); thiếu hoặc sai cơ quan nhận (`target_agency_required`, "
        "`same_agency`); thiếu lý do từ chối (`reasons_required`); mục bổ sung không hợp lệ "
        "(`supplement_items_required`, `supplement_item_invalid`, `supplement_limit`, "
        "`legal_basis_required`).",
        **_STEP_ERRORS,
    },
    "forward": {
        400: "Bước không cho phép chuyển (`outcome_not_allowed`); cơ quan nhận không có hoặc "
        "trùng cơ quan đang xử lý (`target_agency_required`, `same_agency`).",
        **_STEP_ERRORS,
    },
    "record_result": {
        400: "Thiếu tóm tắt kết quả (`summary_required`).",
        403: "Người gọi không phải chuyên viên, lãnh đạo ký hay văn thư của cơ quan nhận "
        "(`forbidden`).",
        409: f"{_STATE}; còn bước chưa xong (`steps_open`); hồ sơ đang tạm dừng "
        f"(`dossier_paused`); {_VERSION}.",
    },
    "return_result": {
        403: _NOT_RECEPTION,
        409: f"Hồ sơ chưa có kết quả ({_STATE}); {_VERSION}.",
    },
    "withdraw": {
        400: "Thiếu lý do (`reason_required`).",
        403: _NOT_APPLICANT,
        409: f"Hồ sơ đã có kết quả hoặc đã kết thúc ({_STATE}); {_VERSION}.",
    },
    "cancel": {
        400: "Thiếu lý do (`reason_required`).",
        403: "Người gọi không phải cán bộ tiếp nhận hay quản trị của cơ quan nhận (`forbidden`).",
        409: f"Hồ sơ đã được tiếp nhận ({_STATE}); {_VERSION}.",
    },
    "apologize": {
        400: "Ngày hẹn mới không phải ngày làm việc (`not_working_day`) hoặc không sau ngày "
        "hẹn hiện tại (`new_due_not_later`); đã hẹn lại một lần (`reappointment_limit`); "
        "thiếu lý do (`reason_required`).",
        403: "Người gọi không phải lãnh đạo của cơ quan đang xử lý (`forbidden`).",
        409: f"{_STATE}; hồ sơ đang tạm dừng chờ bổ sung (`dossier_paused`); {_VERSION}.",
    },
}


def _operation(action: str, operation_id: str, summary: str) -> Any:
    """The arguments of `router.post` for an action: its path, id and summary, the dossier on
    200 and the error shape on each status the action can answer, with what it means there."""
    described = dict(sorted({**_ALWAYS, **ERRORS[action]}.items()))
    return {
        "path": PATH + action,
        "operation_id": operation_id,
        "summary": summary,
        "response": {200: DossierOut, **dict.fromkeys(described, ErrorOut)},
        "openapi_extra": {
            "responses": {
                200: {"description": "Hồ sơ sau thao tác"},
                **{status: {"description": text} for status, text in described.items()},
            }
        },
        "auth": token_or_session,
    }


def _actor(request: HttpRequest, code: str) -> Any:
    """The caller, once it is known to see the dossier `code` (else 404)."""
    dossier_require_visible(user=request.auth, code=code)
    return request.auth


@router.post(**_operation("receive", "dossier_receive", "Tiếp nhận hồ sơ (bắt đầu tính thời hạn)"))
def receive(request: HttpRequest, code: str, payload: ReceiveIn) -> dict[str, Any]:
    """Cán bộ tiếp nhận nhận hồ sơ đã nộp: tính ngày hẹn trả, kích hoạt bước đầu của quy trình,
    in phiếu tiếp nhận và hẹn trả kết quả."""
    actor = _actor(request, code)
    dossier = reception.dossier_receive(actor=actor, code=code, expected_version=payload.version)
    return dossier_out(dossier)


@router.post(
    **_operation(
        "request_supplement", "dossier_request_supplement", "Yêu cầu bổ sung hồ sơ khi tiếp nhận"
    )
)
def request_supplement(
    request: HttpRequest, code: str, payload: RequestSupplementIn
) -> dict[str, Any]:
    """Yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02), liệt kê một lần mọi giấy tờ cần bổ sung."""
    actor = _actor(request, code)
    supplement_request = reception.dossier_request_supplement(
        actor=actor,
        code=code,
        items=[item.dict() for item in payload.items],
        legal_basis=payload.legal_basis,
        override=payload.override,
        expected_version=payload.version,
    )
    return dossier_out(supplement_request.dossier)


@router.post(**_operation("supplement", "dossier_supplement", "Đã bổ sung hồ sơ theo yêu cầu"))
def supplement(request: HttpRequest, code: str, payload: SupplementIn) -> dict[str, Any]:
    """Người nộp (hoặc cán bộ tiếp nhận thay mặt) báo đã bổ sung; thời hạn chạy tiếp."""
    actor = _actor(request, code)
    dossier = reception.dossier_supplement(
        actor=actor, code=code, note=payload.note, expected_version=payload.version
    )
    return dossier_out(dossier)


@router.post(**_operation("refuse", "dossier_refuse", "Từ chối tiếp nhận hồ sơ"))
def refuse(request: HttpRequest, code: str, payload: RefuseIn) -> dict[str, Any]:
    """Từ chối tiếp nhận hồ sơ (mẫu 03) với lý do."""
    actor = _actor(request, code)
    dossier = reception.dossier_refuse(
        actor=actor, code=code, reasons=payload.reasons, expected_version=payload.version
    )
    return dossier_out(dossier)


@router.post(**_operation("claim", "step_claim", "Nhận xử lý một bước"))
def claim(request: HttpRequest, code: str, payload: ClaimIn) -> dict[str, Any]:
    """Chuyên viên nhận một bước đang mở của hồ sơ về mình xử lý."""
    actor = _actor(request, code)
    return dossier_out(processing.step_claim(actor=actor, code=code, step_id=payload.step_id))


@router.post(**_operation("assign", "step_assign", "Giao một bước cho cán bộ"))
def assign(request: HttpRequest, code: str, payload: AssignIn) -> dict[str, Any]:
    """Trưởng đơn vị giao một bước đang mở cho cán bộ giữ vai trò của bước tại cơ quan đó."""
    actor = _actor(request, code)
    dossier = processing.step_assign(
        actor=actor,
        code=code,
        step_id=payload.step_id,
        assignee=assignee_get(username=payload.assignee),
    )
    return dossier_out(dossier)


@router.post(**_operation("complete_step", "step_complete", "Hoàn thành một bước với kết quả"))
def complete_step(request: HttpRequest, code: str, payload: CompleteStepIn) -> dict[str, Any]:
    """Kết thúc bước đang mở: `approve` chuyển bước sau, `return` trả bước trước, `supplement`
    tạm dừng chờ bổ sung (cần `items`), `refuse` từ chối (cần `reasons`), `forward` chuyển cơ
    quan khác (cần `target_agency`)."""
    actor = _actor(request, code)
    dossier = processing.step_complete(
        actor=actor,
        code=code,
        step_id=payload.step_id,
        outcome=payload.outcome,
        note=payload.note,
        items=[item.dict() for item in payload.items],
        reasons=payload.reasons,
        target_agency=payload.target_agency,
        legal_basis=payload.legal_basis,
        override=payload.override,
        expected_version=payload.version,
    )
    return dossier_out(dossier)


@router.post(**_operation("forward", "step_forward", "Chuyển bước sang cơ quan khác"))
def forward(request: HttpRequest, code: str, payload: ForwardIn) -> dict[str, Any]:
    """Kết thúc bước bằng việc chuyển hồ sơ sang cơ quan `target_agency` (liên thông)."""
    actor = _actor(request, code)
    dossier = processing.step_complete(
        actor=actor,
        code=code,
        step_id=payload.step_id,
        outcome="forward",
        note=payload.note,
        target_agency=payload.target_agency,
        expected_version=payload.version,
    )
    return dossier_out(dossier)


@router.post(**_operation("record_result", "result_record", "Ghi nhận kết quả giải quyết"))
def record_result(request: HttpRequest, code: str, payload: RecordResultIn) -> dict[str, Any]:
    """Mọi bước đã xong: ghi kết quả, hồ sơ chờ trả cho người nộp."""
    actor = _actor(request, code)
    dossier = results.result_record(
        actor=actor, code=code, summary=payload.summary, expected_version=payload.version
    )
    return dossier_out(dossier)


@router.post(**_operation("return_result", "result_return", "Trả kết quả cho người nộp"))
def return_result(request: HttpRequest, code: str, payload: ReturnResultIn) -> dict[str, Any]:
    """Trả kết quả tại quầy, qua bưu chính hoặc điện tử; hồ sơ kết thúc."""
    actor = _actor(request, code)
    dossier = results.result_return(
        actor=actor, code=code, channel=payload.channel, expected_version=payload.version
    )
    return dossier_out(dossier)


@router.post(
    **_operation("withdraw", "dossier_withdraw", "Dừng giải quyết theo đề nghị của người nộp")
)
def withdraw(request: HttpRequest, code: str, payload: WithdrawIn) -> dict[str, Any]:
    """Người nộp xin rút hồ sơ trước khi có kết quả; in thông báo dừng giải quyết."""
    actor = _actor(request, code)
    dossier = results.dossier_withdraw(
        actor=actor, code=code, reason=payload.reason, expected_version=payload.version
    )
    return dossier_out(dossier)


@router.post(**_operation("cancel", "dossier_cancel", "Huỷ hồ sơ chưa tiếp nhận"))
def cancel(request: HttpRequest, code: str, payload: CancelIn) -> dict[str, Any]:
    """Huỷ hồ sơ nộp trùng hoặc nhập sai, trước khi tiếp nhận; người nộp được báo lý do."""
    actor = _actor(request, code)
    dossier = results.dossier_cancel(
        actor=actor, code=code, reason=payload.reason, expected_version=payload.version
    )
    return dossier_out(dossier)


@router.post(**_operation("apologize", "apology_issue", "Xin lỗi và hẹn lại ngày trả kết quả"))
def apologize(request: HttpRequest, code: str, payload: ApologizeIn) -> dict[str, Any]:
    """Văn bản xin lỗi với lý do chậm và ngày hẹn trả mới (một lần mỗi hồ sơ)."""
    actor = _actor(request, code)
    apology = lateness.apology_issue(
        actor=actor,
        code=code,
        reason=payload.reason,
        new_due=payload.new_due,
        expected_version=payload.version,
    )
    return dossier_out(apology.dossier)
