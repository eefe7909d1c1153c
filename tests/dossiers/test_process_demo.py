"""`seed_demo_processes`: a published process per published procedure, idempotent."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from motcua.catalog.models import Field
from motcua.catalog.services import ProcedureData, procedure_draft_save
from motcua.dossiers import process_graph as pg
from motcua.dossiers.demo_processes import seed_demo_processes, single_flow, split
from motcua.dossiers.models import ProcessDefinition, ProcessStatus
from motcua.dossiers.selectors.process import process_graph_of
from tests.dossiers.test_process_services import make_agency, make_procedure

pytestmark = pytest.mark.django_db

FINANCE = "000.00.03.H29"
CONSTRUCTION = "000.00.04.H29"


def seed_catalogue() -> None:
    make_agency(FINANCE, "Sở Tài chính", "department", 1)
    make_agency(CONSTRUCTION, "Sở Xây dựng", "department", 2)
    make_procedure(  # same field, lower code, but registration is the preferred example
        "0.000001", "3", name="Chấm dứt hoạt động hộ kinh doanh", field_code="ho-kinh-doanh"
    )
    make_procedure("1.000001", "2")
    make_procedure("1.000002", "4", "hours")
    make_procedure("1.000003", "15", "days")
    make_procedure("1.000004", "1", "months")
    make_procedure("1.000005", "0.5", "working_days")
    make_procedure(
        "2.000001", "3", name="Đăng ký thành lập hộ kinh doanh", field_code="ho-kinh-doanh"
    )
    make_procedure(
        "2.000002", "14", name="Cấp giấy phép xây dựng nhà ở riêng lẻ", field_code="xay-dung"
    )
    make_procedure(  # city level: not an inter-agency candidate
        "2.000003", "5", name="Cấp giấy phép xây dựng công trình", field_code="xay-dung",
        level="province",
    )  # fmt: skip
    Field.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    procedure_draft_save(  # a draft procedure gets no process
        data=ProcedureData(
            code="9.000001", name="Nháp", field_code="ho-tich", level="commune",
            time_limit_value=Decimal(1), time_limit_unit="working_days", applicants="x",
            result_type="y",
        )
    )  # fmt: skip


def published(code: str) -> ProcessDefinition:
    return ProcessDefinition.objects.get(procedure__code=code, status=ProcessStatus.PUBLISHED)


def test_seed_creates_one_published_process_per_published_procedure() -> None:
    seed_catalogue()
    out = io.StringIO()
    assert seed_demo_processes(stdout=out) == 9
    assert len(out.getvalue().splitlines()) == 9
    assert not ProcessDefinition.objects.filter(procedure__code="9.000001").exists()
    expected = {"1.000001": 16, "1.000002": 4, "1.000005": 4, "2.000001": 24, "2.000002": 112}
    for code, hours in expected.items():
        process = published(code)
        assert process.critical_path_hours == hours, code
        assert process.allotment_note == ""
    assert seed_demo_processes() == 0  # idempotent
    assert ProcessDefinition.objects.count() == 9


@pytest.mark.parametrize(("code", "hours"), [("1.000003", 88), ("1.000004", 176)])
def test_calendar_units_are_estimated_with_a_note(code: str, hours: int) -> None:
    seed_catalogue()
    seed_demo_processes()
    process = published(code)
    assert process.critical_path_hours == hours
    assert "không quy đổi chính xác" in process.allotment_note


def test_single_agency_flow() -> None:
    seed_catalogue()
    seed_demo_processes()
    process = published("1.000001")
    roles = list(process.steps.order_by("order").values_list("role", "agency_rule"))
    assert roles == [
        ("reception", "receiving"),
        ("specialist", "receiving"),
        ("unit_head", "receiving"),
        ("signer", "receiving"),
        ("clerk", "receiving"),
    ]
    assert pg.validate(process_graph_of(process)) == []


@pytest.mark.parametrize(
    ("code", "department"), [("2.000001", FINANCE), ("2.000002", CONSTRUCTION)]
)
def test_inter_agency_flow_consults_a_department_in_parallel(code: str, department: str) -> None:
    seed_catalogue()
    seed_demo_processes()
    process = published(code)
    graph = process_graph_of(process)
    assert pg.successors(graph, "review") == ["consult", "unit_head"]
    assert pg.is_join(graph, "sign")
    consult = process.steps.get(key="consult")
    assert (consult.agency_rule, consult.agency.code) == ("fixed", department)  # type: ignore[union-attr]
    for other in ("0.000001", "2.000003"):
        assert not published(other).steps.filter(key="consult").exists()


@pytest.mark.parametrize("total", ["0", "1", "4", "16", "36.5", "1000"])
def test_single_flow_hours_add_up(total: str) -> None:
    steps = single_flow(Decimal(total))
    assert sum(s["allotted_hours"] for s in steps) == Decimal(total)
    assert all(s["allotted_hours"] >= 0 for s in steps)


def test_split_leaves_the_remainder_key_empty() -> None:
    shares = split(Decimal(10), {"a": Decimal(3), "b": Decimal(7)}, "b")
    assert shares == {"a": Decimal(3), "b": Decimal(0)}
