"""`create_token` and bearer authentication: the key is shown once, only its SHA-256 is kept,
and revoked tokens or inactive users are refused."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import ApiToken
from tests.dossiers.conftest import World


def create_token(username: str, *args: str) -> str:
    out = StringIO()
    call_command("create_token", username, *args, stdout=out)
    return out.getvalue().strip()


def list_dossiers(key: str) -> int:
    return Client().get("/api/v1/dossiers", HTTP_AUTHORIZATION=f"Bearer {key}").status_code


def test_printed_key_authenticates(world: World) -> None:
    key = create_token("reception", "--name", "Cổng dịch vụ công")
    assert key.startswith("mc_")
    assert len(key) > 40
    assert "\n" not in key
    assert list_dossiers(key) == 200
    token = ApiToken.objects.get(user=world.u("reception"))
    assert token.name == "Cổng dịch vụ công"
    assert token.last_used_at is not None
    assert list_dossiers(key + "x") == 401


def test_only_the_sha256_of_the_key_is_stored(world: World) -> None:
    key = create_token("signer")
    token = ApiToken.objects.get(user=world.u("signer"))
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]  # enough to recognise a token in the admin, not to use it
    for field, value in model_to_dict(token).items():
        assert key not in str(value), field
    secret = key[len("mc_") :]
    assert all(secret not in str(v) for v in model_to_dict(token).values())
    # A key made of the stored hash (or the prefix) does not authenticate.
    assert list_dossiers(token.key_hash) == 401
    assert list_dossiers(token.prefix) == 401


def test_each_call_makes_a_new_independent_key(world: World) -> None:
    first, second = create_token("head"), create_token("head")
    assert first != second
    assert ApiToken.objects.filter(user=world.u("head")).count() == 2
    ApiToken.objects.filter(key_hash=hashlib.sha256(first.encode()).hexdigest()).update(
        revoked_at=timezone.now()
    )
    assert list_dossiers(first) == 401
    assert list_dossiers(second) == 200


def test_revoked_token_is_refused(world: World) -> None:
    key = create_token("reception")
    assert list_dossiers(key) == 200
    ApiToken.objects.filter(user=world.u("reception")).update(revoked_at=timezone.now())
    resp = Client().get("/api/v1/dossiers", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "unauthenticated"


def test_inactive_user_is_refused(world: World) -> None:
    key = create_token("specialist")
    user = world.u("specialist")
    user.is_active = False
    user.save(update_fields=["is_active"])
    resp = Client().get("/api/v1/dossiers", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "unauthenticated"
    user.is_active = True
    user.save(update_fields=["is_active"])
    assert list_dossiers(key) == 200


def test_unknown_or_inactive_username_is_a_command_error_in_vietnamese(world: World) -> None:
    with pytest.raises(CommandError, match="Không có người dùng 'nobody' đang hoạt động"):
        create_token("nobody")
    user = world.u("stranger")
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="Không có người dùng 'stranger' đang hoạt động"):
        create_token("stranger")
    assert not ApiToken.objects.exists()
