"""The role home and the queues: each role sees its lists at its agencies only, sorted by due
time, filtered by due state shown in words, with a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.dossiers.services import processing, results
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World
from tests.workspace.helpers import at, counter, online, open_step

pytestmark = pytest.mark.django_db


def page(client: Client, w: World, who: str, url: str) -> Any:
    sign_in(client, w.u(who))
    return client.get(url)


def test_reception_sees_submitted_dossiers_of_its_agency_only(client: Client, world: World) -> None:
    w = world
    code = online(w)
    home = page(client, w, "reception", "/can-bo/")
    assert home.status_code == 200
    assert "Hồ sơ chờ kiểm tra, tiếp nhận" in home.content.decode()
    assert next(c for _, c in home.context["homes"][0].lists)["total"] == 1
    body = client.get("/can-bo/viec/reception/").content.decode()
    assert code in body
    other = page(client, w, "other_reception", "/can-bo/viec/reception/")
    assert other.status_code == 200
    assert code not in other.content.decode()


def test_a_role_the_user_does_not_hold_or_an_unknown_list_is_404(
    client: Client, world: World
) -> None:
    assert page(client, world, "reception", "/can-bo/viec/signer/").status_code == 404
    assert client.get("/can-bo/viec/nobody/").status_code == 404
    assert client.get("/can-bo/viec/reception/?ds=nothing").status_code == 404
    assert client.get("/can-bo/viec/reception/?han=whatever").status_code == 200


def test_specialist_queue_shows_free_and_own_steps_with_due_state_in_words(
    client: Client, world: World
) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):  # Monday; review (16 working hours) due Wednesday 09:00
        code = counter(w)
    with at(2026, 3, 3, 10, 0):  # due tomorrow 09:00, within one working day
        body = page(client, w, "specialist", "/can-bo/viec/specialist/?han=due_soon")
        assert code in body.content.decode()
        assert "Sắp đến hạn" in body.content.decode()
    with at(2026, 3, 4, 8, 0):
        resp = page(client, w, "specialist", "/can-bo/viec/specialist/?han=due_today")
        body = resp.content.decode()
        assert code in body
        assert "Đến hạn hôm nay" in body
        assert code not in client.get("/can-bo/viec/specialist/?han=overdue").content.decode()
        home = client.get("/can-bo/").context["homes"][0].lists[0][1]
        assert (home["due_today"], home["due_soon"], home["overdue"]) == (1, 0, 0)
        assert code not in client.get("/can-bo/viec/specialist/?han=due_soon").content.decode()
        step = open_step(code)
        processing.step_claim(actor=w.u("specialist"), code=code, step_id=step.pk)
        assert code in client.get("/can-bo/viec/specialist/").content.decode()
        other = page(client, w, "specialist2", "/can-bo/viec/specialist/")
        assert code not in other.content.decode()  # taken by someone else
        dept = page(client, w, "dept_specialist", "/can-bo/viec/specialist/")
        assert code not in dept.content.decode()  # another agency
    with at(2026, 3, 4, 9, 1):
        body = page(client, w, "specialist", "/can-bo/viec/specialist/?han=overdue")
        assert "Quá hạn" in body.content.decode()
        assert code in body.content.decode()


def test_head_sees_dossiers_needing_an_apology_and_clerk_the_results(
    client: Client, world: World
) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):
        code = counter(w)
    with at(2026, 3, 6, 9, 0):  # past the appointment (Thursday 17:00)
        body = page(client, w, "head", "/can-bo/viec/unit_head/?ds=apology").content.decode()
        assert code in body
        assert "Quá hạn" in body
        for key in ("review", "sign"):
            step = open_step(code)
            assert step.step.key == key
            who = "specialist" if key == "review" else "signer"
            processing.step_complete(actor=w.u(who), code=code, step_id=step.pk, outcome="approve")
        assert code in page(client, w, "signer", "/can-bo/viec/clerk/?ds=record").content.decode()
        results.result_record(actor=w.u("signer"), code=code, summary="Đã cấp")
        assert code in client.get("/can-bo/viec/clerk/?ds=return").content.decode()
        assert (
            code
            in page(client, w, "reception", "/can-bo/viec/reception/?ds=return").content.decode()
        )


def test_signer_queue_after_review(client: Client, world: World) -> None:
    w = world
    code = counter(w)
    step = open_step(code)
    processing.step_complete(actor=w.u("specialist"), code=code, step_id=step.pk, outcome="approve")
    body = page(client, w, "signer", "/can-bo/viec/signer/").content.decode()
    assert code in body
    assert "Sign" in body


@pytest.mark.parametrize("dossiers", [2, 12])
def test_queue_queries_do_not_grow_with_rows(
    client: Client, world: World, dossiers: int, django_assert_max_num_queries: Any
) -> None:
    w = world
    for _ in range(dossiers):
        counter(w)
    sign_in(client, w.u("specialist"))
    with django_assert_max_num_queries(9):
        resp = client.get("/can-bo/viec/specialist/")
    assert resp.status_code == 200
    assert len(resp.context["qp"].rows) == dossiers
    with django_assert_max_num_queries(9):
        assert client.get("/can-bo/").status_code == 200


def test_queue_pages_by_fifty(client: Client, world: World) -> None:
    w = world
    for _ in range(51):
        online(w)
    sign_in(client, w.u("reception"))
    first = client.get("/can-bo/viec/reception/")
    assert len(first.context["qp"].rows) == 50
    assert "Trang 1/2" in first.content.decode()
    assert len(client.get("/can-bo/viec/reception/?trang=2").context["qp"].rows) == 1
