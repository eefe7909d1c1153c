"""Checks shared by the document services: roles, text, abbreviations (docs/documents.md).

Roles (motcua.accounts.models.Role, Decree 30/2020 Arts. 13–14, 20–22): a specialist or unit
head drafts and submits; the leader who signs (`signer`) approves; the clerk (`clerk`, văn
thư) numbers, signs with the organisation's seal and issues, registers paper documents and
receives incoming ones; a leader or unit head assigns an incoming document; the lead unit's
staff move it on.
"""

from __future__ import annotations

from typing import Any

from motcua.accounts.models import Role
from motcua.core.errors import DomainError
from motcua.core.text import CONTROL_CHAR_CODE, has_control_chars
from motcua.documents.symbols import abbreviation_problem

STREAM_OUT = "document"
STREAM_IN = "incoming_document"
DRAFT_ROLES = (Role.SPECIALIST, Role.UNIT_HEAD)
APPROVE_ROLES = (Role.SIGNER,)
CLERK_ROLES = (Role.CLERK,)
ASSIGN_ROLES = (Role.SIGNER, Role.UNIT_HEAD)
HANDLE_ROLES = (Role.SPECIALIST, Role.UNIT_HEAD, Role.SIGNER)
SUBJECT_MAX = 500
CONTENT_MAX = 50_000
SYMBOL_MAX = 30  # OutgoingDocument.symbol; Annex VI Part II gives CodeNotation 30 characters
WIDEST_NUMBER = 9999  # the widest number a symbol is checked with at drafting


def stored_bytes(stored: Any) -> bytes:
    """The bytes of a document's stored file (a FieldFile); `file_missing` when the row names
    none or the storage lost it, so a caller refuses instead of failing."""
    try:
        if not stored:
            raise FileNotFoundError
        with stored.open("rb") as handle:
            return bytes(handle.read())
    except FileNotFoundError as exc:
        raise DomainError(
            "Tệp văn bản không còn trên hệ thống; đề nghị liên hệ văn thư hoặc quản trị hệ thống.",
            code="file_missing",
        ) from exc


def refuse_control_chars(*, lines: dict[str, str], single: dict[str, str]) -> None:
    bad = [k for k, v in lines.items() if has_control_chars(v, multiline=True)]
    bad += [k for k, v in single.items() if has_control_chars(v)]
    if bad:
        raise DomainError(
            "Nội dung có ký tự điều khiển không hợp lệ; vui lòng nhập lại.",
            code=CONTROL_CHAR_CODE,
            details={"fields": bad},
        )


def required_text(value: str, *, label: str, limit: int, code: str) -> str:
    value = value.strip()
    if not value:
        raise DomainError(f"Cần nhập {label}.", code=code)
    if len(value) > limit:
        raise DomainError(f"{label.capitalize()} dài quá {limit} ký tự.", code="text_too_long")
    return value


def abbreviation(value: str, *, label: str) -> str:
    problem = abbreviation_problem(value)
    if problem:
        raise DomainError(f"{label}: {problem}", code="invalid_abbreviation")
    return value


def require_status(obj: Any, allowed: tuple[str, ...], action: str) -> None:
    if obj.status not in allowed:
        raise DomainError(
            f"Không thể {action} văn bản ở trạng thái “{obj.get_status_display()}”.",
            code="invalid_state",
        )
