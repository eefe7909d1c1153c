"""Assigning, reporting, completing, extending and cancelling tasks (docs/directives.md)."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import Role, User
from motcua.accounts.services import role_grant
from motcua.core import calendar
from motcua.core.audit import stream_events
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.services import calendar_override_set
from motcua.directives.models import ReportFile, Status, Task, TaskExtension
from motcua.directives.services import (
    task_cancel,
    task_complete,
    task_extend,
    task_report_progress,
)
from motcua.documents.services_outgoing import DocumentData, document_register_paper
from tests.directives.conftest import City, assign

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# --- the deadline ------------------------------------------------------------------------------


def test_deadline_counts_working_days_over_the_holidays_and_the_weekend(
    town: City, clock: Any
) -> None:
    # given Tuesday 28/04/2026; Thu 30/4 and Fri 1/5 are public holidays, then a weekend
    task = assign(town, working_days=3)
    # then Wed 29/4 is day 1, Mon 4/5 day 2, Tue 5/5 day 3
    assert task.deadline == date(2026, 5, 5)
    assert task.original_deadline == date(2026, 5, 5)
    assert task.status == Status.ASSIGNED
    event = stream_events("task", str(task.pk))[0]
    assert (event.kind, event.payload["deadline"]) == ("task.assigned", "2026-05-05")


def test_one_working_day_after_a_friday_is_monday(town: City, clock: Any) -> None:
    clock.move_to("2026-05-08T02:00:00Z")  # Friday 08/05/2026, 09:00 local
    assert assign(town, working_days=1).deadline == date(2026, 5, 11)


def test_a_later_calendar_change_does_not_move_a_stored_deadline(town: City, clock: Any) -> None:
    task = assign(town, working_days=3)
    # the city declares Mon 4/5 a day off after the task was given
    calendar_override_set(date=date(2026, 5, 4), kind="day_off")
    calendar.reset()
    assert calendar.add_working_days(date(2026, 4, 28), 3) == date(2026, 5, 6)
    task.refresh_from_db()
    assert task.deadline == date(2026, 5, 5)
    # a task given now counts without that day
    assert assign(town, working_days=3).deadline == date(2026, 5, 6)


# --- who may assign ---------------------------------------------------------------------------


def test_a_non_leader_cannot_assign(town: City, clock: Any) -> None:
    with pytest.raises(PermissionDenied):
        assign(town, actor=town.u("ward_head"), assigning_agency=town.ward)
    assert Task.objects.count() == 0


def test_a_leader_cannot_assign_in_the_name_of_another_agency(town: City, clock: Any) -> None:
    with pytest.raises(PermissionDenied):
        assign(town, actor=town.u("other_leader"), assigning_agency=town.ward)
    assert Task.objects.count() == 0


def test_a_ward_leader_cannot_give_a_task_to_another_ward(town: City, clock: Any) -> None:
    with pytest.raises(DomainError) as exc:
        assign(
            town,
            actor=town.u("ward_leader"),
            assigning_agency=town.ward,
            assignee_agency=town.other_ward,
        )
    assert exc.value.code == "assignee_out_of_scope"


def test_the_named_official_must_work_at_the_assignee_agency(town: City, clock: Any) -> None:
    with pytest.raises(DomainError) as exc:
        assign(town, assignee_official=town.u("other_specialist"))
    assert exc.value.code == "not_an_assignee_official"
    task = assign(
        town,
        assignee_official=town.u("ward_specialist"),
        coordinating_agencies=(town.dept, town.dept, town.ward),
        source_kind="meeting",
        source_reference="Kết luận cuộc họp ngày 27/04/2026",
    )
    assert task.assignee_official == town.u("ward_specialist")
    # the lead agency is not also a coordinator; a repeated agency counts once
    assert list(task.coordinating_agencies.all()) == [town.dept]


def test_working_days_and_source_are_checked(town: City, clock: Any) -> None:
    for overrides, code in (
        ({"working_days": 0}, "invalid_working_days"),
        ({"source_kind": "rumour"}, "invalid_source_kind"),
        ({"source_reference": "  "}, "text_required"),
        ({"title": "Rà soát\x00"}, "control_character"),
    ):
        with pytest.raises(DomainError) as exc:
            assign(town, **overrides)
        assert exc.value.code == code


# --- progress --------------------------------------------------------------------------------


def test_progress_report_with_a_file(town: City, clock: Any) -> None:
    task = assign(town)
    report = task_report_progress(
        actor=town.u("ward_specialist"),
        task_id=task.pk,
        text="Đã rà soát 40 hồ sơ.",
        percent=40,
        files=[pdf("Báo cáo đợt 1.pdf")],
        expected_version=task.version,
    )
    task.refresh_from_db()
    assert (task.status, task.percent, task.version) == (Status.IN_PROGRESS, 40, 2)
    stored = report.files.get()
    assert stored.original_name == "Báo cáo đợt 1.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.size == len(PDF)
    name = str(stored.file.name)
    assert name.startswith(f"directives/{task.pk}/")
    assert "Báo" not in name  # the user's name never reaches the storage
    with stored.file.open("rb") as fh:
        assert fh.read() == PDF
    event = stream_events("task", str(task.pk))[-1]
    assert event.kind == "task.progress_reported"
    assert event.payload["files"][0]["sha256"] == stored.sha256


def test_a_refused_file_leaves_no_report_and_no_stored_file(
    town: City, clock: Any, settings: Any
) -> None:
    task = assign(town)
    exe = SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    with pytest.raises(DomainError) as exc:
        task_report_progress(
            actor=town.u("ward_specialist"),
            task_id=task.pk,
            text="Kèm tệp",
            percent=10,
            files=[pdf(), exe],
        )
    assert exc.value.code == "file_type_not_allowed"
    assert ReportFile.objects.count() == 0
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "directives"))
    task.refresh_from_db()
    assert (task.status, task.percent) == (Status.ASSIGNED, 0)


def test_only_officials_of_the_assignee_agency_report(town: City, clock: Any) -> None:
    task = assign(town)
    for name in ("other_specialist", "dept_specialist", "city_leader"):
        with pytest.raises(PermissionDenied):
            task_report_progress(actor=town.u(name), task_id=task.pk, text="x", percent=5)
    with pytest.raises(DomainError) as exc:
        task_report_progress(actor=town.u("ward_head"), task_id=task.pk, text="x", percent=101)
    assert exc.value.code == "invalid_percent"


def test_a_stale_version_is_refused(town: City, clock: Any) -> None:
    task = assign(town)
    task_report_progress(actor=town.u("ward_head"), task_id=task.pk, text="Bắt đầu", percent=5)
    with pytest.raises(Conflict) as exc:
        task_complete(actor=town.u("ward_head"), task_id=task.pk, expected_version=1)
    assert exc.value.code == "stale"


# --- completion ------------------------------------------------------------------------------


def test_completed_on_the_deadline_day_is_on_time(town: City, clock: Any) -> None:
    task = assign(town)  # deadline Tue 05/05/2026
    clock.move_to("2026-05-05T16:59:00Z")  # 23:59 local on the deadline day
    done = task_complete(actor=town.u("ward_specialist"), task_id=task.pk, note="Xong")
    assert (done.status, done.completed_on_time, done.percent) == (Status.DONE, True, 100)
    event = stream_events("task", str(task.pk))[-1]
    assert (event.kind, event.payload["on_time"]) == ("task.completed", True)


def test_completed_the_day_after_is_late(town: City, clock: Any) -> None:
    task = assign(town)
    clock.move_to("2026-05-05T17:00:00Z")  # 00:00 local on Wed 06/05/2026
    done = task_complete(actor=town.u("city_leader"), task_id=task.pk)
    assert done.completed_on_time is False
    with pytest.raises(DomainError) as exc:
        task_complete(actor=town.u("city_leader"), task_id=task.pk)
    assert exc.value.code == "invalid_state"


def test_completion_by_an_outsider_is_refused(town: City, clock: Any) -> None:
    task = assign(town)
    with pytest.raises(PermissionDenied):
        task_complete(actor=town.u("other_leader"), task_id=task.pk)


# --- extension and cancellation --------------------------------------------------------------


def test_extension_keeps_the_original_deadline(town: City, clock: Any) -> None:
    task = assign(town)
    ext = task_extend(
        actor=town.u("city_leader"),
        task_id=task.pk,
        new_deadline=date(2026, 5, 8),
        reason="Chờ số liệu của Sở",
    )
    task.refresh_from_db()
    assert (task.original_deadline, task.deadline) == (date(2026, 5, 5), date(2026, 5, 8))
    assert (ext.old_deadline, ext.new_deadline) == (date(2026, 5, 5), date(2026, 5, 8))
    event = stream_events("task", str(task.pk))[-1]
    assert event.kind == "task.extended"
    assert event.payload["original_deadline"] == "2026-05-05"
    # completed on Fri 8/5 is on time against the extended deadline
    clock.move_to("2026-05-08T09:00:00Z")
    assert task_complete(actor=town.u("ward_head"), task_id=task.pk).completed_on_time is True
    task.refresh_from_db()
    assert task.original_deadline == date(2026, 5, 5)


def test_extension_rules(town: City, clock: Any) -> None:
    task = assign(town)
    with pytest.raises(PermissionDenied):
        task_extend(
            actor=town.u("ward_leader"), task_id=task.pk, new_deadline=date(2026, 5, 8), reason="x"
        )
    for new, code in (
        (date(2026, 5, 5), "new_deadline_not_later"),
        (date(2026, 5, 9), "not_working_day"),  # a Saturday
    ):
        with pytest.raises(DomainError) as exc:
            task_extend(actor=town.u("city_leader"), task_id=task.pk, new_deadline=new, reason="x")
        assert exc.value.code == code
    with pytest.raises(DomainError) as exc:
        task_extend(
            actor=town.u("city_leader"), task_id=task.pk, new_deadline=date(2026, 5, 8), reason=""
        )
    assert exc.value.code == "text_required"
    assert TaskExtension.objects.count() == 0


def test_cancel(town: City, clock: Any) -> None:
    task = assign(town)
    with pytest.raises(PermissionDenied):
        task_cancel(actor=town.u("ward_specialist"), task_id=task.pk, reason="Không cần")
    done = task_cancel(actor=town.u("city_leader"), task_id=task.pk, reason="Đã có chỉ đạo khác")
    assert (done.status, done.cancel_reason) == (Status.CANCELLED, "Đã có chỉ đạo khác")
    assert done.completed_on_time is None
    with pytest.raises(DomainError) as exc:
        task_report_progress(actor=town.u("ward_head"), task_id=task.pk, text="x", percent=5)
    assert exc.value.code == "invalid_state"


def _paper_decision(town: City, agency: Any, number: int) -> Any:
    """A paper decision of `agency`, registered by its clerk (documents' own service)."""
    clerk = _clerk(agency)
    data = DocumentData(
        issuer_abbreviation="UBND", doc_type="quyet_dinh", subject="Về rà soát", place="TP.HCM"
    )
    return document_register_paper(
        actor=clerk, agency=agency, data=data, number=number, document_date=date(2026, 4, 20)
    )


def _clerk(agency: Any) -> Any:
    user = User.objects.create_user(
        username=f"clerk_{agency.pk}", password="x-test-pass", kind="official"
    )
    role_grant(user=user, agency=agency, role=Role.CLERK)
    return user


def test_a_task_from_a_document_names_one_of_the_assigning_agency(town: City, clock: Any) -> None:
    # given: a decision of the city and one of another ward
    own = _paper_decision(town, town.city, 1)
    foreign = _paper_decision(town, town.other_ward, 1)
    # when
    task = assign(town, source_document_id=own.pk)
    # then
    assert task.source_document == own
    assert list(own.tasks.all()) == [task]
    before = Task.objects.count()
    with pytest.raises(DomainError) as refused:
        assign(town, source_document_id=foreign.pk)
    assert refused.value.code == "unknown_source_document"
    with pytest.raises(DomainError):
        assign(town, source_document_id=own.pk + 1000)
    assert Task.objects.count() == before
