"""Writes to internal processes: drafts are edited, published versions are frozen.

Error codes: `process_bad_data` (a step/edge is malformed), `unknown_agency`, `process_frozen`
(editing a published/retired version), `already_published`, `process_invalid` (details = the
list of problems from `process_graph.validate`), `procedure_not_published`,
`process_allotment_mismatch` (the critical path differs from the procedure's time limit and no
`allotment_note` explains why).

Locks: the procedure row first (it serialises version numbering and publishing for all of its
processes), then the process row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from motcua.accounts.models import Agency, Role
from motcua.catalog.models import Procedure
from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.dossiers import process_graph as pg
from motcua.dossiers.models import (
    AgencyRule,
    ProcessDefinition,
    ProcessStatus,
    ProcessStep,
    ProcessTransition,
)
from motcua.dossiers.selectors.process import process_export_data, process_graph_load

STREAM = "process"
FROZEN_MESSAGE = "Quy trình đã công bố, không thể sửa. Hãy tạo phiên bản mới."
StepData = Mapping[str, Any]
EdgeData = Mapping[str, Any]


def stream_id(procedure: Procedure, agency: Agency | None) -> str:
    return f"{procedure.code}:{agency.code if agency is not None else '*'}"


def next_version(procedure: Procedure, agency: Agency | None) -> int:
    qs = ProcessDefinition.objects.filter(procedure=procedure)
    qs = qs.filter(agency=agency) if agency is not None else qs.filter(agency__isnull=True)
    return (qs.aggregate(m=Max("version"))["m"] or 0) + 1


@transaction.atomic
def process_create(
    *,
    procedure: Procedure,
    agency: Agency | None = None,
    name: str,
    steps: Sequence[StepData],
    edges: Sequence[EdgeData],
    allotment_note: str = "",
    verification_limit_hours: Decimal | int | None = None,
    verification_legal_basis: str = "",
    actor: Any = None,
) -> ProcessDefinition:
    """A new DRAFT numbered after the newest version for (procedure, agency).
    `verification_limit_hours`: the longer limit when verification is needed, with its legal
    basis (docs/rules.md §15); refused when it is not longer than the critical path."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    process = ProcessDefinition.objects.create(
        procedure=procedure,
        agency=agency,
        version=next_version(procedure, agency),
        name=name,
        allotment_note=allotment_note,
        verification_limit_hours=_verification_hours(
            verification_limit_hours, verification_legal_basis
        ),
        verification_legal_basis=verification_legal_basis.strip(),
    )
    _write_graph(process, steps, edges)
    _audit(process, "process.draft_created", actor, {"steps": len(steps), "edges": len(edges)})
    return process


@transaction.atomic
def process_update_draft(
    *,
    process: ProcessDefinition,
    steps: Sequence[StepData],
    edges: Sequence[EdgeData],
    name: str | None = None,
    allotment_note: str | None = None,
    actor: Any = None,
) -> ProcessDefinition:
    """Replace the steps and edges of a draft (and its name/note when given)."""
    process = _lock_draft(process)
    if name is not None:
        process.name = name
    if allotment_note is not None:
        process.allotment_note = allotment_note
    process.save(update_fields=["name", "allotment_note"])
    process.transitions.all().delete()
    process.steps.all().delete()
    _write_graph(process, steps, edges)
    _audit(process, "process.draft_updated", actor, {"steps": len(steps), "edges": len(edges)})
    return process


@transaction.atomic
def process_new_version(*, process: ProcessDefinition, actor: Any = None) -> ProcessDefinition:
    """A new draft copying `process` (how a published process is revised)."""
    data = process_export_data(process)
    return process_create(
        procedure=process.procedure,
        agency=process.agency,
        name=process.name,
        steps=data["steps"],
        edges=data["edges"],
        allotment_note=process.allotment_note,
        verification_limit_hours=process.verification_limit_hours,
        verification_legal_basis=process.verification_legal_basis,
        actor=actor,
    )


def _verification_hours(hours: Decimal | int | None, legal_basis: str) -> Decimal | None:
    if hours is None:
        return None
    value = Decimal(hours)
    if not value.is_finite() or value <= 0 or not legal_basis.strip():
        raise DomainError(
            "Thời hạn khi cần xác minh phải là số giờ dương và ghi rõ căn cứ pháp lý.",
            code="verification_limit_invalid",
        )
    return value


@transaction.atomic
def process_delete_draft(*, process: ProcessDefinition, actor: Any = None) -> None:
    """Delete a draft with its steps and edges (a published or retired version is kept
    forever: dossiers refer to it). Errors: process_frozen."""
    process = _lock_draft(process)
    _audit(process, "process.draft_deleted", actor, {"steps": process.steps.count()})
    process.delete()


def _lock_draft(process: ProcessDefinition) -> ProcessDefinition:
    Procedure.objects.select_for_update().filter(pk=process.procedure_id).first()
    locked = ProcessDefinition.objects.select_for_update().get(pk=process.pk)
    if locked.is_frozen:
        raise DomainError(FROZEN_MESSAGE, code="process_frozen")
    return locked


# --- writing steps and edges ------------------------------------------------------------------


def _write_graph(
    process: ProcessDefinition, steps: Sequence[StepData], edges: Sequence[EdgeData]
) -> None:
    """Insert the rows. Only what the rows cannot hold is refused here (malformed items,
    duplicate keys, edges to unknown steps); the rest is checked by `validate` at publish."""
    try:
        graph = pg.graph_from_dicts(steps, edges)
    except ValueError as exc:
        raise DomainError(str(exc), code="process_bad_data") from exc
    structural = pg.storage_problems(graph)
    if structural:
        raise DomainError(structural[0], code="process_bad_data", details=structural)
    agencies = _agencies_by_code(steps)
    ProcessStep.objects.bulk_create(
        ProcessStep(process=process, **_step_fields(s, i, agencies)) for i, s in enumerate(steps, 1)
    )
    by_key = {s.key: s for s in process.steps.all()}
    ProcessTransition.objects.bulk_create(
        ProcessTransition(
            process=process,
            source=by_key[e["source"]] if e["source"] is not None else None,
            target=by_key[e["target"]] if e["target"] is not None else None,
        )
        for e in edges
    )


def _agencies_by_code(steps: Sequence[StepData]) -> dict[str, Agency]:
    for s in steps:
        _check_types(s)
    codes = {s["agency"] for s in steps if s.get("agency")}
    found = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    missing = sorted(codes - found.keys())
    if missing:
        raise DomainError(f"Không tìm thấy cơ quan: {', '.join(missing)}.", code="unknown_agency")
    return found


def _check_types(data: StepData) -> None:
    expected = {"name": str, "agency": str, "agency_rule": str, "role": str, "order": int}
    for name, kind in expected.items():
        value = data.get(name)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            raise DomainError(
                f"Bước '{data['key']}': trường '{name}' sai kiểu dữ liệu.", code="process_bad_data"
            )


def _step_fields(data: StepData, position: int, agencies: dict[str, Agency]) -> dict[str, Any]:
    key = data["key"]
    rule = data.get("agency_rule", AgencyRule.RECEIVING)
    role = data.get("role")
    if rule not in AgencyRule.values:
        raise DomainError(
            f"Bước '{key}': quy tắc cơ quan '{rule}' không hợp lệ.", code="process_bad_data"
        )
    if role not in Role.values:
        raise DomainError(f"Bước '{key}': vai trò '{role}' không hợp lệ.", code="process_bad_data")
    agency = agencies.get(data["agency"]) if data.get("agency") else None
    if rule == AgencyRule.FIXED and agency is None:
        raise DomainError(
            f"Bước '{key}' giao cho cơ quan cố định nhưng chưa chỉ định cơ quan.",
            code="process_bad_data",
        )
    return {
        "key": key,
        "name": data.get("name") or key,
        "order": data.get("order") or position,
        "agency_rule": rule,
        "agency": agency,
        "role": role,
        "allotted_hours": _hours(data, key),
        "outcomes": list(data.get("outcomes", ["approve"])),
    }


def _hours(data: StepData, key: str) -> Decimal:
    hours = pg.parse_hours(data.get("allotted_hours"), key)
    if hours != hours.quantize(Decimal("0.01")) or not 0 <= hours < 100_000:
        raise DomainError(
            f"Thời gian của bước '{key}' phải từ 0 đến dưới 100.000 giờ, "
            "tối đa 2 chữ số thập phân.",
            code="process_bad_data",
        )
    return hours


# --- publishing -------------------------------------------------------------------------------


@transaction.atomic
def process_publish(
    *, process: ProcessDefinition, actor: Any = None, allotment_note: str | None = None
) -> ProcessDefinition:
    """Validate, check the allotment against the procedure's time limit, freeze, and retire the
    version published before for the same (procedure, agency). Dossiers started on a retired
    version keep it."""
    procedure = Procedure.objects.select_for_update().get(pk=process.procedure_id)
    process = ProcessDefinition.objects.select_for_update().get(pk=process.pk)
    if process.is_frozen:
        raise DomainError(
            "Quy trình này đã công bố, không thể công bố lại.", code="already_published"
        )
    if allotment_note is not None:
        process.allotment_note = allotment_note
    hours = _validated_hours(process)
    limit = _check_allotment(procedure, process, hours)
    _check_verification(process, limit)
    retired = _retire_previous(process)
    process.status = ProcessStatus.PUBLISHED
    process.published_at = timezone.now()
    process.critical_path_hours = hours
    process.save(update_fields=["status", "published_at", "critical_path_hours", "allotment_note"])
    payload = {
        "critical_path_hours": str(hours),
        "time_limit_hours": None if limit is None else str(limit),
        "allotment_note": process.allotment_note,
        "verification_limit_hours": _str(process.verification_limit_hours),
        "retired_versions": retired,
    }
    _audit(process, "process.published", actor, payload)
    return process


def _validated_hours(process: ProcessDefinition) -> Decimal:
    graph = process_graph_load(process.pk)
    problems = pg.validate(graph)
    if problems:
        raise DomainError(
            "Quy trình chưa hợp lệ: " + " ".join(problems), code="process_invalid", details=problems
        )
    return pg.critical_path_hours(graph)


def _check_allotment(
    procedure: Procedure, process: ProcessDefinition, hours: Decimal
) -> Decimal | None:
    """The procedure's limit in working hours (None for calendar units); refuse a mismatch that
    `allotment_note` does not explain."""
    version = procedure.current  # read after the procedure row is locked
    if version is None:
        raise DomainError(
            f"Thủ tục {procedure.code} chưa có phiên bản đang áp dụng.",
            code="procedure_not_published",
        )
    limit = pg.working_hours_of(Decimal(version.time_limit_value), version.time_limit_unit)
    if limit == hours or process.allotment_note.strip():
        return limit
    raise DomainError(
        _mismatch_message(
            version.time_limit_value, version.get_time_limit_unit_display(), limit, hours
        ),
        code="process_allotment_mismatch",
        details={"critical_path_hours": str(hours), "time_limit_hours": _str(limit)},
    )


def _check_verification(process: ProcessDefinition, limit: Decimal | None) -> None:
    """A verification limit extends a limit in working time: it must be longer than it."""
    extended = process.verification_limit_hours
    if extended is None:
        return
    if limit is None or Decimal(extended) <= limit:
        raise DomainError(
            "Thời hạn khi cần xác minh phải dài hơn thời hạn của thủ tục, tính bằng giờ làm việc.",
            code="verification_limit_invalid",
        )


def _mismatch_message(value: Decimal, unit: str, limit: Decimal | None, hours: Decimal) -> str:
    path = f"Tổng thời gian đường găng của quy trình là {_num(hours)} giờ làm việc"
    if limit is None:
        return (
            f"{path}; thời hạn của thủ tục là {_num(value)} {unit}, không quy đổi chính xác ra "
            "giờ làm việc. Hãy ghi lý do phân bổ thời gian để công bố."
        )
    return (
        f"{path}, khác thời hạn của thủ tục ({_num(value)} {unit} = {_num(limit)} giờ làm việc). "
        "Hãy ghi lý do chênh lệch để công bố."
    )


def _num(value: Decimal) -> str:
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _retire_previous(process: ProcessDefinition) -> list[int]:
    qs = ProcessDefinition.objects.filter(
        procedure_id=process.procedure_id, status=ProcessStatus.PUBLISHED
    ).exclude(pk=process.pk)
    qs = (
        qs.filter(agency_id=process.agency_id)
        if process.agency_id
        else qs.filter(agency__isnull=True)
    )
    versions = sorted(qs.values_list("version", flat=True))
    qs.update(status=ProcessStatus.RETIRED)
    return versions


def _audit(process: ProcessDefinition, kind: str, actor: Any, extra: dict[str, Any]) -> None:
    audit.append(
        stream_type=STREAM,
        stream_id=stream_id(process.procedure, process.agency),
        kind=kind,
        actor=actor,
        payload={
            "process_id": process.pk,
            "version": process.version,
            "name": process.name,
            **extra,
        },
    )
