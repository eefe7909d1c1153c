"""Every dossier action through the workspace pages: the form on a confirmation page, the
change and its audit event, forbidden actions neither shown nor accepted, a stale version
answered 409 with nothing changed, a rule broken shown on the page with nothing changed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from motcua.core.errors import Conflict
from motcua.core.models import AuditEvent
from motcua.dossiers.models import Dossier, DossierStatus, StepInstance, StepStatus
from motcua.dossiers.services import processing
from motcua.testing.auth import sign_in
from motcua.workspace.actions import ACTIONS
from tests.dossiers.conftest import World
from tests.workspace.helpers import at, counter, online, open_step

pytestmark = pytest.mark.django_db


def act(client: Client, code: str, action: str, step: int | None = None, **data: Any) -> Any:
    dossier = Dossier.objects.get(code=code)
    body = {"version": dossier.version, **({"step_id": step} if step else {}), **data}
    return client.post(f"/can-bo/ho-so/{code}/thao-tac/{action}/", body)


def last_event(code: str) -> AuditEvent:
    return AuditEvent.objects.filter(stream_type="dossier", stream_id=code).order_by("seq").last()


def as_(client: Client, w: World, who: str) -> Client:
    return sign_in(client, w.u(who))


def test_receive_from_its_confirmation_page(client: Client, world: World) -> None:
    code = online(world)
    as_(client, world, "reception")
    form = client.get(f"/can-bo/ho-so/{code}/thao-tac/receive/")
    assert form.status_code == 200
    assert 'name="version" value="1"' in form.content.decode()
    resp = act(client, code, "receive")
    assert resp.status_code == 302
    assert resp["Location"] == f"/can-bo/ho-so/{code}/"
    assert Dossier.objects.get(code=code).status == DossierStatus.RECEIVED
    event = last_event(code)
    assert (event.kind, event.actor_id) == ("dossier.received", world.u("reception").pk)
    assert "Đã tiếp nhận hồ sơ." in client.get(resp["Location"]).content.decode()


def test_supplement_request_with_several_rows_without_javascript(
    client: Client, world: World
) -> None:
    code = online(world)
    as_(client, world, "reception")
    form = client.get(f"/can-bo/ho-so/{code}/thao-tac/request-supplement/").content.decode()
    assert 'name="item_name_5"' in form
    half = act(client, code, "request-supplement", item_name_1="Tờ khai")
    assert half.status_code == 400
    assert "Mục bổ sung thứ 1 phải có tên giấy tờ và lý do." in half.content.decode()
    assert Dossier.objects.get(code=code).version == 1  # nothing changed
    rows = {
        "item_name_1": "Tờ khai",
        "item_reason_1": "Thiếu chữ ký",
        "item_name_3": "Bản sao CCCD",
        "item_reason_3": "Mờ",
    }
    assert act(client, code, "request-supplement", **rows).status_code == 302
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == DossierStatus.NEEDS_SUPPLEMENT
    request = dossier.supplement_requests.get()
    assert [i["name"] for i in request.items] == ["Tờ khai", "Bản sao CCCD"]
    assert last_event(code).kind == "dossier.supplement_requested"


def test_refuse_with_reasons_one_a_line(client: Client, world: World) -> None:
    code = online(world)
    as_(client, world, "reception")
    assert (
        act(client, code, "refuse", reasons="Không thuộc thẩm quyền\n\nSai mẫu").status_code == 302
    )
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == DossierStatus.REJECTED
    assert dossier.refusal_reasons == ["Không thuộc thẩm quyền", "Sai mẫu"]
    assert last_event(code).kind == "dossier.refused"
    empty = act(client, counter(world), "refuse", reasons="")
    assert empty.status_code == 403  # a received dossier cannot be refused at the desk


def test_claim_then_complete_with_a_note(client: Client, world: World) -> None:
    w = world
    code = counter(w)
    step = open_step(code)
    as_(client, w, "specialist")
    assert act(client, code, "claim", step.pk).status_code == 302
    assert StepInstance.objects.get(pk=step.pk).assignee == w.u("specialist")
    assert last_event(code).kind == "step.claimed"
    form = client.get(f"/can-bo/ho-so/{code}/thao-tac/complete/?buoc={step.pk}").content.decode()
    for outcome in ("approve", "return", "supplement", "refuse", "forward"):
        assert f'value="{outcome}"' in form
    resp = act(client, code, "complete", step.pk, outcome="approve", note="Đủ điều kiện")
    assert resp.status_code == 302
    done = StepInstance.objects.get(pk=step.pk)
    assert (done.status, done.note) == (StepStatus.DONE, "Đủ điều kiện")
    assert open_step(code).step.key == "sign"
    assert last_event(code).kind == "step.approve"


def test_complete_asking_for_a_supplement_pauses_the_clock(client: Client, world: World) -> None:
    code = counter(world)
    step = open_step(code)
    as_(client, world, "specialist")
    resp = act(
        client,
        code,
        "complete",
        step.pk,
        outcome="supplement",
        item_name_1="Giấy xác nhận",
        item_reason_1="Chưa có",
    )
    assert resp.status_code == 302
    assert Dossier.objects.get(code=code).pause_reason == "supplement"


def test_complete_refusing_needs_reasons_and_ends_the_dossier(client: Client, world: World) -> None:
    code = counter(world)
    step = open_step(code)
    as_(client, world, "specialist")
    resp = act(client, code, "complete", step.pk, outcome="refuse", reasons="Không đủ điều kiện")
    assert resp.status_code == 302
    assert Dossier.objects.get(code=code).status == DossierStatus.REJECTED


def test_head_assigns_a_step_to_an_official_of_its_role(client: Client, world: World) -> None:
    w = world
    code = counter(w)
    step = open_step(code)
    as_(client, w, "head")
    form = client.get(f"/can-bo/ho-so/{code}/thao-tac/assign/?buoc={step.pk}").content.decode()
    assert 'value="specialist2"' in form
    assert 'value="reception"' not in form
    assert act(client, code, "assign", step.pk, assignee="specialist2").status_code == 302
    assert StepInstance.objects.get(pk=step.pk).assignee == w.u("specialist2")
    assert last_event(code).kind == "step.assigned"
    as_(client, w, "specialist")  # now someone else's: neither claim nor complete
    assert act(client, code, "complete", step.pk, outcome="approve").status_code == 403


def test_apology_with_a_new_date_and_a_rule_broken_on_the_page(
    client: Client, world: World
) -> None:
    w = world
    with at(2026, 3, 2, 9, 0):
        code = counter(w)
    with at(2026, 3, 3, 9, 0):
        as_(client, w, "head")
        saturday = act(client, code, "apologize", reason="Chờ xác minh", new_due="2026-03-07")
        assert saturday.status_code == 400
        assert "không phải ngày làm việc" in saturday.content.decode()
        assert Dossier.objects.get(code=code).extended_due_at is None
        ok = act(client, code, "apologize", reason="Chờ xác minh", new_due="2026-03-10")
        assert ok.status_code == 302
        assert Dossier.objects.get(code=code).apology_count == 1
        assert last_event(code).kind == "dossier.apology_issued"
        again = client.get(f"/can-bo/ho-so/{code}/thao-tac/apologize/")
        assert again.status_code == 403  # once per dossier


def test_record_and_return_the_result(client: Client, world: World) -> None:
    w = world
    code = counter(w)
    for who in ("specialist", "signer"):
        step = open_step(code)
        processing.step_complete(actor=w.u(who), code=code, step_id=step.pk, outcome="approve")
    as_(client, w, "signer")
    assert act(client, code, "record-result", summary="Đã cấp giấy").status_code == 302
    assert Dossier.objects.get(code=code).status == DossierStatus.RESULT_READY
    assert act(client, code, "return-result", channel="counter").status_code == 403
    as_(client, w, "reception")
    assert act(client, code, "return-result", channel="counter").status_code == 302
    dossier = Dossier.objects.get(code=code)
    assert (dossier.status, dossier.return_channel) == (DossierStatus.RETURNED, "counter")
    assert last_event(code).kind == "dossier.returned"


def test_forbidden_actions_are_refused_when_posted(client: Client, world: World) -> None:
    w = world
    code = online(w)
    as_(client, w, "specialist")
    assert client.get(f"/can-bo/ho-so/{code}/thao-tac/receive/").status_code == 403
    resp = act(client, code, "receive")
    assert resp.status_code == 403
    assert "Bạn không thể thực hiện thao tác này" in resp.content.decode()
    assert Dossier.objects.get(code=code).status == DossierStatus.SUBMITTED
    as_(client, w, "other_reception")
    assert act(client, code, "receive").status_code == 404
    as_(client, w, "reception")
    assert client.get(f"/can-bo/ho-so/{code}/thao-tac/explode/").status_code == 404
    assert client.get(f"/can-bo/ho-so/{code}/thao-tac/claim/?buoc=999").status_code == 404


def test_a_stale_version_is_answered_409_and_nothing_changes(client: Client, world: World) -> None:
    w = world
    code = counter(w)
    step = open_step(code)
    as_(client, w, "specialist")
    shown = Dossier.objects.get(code=code).version
    processing.step_claim(actor=w.u("specialist2"), code=code, step_id=step.pk)  # meanwhile
    resp = client.post(
        f"/can-bo/ho-so/{code}/thao-tac/claim/", {"version": shown, "step_id": step.pk}
    )
    assert resp.status_code == 409
    body = resp.content.decode()
    assert "Hồ sơ vừa được người khác cập nhật" in body
    assert f'href="/can-bo/ho-so/{code}/"' in body
    assert StepInstance.objects.get(pk=step.pk).assignee == w.u("specialist2")


@pytest.mark.parametrize(
    ("error", "status", "text"),
    [
        (Conflict("x", code="version_conflict"), 409, "Hồ sơ vừa được người khác cập nhật"),
        (Conflict("Bước này đã được người khác nhận.", code="step_taken"), 409, "đã được người"),
        (ValidationError({"assignee": ["Không tìm thấy cán bộ."]}), 400, "Không tìm thấy cán bộ."),
    ],
)
def test_errors_the_service_finds_under_its_lock_are_shown(
    client: Client,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    status: int,
    text: str,
) -> None:
    """A race the page's own checks cannot see (someone acted between them and the lock)."""

    def raises(ctx: Any, form: Any) -> None:
        raise error

    monkeypatch.setitem(ACTIONS, "receive", replace(ACTIONS["receive"], perform=raises))
    code = online(world)
    as_(client, world, "reception")
    resp = act(client, code, "receive")
    assert resp.status_code == status
    assert text in resp.content.decode()
    assert Dossier.objects.get(code=code).status == DossierStatus.SUBMITTED


def test_a_form_with_a_missing_field_or_a_control_character_is_refused(
    client: Client, world: World
) -> None:
    code = counter(world)
    step = open_step(code)
    as_(client, world, "head")
    missing = act(client, code, "apologize", reason="", new_due="2026-03-10")
    assert missing.status_code == 400
    assert 'aria-invalid="true"' in missing.content.decode()
    as_(client, world, "specialist")
    bad = act(client, code, "complete", step.pk, outcome="approve", note="Đủ\x1b[2J")
    assert bad.status_code == 400
    assert StepInstance.objects.get(pk=step.pk).status == StepStatus.ACTIVE
