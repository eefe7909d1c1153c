"""Feedback photos are served by a view that checks rights (docs/rules.md §24.6), and the
category admin saves through the services, each change with its audit event."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.core.audit import AuditEvent
from motcua.core.errors import DomainError
from motcua.feedback.models import Category, Feedback, Photo
from motcua.feedback.services import category_deactivate, category_delete
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World, _user
from tests.feedback.conftest import submit
from tests.feedback.test_services import PNG, handle

pytestmark = pytest.mark.django_db


def with_photo(w: World) -> tuple[Feedback, str]:
    fb = submit(actor=w.u("citizen"), photos=[SimpleUploadedFile("nha-toi.png", PNG, "image/png")])
    photo = Photo.objects.get(feedback=fb)
    return fb, reverse("feedback:photo", args=[fb.code, photo.pk])


def test_the_submitter_and_the_agency_see_a_photo(city: World, clock: Any) -> None:
    _fb, url = with_photo(city)
    for user in (city.u("citizen"), city.u("reception")):
        resp = sign_in(Client(), user).get(url)
        assert resp.status_code == 200, user
        assert b"".join(resp.streaming_content) == PNG
        assert resp["Content-Type"] == "image/png"
        assert resp["X-Content-Type-Options"] == "nosniff"
        assert resp["Content-Disposition"].startswith("inline; filename=")
        assert "nha-toi" not in resp["Content-Disposition"]


def test_anyone_else_gets_404_even_once_published(city: World, clock: Any) -> None:
    fb, url = with_photo(city)
    handle(city, fb.code)
    assert Client().get(url).status_code == 404
    for user in (city.u("stranger"), city.u("other_reception")):
        assert sign_in(Client(), user).get(url).status_code == 404, user
    other, _ = with_photo(city)
    wrong = reverse("feedback:photo", args=[other.code, Photo.objects.get(feedback=fb).pk])
    assert sign_in(Client(), city.u("citizen")).get(wrong).status_code == 404


def test_the_photo_is_linked_from_the_workspace_and_the_submitters_page(
    city: World, clock: Any
) -> None:
    fb, url = with_photo(city)
    official = sign_in(Client(), city.u("reception"))
    assert url in official.get(f"/can-bo/phan-anh/{fb.code}/").content.decode()
    citizen = sign_in(Client(), city.u("citizen"))
    page = citizen.get(f"/phan-anh/{fb.code}/cua-toi/")
    assert page.status_code == 200
    assert url in page.content.decode()
    assert (
        sign_in(Client(), city.u("stranger")).get(f"/phan-anh/{fb.code}/cua-toi/").status_code
        == 404
    )
    handle(city, fb.code)
    public = citizen.get(f"/phan-anh/{fb.code}/").content.decode()
    assert reverse("feedback:mine", args=[fb.code]) in public
    assert url not in Client().get(f"/phan-anh/{fb.code}/").content.decode()


@pytest.fixture
def admin_client(city: World) -> Client:
    user = _user("quantri", city.city, ["agency_admin"])
    user.is_staff = user.is_superuser = True
    user.save()
    return sign_in(Client(), user)


def kinds(code: str) -> list[str]:
    events = AuditEvent.objects.filter(stream_type="feedback_category", stream_id=code)
    return list(events.order_by("pk").values_list("kind", flat=True))


def test_the_admin_saves_renames_and_deactivates_through_the_services(
    city: World, clock: Any, admin_client: Client
) -> None:
    add = reverse("admin:feedback_category_add")
    data = {"code": "moi-truong", "name": "Môi trường", "agency": city.ward.pk, "active": "on"}
    assert admin_client.post(add, {**data, "description": "", "keywords": ""}).status_code == 302
    category = Category.objects.get(code="moi-truong")
    change = reverse("admin:feedback_category_change", args=[category.pk])
    resp = admin_client.post(change, {**data, "name": "Vệ sinh môi trường", "active": ""})
    assert resp.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.active) == ("Vệ sinh môi trường", False)
    assert kinds("moi-truong") == ["feedback.category_saved", "feedback.category_saved"]
    saved = AuditEvent.objects.filter(stream_id="moi-truong").latest("pk").payload
    assert saved["renamed_from"] == "Môi trường"
    assert saved["active"] is False


def test_a_category_in_use_is_deactivated_not_deleted(
    city: World, clock: Any, admin_client: Client
) -> None:
    submit()
    category = Category.objects.get(code="thu-tuc")
    delete = reverse("admin:feedback_category_delete", args=[category.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    with pytest.raises(DomainError) as exc:
        category_delete(actor=None, code="thu-tuc")
    assert exc.value.code == "category_in_use"
    changelist = reverse("admin:feedback_category_changelist")
    admin_client.post(
        changelist, {"action": "deactivate_selected", "_selected_action": [category.pk]}
    )
    category.refresh_from_db()
    assert not category.active
    assert "feedback.category_deactivated" in kinds("thu-tuc")
    category_deactivate(actor=None, code="thu-tuc")  # already inactive: nothing more recorded
    assert kinds("thu-tuc").count("feedback.category_deactivated") == 1
    unused = Category.objects.get(code="do-thi")
    admin_client.post(reverse("admin:feedback_category_delete", args=[unused.pk]), {"post": "yes"})
    assert not Category.objects.filter(code="do-thi").exists()
    assert kinds("do-thi")[-1] == "feedback.category_deleted"
