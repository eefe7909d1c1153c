"""The workspace pages of assigned tasks (/can-bo/giao-viec/)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.directives.models import Status, Task
from motcua.directives.services import task_report_progress
from motcua.testing.auth import sign_in
from tests.directives.conftest import City, assign
from tests.directives.test_services import PDF, pdf


def client_for(user: Any) -> Client:
    return sign_in(Client(), user)


@pytest.fixture
def task(town: City, clock: Any) -> Task:
    return assign(town, title="Rà soát hồ sơ tồn đọng")


def test_the_list_shows_my_agencys_tasks(
    town: City, task: Task, django_assert_max_num_queries: Any
) -> None:
    assign(town, title="Việc của phường Sài Gòn", assignee_agency=town.other_ward)
    client = client_for(town.u("ward_specialist"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("directives:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rà soát hồ sơ tồn đọng" in body
    assert "Việc của phường Sài Gòn" not in body
    response = client_for(town.u("other_specialist")).get(reverse("directives:list"))
    assert "Rà soát hồ sơ tồn đọng" not in response.content.decode()


def test_the_task_page_for_its_agency_and_404_for_another(town: City, task: Task) -> None:
    url = reverse("directives:detail", args=[task.pk])
    response = client_for(town.u("ward_specialist")).get(url)
    assert response.status_code == 200
    assert reverse("directives:report", args=[task.pk]) in response.content.decode()
    assert client_for(town.u("other_specialist")).get(url).status_code == 404
    assert client_for(town.u("other_leader")).get(url).status_code == 404
    # the assigning agency sees it too
    assert client_for(town.u("city_leader")).get(url).status_code == 200


def test_report_with_upload_then_download(town: City, task: Task) -> None:
    client = client_for(town.u("ward_specialist"))
    url = reverse("directives:report", args=[task.pk])
    response = client.post(
        url, {"version": task.version, "percent": 30, "text": "Đã xong 30%", "attachments": [pdf()]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:detail", args=[task.pk])
    task.refresh_from_db()
    assert (task.status, task.percent) == (Status.IN_PROGRESS, 30)
    stored = task.reports.get().files.get()
    file_url = reverse("directives:report_file", args=[task.pk, stored.pk])
    page = client.get(reverse("directives:detail", args=[task.pk])).content.decode()
    assert file_url in page
    download = client.get(file_url)
    assert download.status_code == 200
    assert download.getvalue() == PDF
    assert download["Cache-Control"] == "private, no-store"
    assert client_for(town.u("other_specialist")).get(file_url).status_code == 404


def test_a_bad_upload_shows_on_the_form(town: City, task: Task) -> None:
    exe = SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    response = client_for(town.u("ward_specialist")).post(
        reverse("directives:report", args=[task.pk]),
        {"version": task.version, "percent": 30, "text": "x", "attachments": [exe]},
    )
    assert response.status_code == 400
    assert "Định dạng tệp không được chấp nhận" in response.content.decode()
    assert task.reports.count() == 0


def test_another_agency_cannot_post_an_action(town: City, task: Task) -> None:
    client = client_for(town.u("other_leader"))
    for name in ("report", "complete", "extend", "cancel"):
        url = reverse(f"directives:{name}", args=[task.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"version": task.version, "reason": "x"}).status_code == 404
    task.refresh_from_db()
    assert task.status == Status.ASSIGNED


def test_a_non_leader_cannot_cancel(town: City, task: Task) -> None:
    response = client_for(town.u("ward_specialist")).post(
        reverse("directives:cancel", args=[task.pk]), {"version": task.version, "reason": "x"}
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == Status.ASSIGNED


def test_complete_and_a_stale_page(town: City, task: Task) -> None:
    client = client_for(town.u("ward_head"))
    url = reverse("directives:complete", args=[task.pk])
    assert client.get(url).status_code == 200
    task_report_progress(actor=town.u("ward_specialist"), task_id=task.pk, text="x", percent=50)
    stale = client.post(url, {"version": 1, "note": ""})
    assert stale.status_code == 409
    assert client.post(url, {"version": 2, "note": "Đã xong"}).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_on_time) == (Status.DONE, True)


def test_extend_page(town: City, task: Task) -> None:
    response = client_for(town.u("city_leader")).post(
        reverse("directives:extend", args=[task.pk]),
        {"version": task.version, "new_deadline": "2026-05-08", "reason": "Chờ số liệu"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.original_deadline, task.deadline) == (date(2026, 5, 5), date(2026, 5, 8))


def test_assign_page(town: City, clock: Any) -> None:
    url = reverse("directives:assign")
    assert client_for(town.u("ward_specialist")).get(url).status_code == 403
    client = client_for(town.u("city_leader"))
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "assigning_agency": town.city.pk,
            "source_kind": "meeting",
            "source_reference": "Kết luận cuộc họp ngày 27/04/2026",
            "title": "Báo cáo tình hình giải quyết hồ sơ",
            "assignee_agency": town.dept.pk,
            "assignee_official": town.u("dept_specialist").pk,
            "coordinating_agencies": [town.ward.pk],
            "working_days": 3,
        },
    )
    task = Task.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:detail", args=[task.pk])
    assert (task.assignee_agency, task.assignee_official) == (town.dept, town.u("dept_specialist"))
    assert task.deadline == date(2026, 5, 5)
    assert list(task.coordinating_agencies.all()) == [town.ward]


def test_the_ward_leader_may_not_assign_to_the_city(town: City, clock: Any) -> None:
    client = client_for(town.u("ward_leader"))
    response = client.post(
        reverse("directives:assign"),
        {
            "assigning_agency": town.ward.pk,
            "source_kind": "other",
            "source_reference": "Chỉ đạo trực tiếp",
            "title": "Việc",
            "assignee_agency": town.city.pk,
            "working_days": 3,
        },
    )
    assert response.status_code == 400  # the city is not among the choices
    assert Task.objects.count() == 0


def test_the_dashboard_and_its_links(town: City, task: Task, clock: Any) -> None:
    assign(town, title="Việc của Sở", assignee_agency=town.dept)
    clock.move_to("2026-05-06T02:00:00Z")  # Wed 06/05: both are overdue
    client = client_for(town.u("city_leader"))
    response = client.get(reverse("directives:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    link = f"{reverse('directives:list')}?agency={town.ward.pk}&amp;bucket=overdue"
    assert link in body
    listed = client.get(f"{reverse('directives:list')}?agency={town.ward.pk}&bucket=overdue")
    text = listed.content.decode()
    assert "Rà soát hồ sơ tồn đọng" in text
    assert "Việc của Sở" not in text
    other = client_for(town.u("other_specialist")).get(reverse("directives:dashboard"))
    assert other.status_code == 200
    assert "Rà soát" not in other.content.decode()
    assert town.ward.name not in other.content.decode()


def test_pages_need_an_official(town: City, task: Task) -> None:
    from motcua.accounts.models import User

    citizen = User.objects.create_user(username="dan", password="x-test-pass", kind="citizen")
    assert client_for(citizen).get(reverse("directives:list")).status_code == 403
    assert Client().get(reverse("directives:list")).status_code == 302


def test_the_workspace_menu_links_to_the_tasks(town: City, task: Task) -> None:
    # given: a specialist of the ward
    client = client_for(town.u("ward_specialist"))
    # when: the workspace home, a page of another app
    response = client.get("/can-bo/")
    assert response.status_code == 200
    body = response.content.decode()
    # then
    assert f'href="{reverse("directives:list")}"' in body
    assert "Giao việc" in body


def test_odd_query_values_are_ignored_not_an_error(town: City, task: Task) -> None:
    client = client_for(town.u("city_leader"))
    for query in (
        {"end": "9999-12-31"},
        {"start": "0001-01-01", "end": "9999-12-31"},
        {"agency": "99999999999999999999"},
        {"agency": "١٢"},  # Arabic-Indic digits
        {"agency": "-1"},
    ):
        for name in ("list", "dashboard"):
            response = client.get(reverse(f"directives:{name}"), query)
            assert response.status_code == 200, (name, query)
    listed = client.get(reverse("directives:list"), {"end": "9999-12-31"}).content.decode()
    assert "Rà soát hồ sơ tồn đọng" in listed  # the bad bound is dropped, not the tasks
