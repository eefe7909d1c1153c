"""The admin writes users, passwords and tokens through the services: each save writes exactly
the expected audit event; a password change or a deactivation revokes the user's API tokens;
CCCD and tax codes are checked free by the form and enforced by the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import ApiToken, User
from motcua.accounts.services import user_create_business, user_create_citizen
from motcua.api.auth import token_create
from motcua.core.models import AuditEvent
from tests.accounts.test_admin import _user_post

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)


def _url(view: str, *args) -> str:
    return reverse(f"admin:accounts_user_{view}", args=args)


def new_events(since: int) -> list[tuple[str, dict]]:
    return [(e.kind, e.payload) for e in AuditEvent.objects.filter(gseq__gt=since).order_by("gseq")]


def last_gseq() -> int:
    return AuditEvent.objects.order_by("-gseq").values_list("gseq", flat=True).first() or 0


def api_status(key: str) -> int:
    return Client().get("/api/v1/dossiers", HTTP_AUTHORIZATION=f"Bearer {key}").status_code


def test_changing_a_user_writes_one_user_changed_event(official, admin_client):
    since = last_gseq()
    data = _user_post(official, [])
    data["home_agency"] = official.home_agency_id
    data["full_name"] = "Cán Bộ Mới"
    data["email"] = "canbo@example.vn"
    assert admin_client.post(_url("change", official.pk), data).status_code == 302
    official.refresh_from_db()
    assert (official.full_name, official.email) == ("Cán Bộ Mới", "canbo@example.vn")
    assert new_events(since) == [
        ("user.changed", {"username": "canbo", "fields": ["email", "full_name"]})
    ]


def test_adding_a_user_writes_one_user_created_event(tree, admin_client):
    since = last_gseq()
    data = {
        "username": "moi",
        "password1": "mat-khau-rat-dai-2026",
        "password2": "mat-khau-rat-dai-2026",
        "usable_password": "true",
        "kind": "official",
        "full_name": "Người Mới",
        "home_agency": tree.ward.pk,
    }
    response = admin_client.post(_url("add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="moi")
    assert user.check_password("mat-khau-rat-dai-2026")
    assert new_events(since) == [
        ("user.created", {"username": "moi", "kind": "official", "via": "admin"})
    ]


def test_admin_password_change_goes_through_the_service_and_revokes_tokens(official, admin_client):
    key = token_create(user=official)
    assert api_status(key) == 200
    since = last_gseq()
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[official.pk]),
        {"password1": "mat-khau-moi-2026!", "password2": "mat-khau-moi-2026!"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    official.refresh_from_db()
    assert official.check_password("mat-khau-moi-2026!")
    assert new_events(since) == [("user.password_changed", {"tokens_revoked": 1})]
    assert ApiToken.objects.get(user=official).revoked_at is not None
    assert api_status(key) == 401


def test_deactivating_a_user_revokes_their_tokens(official, admin_client):
    key = token_create(user=official)
    since = last_gseq()
    data = _user_post(official, [])
    data["home_agency"] = official.home_agency_id
    del data["is_active"]
    assert admin_client.post(_url("change", official.pk), data).status_code == 302
    assert new_events(since) == [
        (
            "user.changed",
            {"username": "canbo", "fields": ["is_active"], "is_active": False, "tokens_revoked": 1},
        )
    ]
    official.is_active = True
    official.save(update_fields=["is_active"])
    assert api_status(key) == 401  # revoked for good, not only while inactive


def test_users_are_never_deleted_in_the_admin(official, admin_client):
    assert admin_client.post(_url("delete", official.pk), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=official.pk).exists()


# --- token expiry -------------------------------------------------------------------------


def test_a_token_expires_after_the_configured_days(official, settings):
    settings.MOTCUA = {**settings.MOTCUA, "TOKEN_DAYS": 30}
    with time_machine.travel(NOW, tick=False):
        key = token_create(user=official)
        token = ApiToken.objects.get(user=official)
        assert token.expires_at == NOW + timedelta(days=30)
        assert api_status(key) == 200
    with time_machine.travel(NOW + timedelta(days=30, seconds=-1), tick=False):
        assert api_status(key) == 200
    with time_machine.travel(NOW + timedelta(days=30), tick=False):
        response = Client().get("/api/v1/dossiers", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_the_default_expiry_is_90_days(official):
    with time_machine.travel(NOW, tick=False):
        token_create(user=official)
    assert ApiToken.objects.get(user=official).expires_at == NOW + timedelta(days=90)


# --- identifiers taken ------------------------------------------------------------------------


def test_admin_form_refuses_a_cccd_already_taken(tree, admin_client):
    user_create_citizen(username="cd1", full_name="A", cccd="079085012345")
    other = user_create_citizen(username="cd2", full_name="B", cccd="079192006789")
    since = last_gseq()
    data = _user_post(other, [])
    data["cccd"] = "079085012345"
    response = admin_client.post(_url("change", other.pk), data)
    assert response.status_code == 200
    assert "Số CCCD 079085012345 đã có tài khoản công dân khác." in response.content.decode()
    other.refresh_from_db()
    assert other.cccd == "079192006789"
    assert new_events(since) == []


def test_admin_form_refuses_a_tax_code_representative_already_taken(tree, admin_client):
    user_create_business(
        username="dn1", full_name="A", tax_code="0312345673", organisation_name="Công ty A"
    )
    other = User.objects.create_user("dn2", full_name="B", kind="business")
    data = _user_post(other, [])
    data["tax_code"] = "0312345673"
    response = admin_client.post(_url("change", other.pk), data)
    assert response.status_code == 200
    assert "Mã số thuế 0312345673 đã có tài khoản" in response.content.decode()


def test_the_database_enforces_one_citizen_per_cccd_and_one_account_per_representative(db):
    User.objects.create(username="a", kind="citizen", cccd="079085012345")
    User.objects.create(username="b", kind="citizen", cccd="")
    User.objects.create(username="c", kind="citizen", cccd="")  # blank is allowed many times
    User.objects.create(username="d", kind="official", cccd="079085012345")  # not a citizen
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="e", kind="citizen", cccd="079085012345")
    User.objects.create(username="f", kind="business", tax_code="0312345673", cccd="079085012345")
    User.objects.create(username="g", kind="business", tax_code="0312345673", cccd="079192006789")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(
            username="h", kind="business", tax_code="0312345673", cccd="079085012345"
        )


def test_business_service_refuses_the_same_representative_twice(db):
    kwargs = {"full_name": "A", "tax_code": "0312345673", "organisation_name": "Công ty A"}
    user_create_business(username="dn1", cccd="079085012345", **kwargs)
    user_create_business(username="dn2", cccd="079192006789", **kwargs)
    with pytest.raises(Exception, match="đã có tài khoản") as info:
        user_create_business(username="dn3", cccd="079085012345", **kwargs)
    assert info.value.code == "representative_taken"


def test_only_the_city_admin_changes_privileged_fields(tree, official, admin_user):
    from motcua.accounts.services import role_grant, user_create_official, user_update
    from motcua.core.errors import PermissionDenied

    agency_admin = user_create_official(
        username="qt", full_name="QT", home_agency=tree.ward, is_staff=True
    )
    role_grant(user=agency_admin, agency=tree.ward, role="agency_admin", include_descendants=True)
    since = last_gseq()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        value = [] if field in ("groups", "user_permissions") else True
        with pytest.raises(PermissionDenied) as info:
            user_update(user=official, actor=agency_admin, **{field: value})
        assert info.value.code == "privileged_field"
    assert new_events(since) == []
    user_update(user=official, actor=admin_user, is_staff=True)
    official.refresh_from_db()
    assert official.is_staff


def test_django_groups_are_not_edited_in_the_admin(admin_client):
    from django.contrib import admin
    from django.contrib.auth.models import Group

    assert not admin.site.is_registered(Group)
    assert admin_client.get("/admin/auth/group/").status_code == 404
