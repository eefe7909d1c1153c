"""Reads of internal processes: which process applies, and its graph.

A published or retired process never changes (services refuse it), so its pure graph is cached
per (id, published_at); the timestamp guards against an id reused by a rolled-back test database.
Drafts are always read fresh."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import F, Q

from motcua.accounts.models import Agency
from motcua.catalog.models import Procedure
from motcua.core.errors import NotFound
from motcua.dossiers import process_graph as pg
from motcua.dossiers.models import (
    ProcessDefinition,
    ProcessStatus,
    ProcessStep,
    ProcessTransition,
)


def process_for(*, procedure: Procedure, agency: Agency | None) -> ProcessDefinition | None:
    """The published process for `agency` if there is one, else the agency-less one."""
    published = ProcessDefinition.objects.filter(
        procedure=procedure, status=ProcessStatus.PUBLISHED
    )
    if agency is None:
        return published.filter(agency__isnull=True).order_by("-version").first()
    # One query: the agency's own process sorts before the agency-less one.
    return (
        published.filter(Q(agency=agency) | Q(agency__isnull=True))
        .order_by(F("agency").asc(nulls_last=True), "-version")
        .first()
    )


def process_graph_of(process: ProcessDefinition) -> pg.Graph:
    """The pure graph of `process` (cached when the process is frozen)."""
    if process.is_frozen and process.published_at is not None:
        return _frozen_graph(process.pk, process.published_at)
    return process_graph_load(process.pk)


@lru_cache(maxsize=1024)
def _frozen_graph(process_id: int, published_at: datetime) -> pg.Graph:
    return process_graph_load(process_id)


def process_graph_cache_clear() -> None:
    _frozen_graph.cache_clear()


def process_graph_load(process_id: int) -> pg.Graph:
    """Read the steps and transitions of a process from the database (uncached)."""
    steps = [
        pg.Step(key, Decimal(hours), tuple(outcomes or ()))
        for key, hours, outcomes in ProcessStep.objects.filter(process_id=process_id)
        .order_by("order", "id")
        .values_list("key", "allotted_hours", "outcomes")
    ]
    edges = list(
        ProcessTransition.objects.filter(process_id=process_id)
        .order_by("id")
        .values_list("source__key", "target__key")
    )
    return pg.build(steps, edges)


def step_by_key(process: ProcessDefinition, key: str) -> ProcessStep:
    try:
        return ProcessStep.objects.select_related("agency").get(process=process, key=key)
    except ProcessStep.DoesNotExist as exc:
        raise NotFound(
            f"Quy trình '{process.name}' không có bước '{key}'.", code="process_step_not_found"
        ) from exc


def process_latest(*, procedure: Procedure, agency: Agency | None) -> ProcessDefinition | None:
    """The newest version for exactly (procedure, agency), whatever its status."""
    qs = ProcessDefinition.objects.filter(procedure=procedure)
    qs = qs.filter(agency=agency) if agency is not None else qs.filter(agency__isnull=True)
    return qs.order_by("-version").first()


def process_published_exact(
    *, procedure: Procedure, agency: Agency | None
) -> ProcessDefinition | None:
    """The published version for exactly (procedure, agency), without the agency-less fallback."""
    qs = ProcessDefinition.objects.filter(procedure=procedure, status=ProcessStatus.PUBLISHED)
    qs = qs.filter(agency=agency) if agency is not None else qs.filter(agency__isnull=True)
    return qs.order_by("-version").first()


def process_version_get(
    *, procedure: Procedure, agency: Agency | None, version: int
) -> ProcessDefinition:
    qs = ProcessDefinition.objects.filter(procedure=procedure, version=version)
    qs = qs.filter(agency=agency) if agency is not None else qs.filter(agency__isnull=True)
    found = qs.first()
    if found is None:
        raise NotFound(
            f"Thủ tục {procedure.code} không có quy trình phiên bản {version}.",
            code="process_not_found",
        )
    return found


def process_export_data(process: ProcessDefinition) -> dict[str, Any]:
    """The portable JSON shape of a process (agencies and steps by code/key, not by id)."""
    steps = list(process.steps.select_related("agency").order_by("order", "id"))
    edges = process.transitions.order_by("id").values_list("source__key", "target__key")
    return {
        "procedure": process.procedure.code,
        "agency": process.agency.code if process.agency else None,
        "version": process.version,
        "name": process.name,
        "allotment_note": process.allotment_note,
        "steps": [_step_data(s) for s in steps],
        "edges": [{"source": s, "target": t} for s, t in edges],
    }


def _step_data(step: ProcessStep) -> dict[str, Any]:
    hours = Decimal(step.allotted_hours)
    return {
        "key": step.key,
        "name": step.name,
        "order": step.order,
        "agency_rule": step.agency_rule,
        "agency": step.agency.code if step.agency else None,
        "role": step.role,
        "allotted_hours": int(hours) if hours == hours.to_integral_value() else float(hours),
        "outcomes": list(step.outcomes),
    }
