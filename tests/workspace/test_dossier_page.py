"""The workspace dossier page: applicant and form data, documents in the in-page viewer, slips,
history and the control sheet, and only the actions the user may take now."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors.actions import dossier_actions
from motcua.dossiers.services import processing
from motcua.dossiers.services.attachments import attachment_add
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World
from tests.dossiers.test_attachments import image_bytes, pdf_bytes
from tests.workspace.helpers import counter, online, open_step

pytestmark = pytest.mark.django_db


def url(code: str) -> str:
    return f"/can-bo/ho-so/{code}/"


def attach(w: World, code: str, data: bytes, name: str) -> int:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    dossier = Dossier.objects.get(code=code)
    return attachment_add(actor=w.u("citizen"), dossier=dossier, upload=upload).pk


def test_reception_sees_applicant_form_data_and_its_reception_actions(
    client: Client, world: World
) -> None:
    w = world
    code = online(w)
    sign_in(client, w.u("reception"))
    resp = client.get(url(code))
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "Nguyễn Văn An" in body
    assert "Mục đích" in body  # the label from the procedure's form schema
    assert "Đi học" in body
    for path in ("receive", "request-supplement", "refuse"):
        assert f"/can-bo/ho-so/{code}/thao-tac/{path}/" in body
    assert "thao-tac/claim/" not in body


def test_a_specialist_of_the_agency_sees_no_reception_action(client: Client, world: World) -> None:
    code = online(world)
    sign_in(client, world.u("specialist"))
    body = client.get(url(code)).content.decode()
    assert "thao-tac/receive/" not in body
    assert "Bạn không có thao tác nào với hồ sơ này lúc này." in body


def test_another_agency_the_applicant_and_a_stranger_do_not_see_it(
    client: Client, world: World
) -> None:
    w = world
    code = online(w)
    sign_in(client, w.u("other_reception"))
    assert client.get(url(code)).status_code == 404
    assert client.get("/can-bo/ho-so/nonsense%00/").status_code == 404
    sign_in(client, w.u("citizen"))
    assert client.get(url(code)).status_code == 403  # officials only


def test_documents_show_in_the_viewer_framed_same_origin_only(client: Client, world: World) -> None:
    w = world
    code = online(w)
    pdf = attach(w, code, pdf_bytes(), "to-khai.pdf")
    png = attach(w, code, image_bytes("PNG"), "anh.png")
    sign_in(client, w.u("reception"))
    body = client.get(url(code)).content.decode()
    assert f'<iframe class="ws-viewer" src="/can-bo/ho-so/{code}/tep/{pdf}/xem/"' in body
    assert f'<img class="ws-image" src="/can-bo/ho-so/{code}/tep/{png}/xem/"' in body
    shown = client.get(f"/can-bo/ho-so/{code}/tep/{pdf}/xem/")
    assert shown.status_code == 200
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in shown["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in client.get(url(code))["Content-Security-Policy"]
    assert client.get(url(code))["X-Frame-Options"] == "DENY"
    sign_in(client, w.u("other_reception"))
    assert client.get(f"/can-bo/ho-so/{code}/tep/{pdf}/xem/").status_code == 404
    sign_in(client, w.u("citizen"))
    assert client.get(f"/can-bo/ho-so/{code}/tep/{pdf}/xem/").status_code == 403


def test_history_control_sheet_and_slips(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    w = world
    code = counter(w)
    step = open_step(code)
    processing.step_complete(actor=w.u("specialist"), code=code, step_id=step.pk, outcome="approve")
    sign_in(client, w.u("signer"))
    with django_assert_max_num_queries(25):
        resp = client.get(url(code))
    body = resp.content.decode()
    assert "Review" in body
    assert "Sign" in body
    assert "Phiếu kiểm soát quá trình giải quyết" in body
    assert f"/ho-so/{code}/phieu/receipt.pdf" in body
    assert f"/ho-so/{code}/phieu/control_sheet.pdf" in body
    assert "thao-tac/complete/?buoc=" in body
    assert "thao-tac/claim/?buoc=" in body
    assert "thao-tac/apologize/" in body  # a signer is a head (HEAD_ROLES)


def test_an_official_who_is_the_applicant_does_not_see_it_here(
    client: Client, world: World
) -> None:
    w = world
    code = online(w)
    Dossier.objects.filter(code=code).update(
        applicant_user=w.u("other_reception"), form_data={"purpose": "Đi học", "old": "cũ"}
    )
    sign_in(client, w.u("other_reception"))
    assert client.get(url(code)).status_code == 404
    sign_in(client, w.u("reception"))
    body = client.get(url(code)).content.decode()
    assert "<dt>old</dt><dd>cũ</dd>" in body  # a key the schema no longer names, last


def test_step_actions_need_a_running_dossier(world: World) -> None:
    code = counter(world)
    dossier = Dossier.objects.get(code=code)
    steps = [open_step(code)]
    dossier.status = "result_ready"
    acts = dossier_actions(user=world.u("specialist"), dossier=dossier, open_steps=steps)
    assert not acts.allows("claim", steps[0].pk)
    assert not acts.allows("complete", steps[0].pk)
