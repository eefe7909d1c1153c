"""Process services, selectors, admin and import/export commands (database tests)."""

from __future__ import annotations

import json
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from motcua.accounts.models import Agency
from motcua.catalog.models import Field, Procedure
from motcua.catalog.services import ProcedureData, procedure_draft_save, procedure_publish
from motcua.core.errors import DomainError, NotFound
from motcua.core.models import AuditEvent
from motcua.dossiers import process_graph as pg
from motcua.dossiers.models import ProcessDefinition, ProcessStatus, ProcessStep
from motcua.dossiers.selectors.process import (
    process_export_data,
    process_for,
    process_graph_of,
    step_by_key,
)
from motcua.dossiers.services.process import (
    FROZEN_MESSAGE,
    process_create,
    process_new_version,
    process_publish,
    process_update_draft,
)

WARD = "000.02.90.H29"
DEPT = "000.00.04.H29"

# --- builders (plain functions, reused by the other test_process_* modules) -------------------


def make_agency(code: str, name: str, kind: str, n: int) -> Agency:
    return Agency.objects.create(
        code=code, name=name, short_name=name[:20], kind=kind, path=f"/{n}/"
    )


def make_agencies() -> tuple[Agency, Agency]:
    return (
        make_agency(WARD, "Ủy ban nhân dân phường Bến Thành", "ward", 1),
        make_agency(DEPT, "Sở Xây dựng", "department", 2),
    )


def make_procedure(
    code: str = "1.000001",
    value: str = "2",
    unit: str = "working_days",
    *,
    name: str = "Cấp bản sao trích lục hộ tịch",
    field_code: str = "ho-tich",
    level: str = "commune",
) -> Procedure:
    Field.objects.get_or_create(code=field_code, defaults={"name": field_code})
    data = ProcedureData(
        code=code,
        name=name,
        field_code=field_code,
        level=level,
        time_limit_value=Decimal(value),
        time_limit_unit=unit,
        applicants="Công dân Việt Nam",
        result_type="Bản sao trích lục",
    )
    version = procedure_draft_save(data=data)
    procedure_publish(version=version)
    return Procedure.objects.select_related("current").get(code=code)


def st(key: str, hours: str | int, role: str = "specialist", **extra: Any) -> dict[str, Any]:
    return {"key": key, "name": key.title(), "role": role, "allotted_hours": hours, **extra}


def chain(*keys: str | None) -> list[dict[str, Any]]:
    return [{"source": a, "target": b} for a, b in pairwise(keys)]


LINEAR_STEPS = [st("a", 4, "reception"), st("b", 8), st("c", 4, "signer")]  # 16 h = 2 days
LINEAR_EDGES = chain(None, "a", "b", "c", None)


def linear(procedure: Procedure, **kwargs: Any) -> ProcessDefinition:
    return process_create(
        procedure=procedure, name="Quy trình", steps=LINEAR_STEPS, edges=LINEAR_EDGES, **kwargs
    )


@pytest.fixture
def procedure(db: None) -> Procedure:
    return make_procedure()


@pytest.fixture
def agencies(db: None) -> tuple[Agency, Agency]:
    return make_agencies()


# --- create / update --------------------------------------------------------------------------


def test_create_numbers_versions_per_procedure_and_agency(
    procedure: Procedure, agencies: tuple[Agency, Agency]
) -> None:
    ward, _dept = agencies
    assert [linear(procedure).version for _ in range(2)] == [1, 2]
    assert linear(procedure, agency=ward).version == 1
    first = ProcessDefinition.objects.get(procedure=procedure, agency=None, version=1)
    assert first.status == ProcessStatus.DRAFT
    assert list(first.steps.values_list("key", "order")) == [("a", 1), ("b", 2), ("c", 3)]
    assert first.transitions.count() == 4


def test_create_refuses_unknown_agency_and_writes_nothing(procedure: Procedure) -> None:
    steps = [st("a", 16, agency_rule="fixed", agency="000.00.99.H29")]
    with pytest.raises(DomainError) as err:
        process_create(procedure=procedure, name="X", steps=steps, edges=chain(None, "a", None))
    assert err.value.code == "unknown_agency"
    assert not ProcessDefinition.objects.exists()


@pytest.mark.parametrize(
    ("steps", "edges"),
    [
        ([st("a", 1), st("a", 2)], chain(None, "a", None)),  # duplicate key
        ([st("a", 1)], chain(None, "a", "zz", None)),  # edge to an unknown step
        ([st("a", 1, role="boss")], chain(None, "a", None)),  # unknown role
        ([st("a", "1.234")], chain(None, "a", None)),  # too precise
        ([st("a", 1, agency_rule="fixed")], chain(None, "a", None)),  # fixed without agency
        ([{"name": "no key", "allotted_hours": 1}], []),
        ([st("a", 1, agency=["x"])], chain(None, "a", None)),  # wrong type
        ([st("a", 1, order="1")], chain(None, "a", None)),
    ],
)
def test_create_refuses_malformed_data(
    procedure: Procedure, steps: list[dict[str, Any]], edges: list[dict[str, Any]]
) -> None:
    with pytest.raises(DomainError) as err:
        process_create(procedure=procedure, name="X", steps=steps, edges=edges)
    assert err.value.code == "process_bad_data"
    assert not ProcessDefinition.objects.exists()


def test_update_draft_replaces_steps_and_edges(procedure: Procedure) -> None:
    draft = linear(procedure)
    process_update_draft(
        process=draft, steps=[st("only", 16)], edges=chain(None, "only", None), name="Mới"
    )
    draft.refresh_from_db()
    assert draft.name == "Mới"
    assert list(draft.steps.values_list("key", flat=True)) == ["only"]
    assert process_graph_of(draft).edges == ((None, "only"), ("only", None))


def test_editing_a_published_process_is_refused(procedure: Procedure) -> None:
    published = process_publish(process=linear(procedure))
    with pytest.raises(DomainError) as err:
        process_update_draft(process=published, steps=[], edges=[])
    assert err.value.code == "process_frozen"
    assert err.value.message == FROZEN_MESSAGE
    assert published.steps.count() == 3


# --- publish ----------------------------------------------------------------------------------


def test_publish_freezes_and_audits(procedure: Procedure) -> None:
    process = process_publish(process=linear(procedure))
    process.refresh_from_db()
    assert process.status == ProcessStatus.PUBLISHED
    assert process.published_at is not None
    assert process.critical_path_hours == Decimal(16)
    events = AuditEvent.objects.filter(stream_type="process", stream_id="1.000001:*")
    assert list(events.order_by("seq").values_list("kind", flat=True)) == [
        "process.draft_created",
        "process.published",
    ]
    assert events.last().payload["critical_path_hours"] == "16.00"  # type: ignore[union-attr]
    with pytest.raises(DomainError, match="đã công bố"):
        process_publish(process=process)


@pytest.mark.parametrize(
    ("steps", "edges", "expected"),
    [
        (
            [*LINEAR_STEPS, st("x", 1)],
            [*LINEAR_EDGES, {"source": "x", "target": None}],
            "Bước 'x' không thể tới được từ BẮT ĐẦU (bước mồ côi).",
        ),
        (LINEAR_STEPS, chain(None, "a", "b", "c"), "Không có đường đi từ BẮT ĐẦU tới KẾT THÚC."),
        (
            LINEAR_STEPS,
            [*LINEAR_EDGES, {"source": "c", "target": "a"}],
            "Quy trình có vòng lặp: a → b → c → a.",
        ),
    ],
    ids=["orphan", "unreachable-end", "cycle"],
)
def test_publish_validates_the_graph(
    procedure: Procedure, steps: list[dict[str, Any]], edges: list[dict[str, Any]], expected: str
) -> None:
    draft = process_create(procedure=procedure, name="X", steps=steps, edges=edges)
    with pytest.raises(DomainError) as err:
        process_publish(process=draft)
    assert err.value.code == "process_invalid"
    assert any(p.startswith(expected) for p in err.value.details)
    draft.refresh_from_db()
    assert draft.status == ProcessStatus.DRAFT


def test_allotment_mismatch_needs_a_note(procedure: Procedure) -> None:
    draft = process_create(
        procedure=procedure, name="X", steps=[st("a", 12)], edges=chain(None, "a", None)
    )
    with pytest.raises(DomainError) as err:
        process_publish(process=draft)
    assert err.value.code == "process_allotment_mismatch"
    assert "12 giờ" in err.value.message
    assert "2 ngày làm việc = 16 giờ" in err.value.message
    published = process_publish(process=draft, allotment_note="Rút ngắn theo cải cách")
    assert published.status == ProcessStatus.PUBLISHED
    assert published.critical_path_hours == Decimal(12)


def test_allotment_note_given_at_creation_is_enough(procedure: Procedure) -> None:
    draft = process_create(
        procedure=procedure,
        name="X",
        steps=[st("a", 20)],
        edges=chain(None, "a", None),
        allotment_note="Cộng thêm thời gian liên thông",
    )
    assert process_publish(process=draft).critical_path_hours == Decimal(20)


@pytest.mark.parametrize(("value", "unit", "hours"), [("4", "hours", 4), ("15", "days", 80)])
def test_hours_and_calendar_units(db: None, value: str, unit: str, hours: int) -> None:
    procedure = make_procedure(value=value, unit=unit)
    draft = process_create(
        procedure=procedure, name="X", steps=[st("a", hours)], edges=chain(None, "a", None)
    )
    if unit == "hours":
        assert process_publish(process=draft).status == ProcessStatus.PUBLISHED
        return
    with pytest.raises(DomainError, match="không quy đổi chính xác") as err:
        process_publish(process=draft)
    assert err.value.code == "process_allotment_mismatch"
    assert process_publish(process=draft, allotment_note="Ước tính").critical_path_hours == 80


def test_publishing_retires_the_previous_version(procedure: Procedure) -> None:
    first = process_publish(process=linear(procedure))
    second = process_publish(process=process_new_version(process=first))
    first.refresh_from_db()
    assert (first.status, second.status) == (ProcessStatus.RETIRED, ProcessStatus.PUBLISHED)
    assert second.version == 2
    assert process_for(procedure=procedure, agency=None) == second
    payload = AuditEvent.objects.filter(kind="process.published").order_by("seq").last().payload  # type: ignore[union-attr]
    assert payload["retired_versions"] == [1]


def test_retiring_is_per_agency(procedure: Procedure, agencies: tuple[Agency, Agency]) -> None:
    ward, _dept = agencies
    shared = process_publish(process=linear(procedure))
    own = process_publish(process=linear(procedure, agency=ward))
    shared.refresh_from_db()
    assert shared.status == own.status == ProcessStatus.PUBLISHED


# --- selectors --------------------------------------------------------------------------------


def test_process_for_prefers_the_agency_then_falls_back(
    procedure: Procedure, agencies: tuple[Agency, Agency]
) -> None:
    ward, dept = agencies
    assert process_for(procedure=procedure, agency=ward) is None
    linear(procedure, agency=ward)  # a draft never applies
    shared = process_publish(process=linear(procedure))
    assert process_for(procedure=procedure, agency=ward) == shared
    own = process_publish(process=linear(procedure, agency=ward))
    assert process_for(procedure=procedure, agency=ward) == own
    assert process_for(procedure=procedure, agency=dept) == shared
    assert process_for(procedure=procedure, agency=None) == shared


def test_graph_of_a_published_process_is_cached(
    procedure: Procedure, django_assert_num_queries: Any
) -> None:
    process = process_publish(process=linear(procedure))
    graph = process_graph_of(process)
    assert pg.critical_path_hours(graph) == Decimal(16)
    assert pg.start_steps(graph) == ["a"]
    with django_assert_num_queries(0):
        assert process_graph_of(process) is graph


def test_step_by_key(procedure: Procedure) -> None:
    process = linear(procedure)
    assert step_by_key(process, "b").name == "B"
    with pytest.raises(NotFound):
        step_by_key(process, "zz")


# --- export / import --------------------------------------------------------------------------


def inter_agency(procedure: Procedure) -> ProcessDefinition:
    steps = [
        st("a", 4, "reception"),
        st("b", 4, agency_rule="fixed", agency=DEPT, outcomes=["approve", "return"]),
        st("c", "2.5", "unit_head"),
        st("d", 8, "signer"),
    ]
    edges = [*chain(None, "a", "b", "d", None), *chain("a", "c", "d")]
    return process_create(procedure=procedure, name="Liên thông", steps=steps, edges=edges)


def test_export_import_round_trip(
    procedure: Procedure, agencies: tuple[Agency, Agency], tmp_path: Path
) -> None:
    original = process_publish(process=inter_agency(procedure))
    out = tmp_path / "p.json"
    call_command("process_export", procedure.code, "-o", str(out))
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["steps"][2]["allotted_hours"] == 2.5
    assert exported["steps"][1]["agency"] == DEPT
    call_command("process_import", str(out), "--publish")
    imported = ProcessDefinition.objects.get(procedure=procedure, version=2)
    assert imported.status == ProcessStatus.PUBLISHED
    assert {**process_export_data(imported), "version": 1} == process_export_data(original)
    assert {**exported, "version": 2} == process_export_data(imported)


def test_export_to_stdout_and_by_version(
    procedure: Procedure, capsys: pytest.CaptureFixture[str]
) -> None:
    process_publish(process=linear(procedure))
    linear(procedure)
    call_command("process_export", procedure.code)
    assert json.loads(capsys.readouterr().out)["version"] == 1  # the published one
    call_command("process_export", procedure.code, "--version", "2")
    assert json.loads(capsys.readouterr().out)["version"] == 2
    with pytest.raises(CommandError, match="không có quy trình phiên bản 9"):
        call_command("process_export", procedure.code, "--version", "9")
    with pytest.raises(CommandError, match="Không tìm thấy thủ tục"):
        call_command("process_export", "9.999999")


def _good_export(procedure: Procedure) -> dict[str, Any]:
    return process_export_data(linear(procedure))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: "{not json", "không phải JSON hợp lệ"),
        (lambda d: json.dumps([1]), "đối tượng JSON"),
        (lambda d: json.dumps({**d, "steps": "x"}), "'steps'"),
        (lambda d: json.dumps({**d, "procedure": "9.999999"}), "Không tìm thấy thủ tục '9.999999'"),
        (lambda d: json.dumps({**d, "agency": "000.00.99.H29"}), "Không tìm thấy cơ quan"),
        (
            lambda d: json.dumps({**d, "edges": [*d["edges"], {"source": "c", "target": "a"}]}),
            "vòng lặp",
        ),
        (lambda d: json.dumps({**d, "edges": d["edges"][1:]}), "bước bắt đầu"),
        (lambda d: json.dumps({**d, "steps": [*d["steps"], {"key": "z"}]}), "không hợp lệ"),
    ],
    ids=[
        "bad-json",
        "not-object",
        "bad-shape",
        "procedure",
        "agency",
        "cycle",
        "no-start",
        "hours",
    ],
)
def test_import_of_a_bad_file_writes_nothing(
    procedure: Procedure, tmp_path: Path, mutate: Any, message: str
) -> None:
    data = _good_export(procedure)
    path = tmp_path / "bad.json"
    path.write_text(mutate(data), encoding="utf-8")
    before = (ProcessDefinition.objects.count(), ProcessStep.objects.count())
    with pytest.raises(CommandError, match=message):
        call_command("process_import", str(path), "--publish")
    assert (ProcessDefinition.objects.count(), ProcessStep.objects.count()) == before


def test_import_publish_refusal_rolls_back_the_draft(procedure: Procedure, tmp_path: Path) -> None:
    data = {**_good_export(procedure), "steps": [st("a", 1), st("b", 8), st("c", 4)]}
    path = tmp_path / "short.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="Hãy ghi lý do chênh lệch"):
        call_command("process_import", str(path), "--publish")
    assert ProcessDefinition.objects.count() == 1
    call_command("process_import", str(path))  # as a draft it is fine
    assert ProcessDefinition.objects.filter(status=ProcessStatus.DRAFT).count() == 2


def test_import_of_a_missing_file(db: None) -> None:
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("process_import", "/nonexistent/process.json")


# --- admin ------------------------------------------------------------------------------------


def _change_url(process: ProcessDefinition) -> str:
    return f"/admin/dossiers/processdefinition/{process.pk}/change/"


def test_admin_refuses_editing_a_published_process(
    admin_client: Client, procedure: Procedure
) -> None:
    process = process_publish(process=linear(procedure))
    page = admin_client.get(_change_url(process))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # view only
    response = admin_client.post(_change_url(process), {"name": "Đổi tên"})
    assert response.status_code == 403
    delete = admin_client.post(
        f"/admin/dossiers/processdefinition/{process.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 403
    process.refresh_from_db()
    assert (process.name, process.steps.count()) == ("Quy trình", 3)


def test_admin_pages_and_actions(admin_client: Client, procedure: Procedure) -> None:
    draft = linear(procedure)
    assert admin_client.get(_change_url(draft)).status_code == 200
    assert admin_client.get("/admin/dossiers/processdefinition/add/").status_code == 200
    assert admin_client.get("/admin/dossiers/processdefinition/").status_code == 200
    changelist = "/admin/dossiers/processdefinition/"
    admin_client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == ProcessStatus.PUBLISHED
    delete = {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"}
    admin_client.post(changelist, delete)  # a published process is skipped
    assert ProcessDefinition.objects.filter(pk=draft.pk).exists()
    admin_client.post(
        changelist, {"action": "new_version_selected", "_selected_action": [draft.pk]}
    )
    assert ProcessDefinition.objects.filter(procedure=procedure, version=2).exists()


def _draft_form(process: ProcessDefinition, name: str) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name, "allotment_note": ""}
    steps = list(process.steps.order_by("order"))
    edges = list(process.transitions.order_by("id"))
    for prefix, rows in (("steps", steps), ("transitions", edges)):
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": len(rows),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    for i, s in enumerate(steps):
        data |= {
            f"steps-{i}-{k}": v
            for k, v in {
                "id": s.pk, "process": process.pk, "order": s.order, "key": s.key,
                "name": s.name, "agency_rule": s.agency_rule, "agency": "", "role": s.role,
                "allotted_hours": s.allotted_hours, "outcomes": json.dumps(s.outcomes),
            }.items()
        }  # fmt: skip
    for i, e in enumerate(edges):
        data |= {
            f"transitions-{i}-id": e.pk,
            f"transitions-{i}-process": process.pk,
            f"transitions-{i}-source": e.source_id or "",
            f"transitions-{i}-target": e.target_id or "",
        }
    return data


def test_admin_edits_a_draft_and_offers_only_its_steps(
    admin_client: Client, procedure: Procedure
) -> None:
    other = linear(make_procedure("1.000009"))
    draft = linear(procedure)
    page = admin_client.get(_change_url(draft))
    choices = page.context["inline_admin_formsets"][1].formset.forms[0].fields["source"].queryset
    assert set(choices) == set(draft.steps.all())
    assert not set(choices) & set(other.steps.all())
    form = _draft_form(draft, "Tên mới")
    form["steps-1-allotted_hours"] = "10"
    response = admin_client.post(_change_url(draft), form)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    draft.refresh_from_db()
    assert draft.name == "Tên mới"
    assert draft.steps.get(key="b").allotted_hours == 10
