"""Shared steps of every dossier transition: lock, check the version, record, notify."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.core.taskqueue import enqueue_with_change
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.national_portal.services import sync_queue
from motcua.notifications.fanout import Addressee, notice_create

STREAM = "dossier"


def now() -> datetime:
    return timezone.now()


def lock_dossier(code: str, *, expected_version: int | None = None) -> Dossier:
    """Lock the dossier row (always the first lock a transition takes, so the order is fixed).

    `expected_version` makes the call fail with 409 when someone acted since the caller read it."""
    try:
        # `of=self`: lock the dossier row only, not the joined agency / procedure rows that
        # every other dossier shares; NO KEY UPDATE lets other transactions keep inserting
        # rows that reference it.
        dossier = (
            Dossier.objects.select_for_update(of=("self",), no_key=True)
            .select_related("receiving_agency", "procedure_version__procedure")
            .get(code=code)
        )
    except Dossier.DoesNotExist as exc:
        raise NotFound("Không tìm thấy hồ sơ.") from exc
    if expected_version is not None and dossier.version != expected_version:
        raise Conflict(
            "Hồ sơ vừa được người khác xử lý (phiên bản đã thay đổi). Vui lòng tải lại và thử lại.",
            code="version_conflict",
        )
    dossier._loaded = _values(dossier)  # type: ignore[attr-defined]
    return dossier


def _values(dossier: Dossier) -> dict[str, Any]:
    return {f.attname: getattr(dossier, f.attname) for f in Dossier._meta.concrete_fields}


def _changed_fields(dossier: Dossier) -> list[str] | None:
    """The columns a transition changed since `lock_dossier` read the row (None: unknown)."""
    loaded = getattr(dossier, "_loaded", None)
    if loaded is None:
        return None
    return [name for name, value in _values(dossier).items() if loaded[name] != value]


def require_status(dossier: Dossier, *allowed: str) -> None:
    if dossier.status not in allowed:
        labels = ", ".join(str(DossierStatus(s).label) for s in allowed)
        raise Conflict(
            f"Hồ sơ đang ở trạng thái '{dossier.get_status_display()}'; thao tác chỉ áp dụng khi "
            f"hồ sơ ở trạng thái: {labels}.",
            code="invalid_state",
        )


def record(
    dossier: Dossier,
    *,
    kind: str,
    actor: Any,
    payload: dict[str, Any] | None = None,
    fields: list[str] | None = None,
) -> None:
    """Save the changed columns (those listed, else those that differ from what
    `lock_dossier` read) with a bumped version, and append the audit event. A dossier saved
    for the first time starts its stream: no committed dossier had its code (a number handed
    out again was rolled back with its events), so the event is the stream's first without
    reading it; the unique (stream, seq) constraint would refuse it otherwise."""
    changed = fields if fields is not None else _changed_fields(dossier)
    new_stream = dossier.pk is None
    dossier.version += 1
    if dossier.pk is not None and changed is not None:
        dossier.save(update_fields=sorted({*changed, "version"}))
    else:
        dossier.save()
    dossier._loaded = _values(dossier)  # type: ignore[attr-defined]
    sync_queue(dossier=dossier, changed=changed)  # the national portal's copy (DVCQG)
    audit.append(
        stream_type=STREAM,
        stream_id=dossier.code,
        kind=kind,
        actor=actor,
        payload={"status": dossier.status, **(payload or {})},
        new_stream=new_stream,
    )


def notify(
    dossier: Dossier, *, kind: str, payload: dict[str, Any], dedupe: str | None = None
) -> None:
    """Queue a notice to the applicant in the outbox, in the same transaction: the portal inbox,
    and e-mail and SMS when the dossier gives them (`motcua.notifications.fanout`)."""
    to = Addressee(
        code=dossier.code,
        user_id=dossier.applicant_user_id,
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
    )
    notice_create(to, kind=kind, payload=payload, dedupe=dedupe)


def enqueue_slip(dossier: Dossier, kind: str) -> None:
    """Render the slip in the background worker once the change commits (queued with the
    change itself where the queue allows: motcua.core.taskqueue)."""
    from motcua.dossiers.tasks import render_slip

    enqueue_with_change(render_slip, code=dossier.code, kind=kind)


def clean_items(items: list[dict[str, str]]) -> list[dict[str, str]]:
    """Supplement items: each needs the document name and the reason (listed all at once)."""
    cleaned = []
    for i, item in enumerate(items or [], start=1):
        name = str(item.get("name", "")).strip()
        reason = str(item.get("reason", "")).strip()
        if not name or not reason:
            raise DomainError(
                f"Mục bổ sung thứ {i} phải có tên giấy tờ và lý do.", code="supplement_item_invalid"
            )
        cleaned.append({"name": name, "reason": reason})
    if not cleaned:
        raise DomainError(
            "Phải liệt kê đầy đủ, một lần, mọi giấy tờ cần bổ sung và lý do.",
            code="supplement_items_required",
        )
    return cleaned


def require_override(override: bool, legal_basis: str) -> None:
    """A supplement request beyond the first at one agency: only as an explicit exception with
    its legal basis (Decision 766/QĐ-TTg indicator 2.1; docs/rules.md §6)."""
    if not override:
        raise DomainError(
            "Hồ sơ đã được yêu cầu bổ sung một lần tại cơ quan này. Chỉ được yêu cầu lần nữa khi "
            "chọn 'ngoại lệ' và ghi rõ căn cứ pháp lý.",
            code="supplement_limit",
        )
    if not legal_basis.strip():
        raise DomainError(
            "Yêu cầu bổ sung ngoại lệ phải ghi căn cứ pháp lý.", code="legal_basis_required"
        )
