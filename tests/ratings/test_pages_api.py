"""The rating pages, the counter device, the reception's code page, the API and the
notification link (docs/ratings.md)."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from motcua.api.auth import token_create
from motcua.notifications.messages import render
from motcua.ratings.models import Rating
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World
from tests.ratings.conftest import at, returned, second_desk

FORM = {"satisfied": "1", "i5": "2", "i6": "2", "i7": "1", "i8": "2", "i9": "0", "comment": ""}


def bearer(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def test_the_citizen_rates_from_my_dossiers_once(world: World) -> None:
    dossier = returned(world)
    client = sign_in(Client(), world.u("citizen"))
    with at(2026, 12, 2, 11, 0):
        page = client.get(f"/ho-so-cua-toi/{dossier.code}/")
        assert f'href="/ho-so-cua-toi/{dossier.code}/danh-gia/"' in page.content.decode()
        form = client.get(f"/ho-so-cua-toi/{dossier.code}/danh-gia/")
        assert form.status_code == 200
        html = form.content.decode()
        assert "Cán bộ tiếp nhận" in html
        assert "Reception" in html
        assert "Tốt (2)" in html
        assert "Chưa tốt (0)" in html
        resp = client.post(f"/ho-so-cua-toi/{dossier.code}/danh-gia/", FORM)
        assert resp.status_code == 302
        again = client.post(f"/ho-so-cua-toi/{dossier.code}/danh-gia/", FORM)
    assert again.status_code == 200
    assert "đã được ghi nhận" in again.content.decode()
    rating = Rating.objects.get()
    assert (rating.total, rating.i9) == (15, 0)


def test_a_half_rated_official_is_an_error_by_the_field(world: World) -> None:
    dossier = returned(world)
    client = sign_in(Client(), world.u("citizen"))
    uid = world.u("specialist").pk
    with at(2026, 12, 2, 11, 0):
        resp = client.post(
            f"/ho-so-cua-toi/{dossier.code}/danh-gia/", {**FORM, f"o{uid}_courtesy": "2"}
        )
    assert resp.status_code == 400
    assert "cả ba nội dung" in resp.content.decode()
    assert not Rating.objects.exists()


def test_another_person_gets_404(world: World) -> None:
    dossier = returned(world)
    client = sign_in(Client(), world.u("stranger"))
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/danh-gia/").status_code == 404


def test_the_kiosk_takes_a_code_then_the_rating_and_the_code_works_once(world: World) -> None:
    dossier = returned(world)
    desk = sign_in(Client(), second_desk(world))
    kiosk = Client()
    with at(2026, 12, 2, 11, 0):
        issued = desk.post(f"/can-bo/ho-so/{dossier.code}/ma-danh-gia/")
        assert issued.status_code == 200
        code = re.search(r'id="ma-danh-gia">(\d{8})<', issued.content.decode()).group(1)
        assert kiosk.get("/quay/danh-gia/").status_code == 200
        wrong = kiosk.post("/quay/danh-gia/", {"code": "12345678"})
        assert wrong.status_code == 403
        step2 = kiosk.post("/quay/danh-gia/", {"code": code})
        assert step2.status_code == 200
        assert dossier.code in step2.content.decode()
        done = kiosk.post("/quay/danh-gia/", {"code": code, **FORM})
        assert done.status_code == 200
        assert "Cảm ơn" in done.content.decode()
        reused = kiosk.post("/quay/danh-gia/", {"code": code, **FORM})
    assert reused.status_code == 403
    assert Rating.objects.get().channel == "kiosk"


def test_api_rates_once_and_reads_the_rating(world: World) -> None:
    dossier = returned(world)
    client = Client()
    auth = bearer(world.u("citizen"))
    body = {"satisfied": False, "i5": 1, "i6": 1, "i7": 1, "i8": 1, "i9": 1, "officials": []}
    url = f"/api/v1/dossiers/{dossier.code}/rating"
    with at(2026, 12, 2, 11, 0):
        assert client.get(url, **auth).json()["error"]["code"] == "not_rated"
        resp = client.post(url, body, content_type="application/json", **auth)
        assert resp.status_code == 201, resp.content
        assert resp.json()["indicators"] == [2, 2, 2, 2, 1, 1, 1, 1, 1]
        second = client.post(url, body, content_type="application/json", **auth)
        assert second.status_code == 409
        assert second.json()["error"]["code"] == "already_rated"
        bad = client.post(url, {**body, "i5": 3}, content_type="application/json", **auth)
        assert bad.status_code == 422
        got = client.get(url, **auth)
    assert got.status_code == 200
    assert got.json()["total"] == 13
    stranger = client.get(url, **bearer(world.u("stranger")))
    assert stranger.status_code == 404


def test_the_result_notices_link_to_the_rating_page() -> None:
    for kind in ("dossier.result_ready", "dossier.returned"):
        text = render(kind, {"code": "X-1"}, "vi").body
        assert "/ho-so-cua-toi/X-1/danh-gia/" in text


def test_the_workspace_links_to_the_code_page_the_correction_and_the_scorecard(
    world: World,
) -> None:
    dossier = returned(world)
    client = sign_in(Client(), world.u("head"))
    with at(2026, 12, 2, 11, 0):
        html = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
        assert f'href="/can-bo/ho-so/{dossier.code}/ma-danh-gia/"' in html
        assert 'href="/can-bo/danh-gia/"' in html
        citizen = sign_in(Client(), world.u("citizen"))
        citizen.post(f"/ho-so-cua-toi/{dossier.code}/danh-gia/", FORM)
        form = {**FORM, "satisfied": "0", "reason": "Khảo sát lại qua điện thoại"}
        resp = client.post(f"/can-bo/ho-so/{dossier.code}/danh-gia/", form)
        assert resp.status_code == 302
        refused = sign_in(Client(), world.u("specialist")).post(
            f"/can-bo/ho-so/{dossier.code}/danh-gia/", form
        )
    assert refused.status_code == 403
    first, fixed = Rating.objects.order_by("pk")
    assert fixed.corrects == first
    assert fixed.satisfied is False


def test_a_control_character_in_a_comment_is_a_page_error_not_a_crash(world: World) -> None:
    dossier = returned(world)
    client = sign_in(Client(), world.u("citizen"))
    with at(2026, 12, 2, 11, 0):
        resp = client.post(f"/ho-so-cua-toi/{dossier.code}/danh-gia/", {**FORM, "comment": "a\x07"})
    assert resp.status_code == 400
    assert "ký tự điều khiển" in resp.content.decode()
    assert not Rating.objects.exists()


def test_the_kiosk_code_page_issues_once_and_the_kiosk_refuses_an_official_session(
    world: World,
) -> None:
    dossier = returned(world)
    desk = sign_in(Client(), second_desk(world))
    with at(2026, 12, 2, 11, 0):
        issued = desk.post(f"/can-bo/ho-so/{dossier.code}/ma-danh-gia/")
        code = re.search(r'id="ma-danh-gia">(\d{8})<', issued.content.decode()).group(1)
        again = desk.post(f"/can-bo/ho-so/{dossier.code}/ma-danh-gia/")
        assert again.status_code == 409
        assert "chỉ có một mã" in again.content.decode()
        assert code not in again.content.decode()
        on_desk_browser = desk.post("/quay/danh-gia/", {"code": code, **FORM})
    assert on_desk_browser.status_code == 403
    assert not Rating.objects.exists()


def test_odd_drill_down_parameters_are_not_found_never_a_crash(world: World) -> None:
    client = sign_in(Client(), world.u("head"))
    base = "/can-bo/danh-gia/ho-so/?ky=2026-12&so=rated"
    assert client.get(base).status_code == 200
    assert client.get(base + "&thu_tuc=%00").status_code == 404
    assert client.get(base + "&thu_tuc=" + "x" * 60).status_code == 404
    assert client.get(base + "&can_bo=%C2%B2").status_code == 200  # "²": not a number, ignored
    assert client.get(base + "&co_quan=%C2%B2").status_code == 200
