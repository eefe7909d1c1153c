"""The store through the API and the pages: the owner lists and downloads the stored file as
stored; another person gets 404; the API attaches from the store; the official's verify action;
the dossier pages say which components came from the store."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import time_machine
from django.test import Client

from motcua.accounts.models import User
from motcua.api.auth import token_create
from motcua.docstore.models import ComponentSource, ItemKind, Source, StoreItem
from motcua.docstore.services_attach import store_item_attach
from motcua.testing.auth import sign_in
from tests.docstore.conftest import CLOCK, Store, documents, second_dossier

pytestmark = pytest.mark.django_db


def bearer(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def test_api_lists_only_the_callers_documents(store: Store, client: Client) -> None:
    resp = client.get("/api/v1/me/documents", **bearer(store.w.u("citizen")))
    assert resp.status_code == 200
    body = resp.json()
    assert body["count"] == 2
    result = next(i for i in body["items"] if i["kind"] == "result")
    assert (result["signed"], result["sha256"]) == (True, store.result.sha256)
    other = User.objects.create_user(username="binh", password="x", cccd="079090005678")
    assert client.get("/api/v1/me/documents", **bearer(other)).json() == {"count": 0, "items": []}
    assert client.get("/api/v1/me/documents").status_code == 401


def test_api_attaches_from_the_store_without_upload(store: Store, client: Client) -> None:
    with time_machine.travel(CLOCK, tick=False):
        dossier = second_dossier(store.w)
    url = f"/api/v1/dossiers/{dossier.code}/attachments/from-store"
    body = {"item_id": store.result.pk, "required_document_id": documents()["Giấy khai sinh"].pk}
    resp = client.post(url, body, content_type="application/json", **bearer(store.w.u("citizen")))
    assert resp.status_code == 201, resp.content
    assert resp.json()["sha256"] == store.result.sha256
    source = ComponentSource.objects.get(dossier=dossier)
    assert source.source == Source.PERSONAL_STORE
    assert source.attachment.file.name == store.result.attachment.file.name
    # a component the procedure does not mark reusable: 400 with the Vietnamese reason
    body["required_document_id"] = documents()["Đơn đăng ký"].pk
    resp = client.post(url, body, content_type="application/json", **bearer(store.w.u("citizen")))
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "not_reusable"
    # another person: the dossier is not theirs (404), nor is the item
    other = User.objects.create_user(username="binh", password="x", cccd="079090005678")
    resp = client.post(url, body, content_type="application/json", **bearer(other))
    assert resp.status_code == 404


def test_the_store_page_lists_and_downloads_the_stored_file(store: Store, client: Client) -> None:
    sign_in(client, store.w.u("citizen"))
    page = client.get("/kho-giay-to/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "có chữ ký số" in html
    assert store.result.title in html
    resp = client.get(f"/kho-giay-to/{store.result.pk}/tai-ve/")
    assert resp.status_code == 200
    data = b"".join(resp.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(data).hexdigest() == store.result.sha256  # as stored, still signed
    assert resp["Cache-Control"] == "private, no-store"


def test_another_person_cannot_download(store: Store, client: Client) -> None:
    other = User.objects.create_user(username="binh", password="x", cccd="079090005678")
    sign_in(client, other)
    assert client.get(f"/kho-giay-to/{store.result.pk}/tai-ve/").status_code == 404
    assert store.result.title not in client.get("/kho-giay-to/").content.decode()
    client.logout()
    assert client.get(f"/kho-giay-to/{store.result.pk}/tai-ve/").status_code == 302


def test_the_official_verifies_from_the_dossier_page(store: Store, client: Client) -> None:
    StoreItem.objects.filter(kind=ItemKind.VERIFIED).delete()
    sign_in(client, store.w.u("reception"))
    page = client.get(f"/can-bo/ho-so/{store.first.code}/").content.decode()
    assert "Xác nhận đã đối chiếu bản chính" in page
    component = store.verified.attachment
    resp = client.post(f"/can-bo/ho-so/{store.first.code}/tep/{component.pk}/doi-chieu/")
    assert resp.status_code == 302
    assert StoreItem.objects.filter(kind=ItemKind.VERIFIED, attachment=component).exists()
    page = client.get(f"/can-bo/ho-so/{store.first.code}/").content.decode()
    assert "Đã đối chiếu bản chính" in page


def test_an_official_out_of_scope_gets_404(store: Store, client: Client) -> None:
    sign_in(client, store.w.u("other_reception"))
    component = store.verified.attachment
    resp = client.post(f"/can-bo/ho-so/{store.first.code}/tep/{component.pk}/doi-chieu/")
    assert resp.status_code == 404


def test_the_dossier_pages_show_components_from_the_store(store: Store, client: Any) -> None:
    with time_machine.travel(CLOCK, tick=False):
        dossier = second_dossier(store.w)
    store_item_attach(
        actor=store.w.u("citizen"),
        code=dossier.code,
        item_id=store.result.pk,
        required_document_id=documents()["Giấy khai sinh"].pk,
    )
    sign_in(client, store.w.u("citizen"))
    mine = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "lấy từ kho giấy tờ" in mine
    client.logout()
    sign_in(client, store.w.u("reception"))
    desk = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Lấy từ kho giấy tờ của người nộp" in desk
