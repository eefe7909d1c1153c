"""A same-day demo procedure received at the counter: due at 17:00 the same day (not 09:00 the
next day), and its demo process fits that day (docs/rules.md §2, §4)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal

import pytest

from motcua.catalog.demo.seed import PROCEDURES, procedure_data
from motcua.catalog.services import procedure_draft_save, procedure_publish
from motcua.dossiers.demo_processes import seed_demo_processes
from motcua.dossiers.models import Dossier, ProcessDefinition, ProcessStatus, StepInstance
from tests.dossiers.conftest import World
from tests.dossiers.test_lifecycle_edges import HCM, at, counter

CODE = "2.000815"  # chứng thực bản sao từ bản chính


@pytest.fixture
def same_day(world: World) -> str:
    row = next(r for r in PROCEDURES if r["code"] == CODE)
    data = dataclasses.replace(
        procedure_data(row),
        field_code="HT",
        agency_codes=[world.ward.code],
        form_schema=[{"name": "purpose", "label": "Mục đích", "type": "text", "required": True}],
    )
    procedure_publish(version=procedure_draft_save(data=data))
    seed_demo_processes()
    return CODE


def test_demo_process_of_a_same_day_procedure_is_published_with_a_note(same_day: str) -> None:
    process = ProcessDefinition.objects.get(
        procedure__code=same_day, status=ProcessStatus.PUBLISHED
    )
    assert process.critical_path_hours == Decimal(2)  # 15:00 cut-off → 17:00
    assert "trong ngày" in process.allotment_note


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 2, 17, 0)),
        (datetime(2026, 3, 2, 15, 30), datetime(2026, 3, 3, 17, 0)),
        (datetime(2026, 3, 6, 16, 0), datetime(2026, 3, 9, 17, 0)),
    ],
)
def test_counter_receipt_of_a_same_day_procedure(
    world: World, same_day: str, received: datetime, due: datetime
) -> None:
    with at(*received.timetuple()[:5]):
        code = counter(world, same_day)
    dossier = Dossier.objects.get(code=code)
    assert dossier.due_at == due.replace(tzinfo=HCM)
    steps = StepInstance.objects.filter(dossier=dossier)
    assert steps.exists()
    assert all(s.due_at <= dossier.due_at for s in steps)
