"""Sign-in through OpenID Connect, driven end to end against the real test provider
(`motcua.testing.oidc_provider`): Django's test client talks to our views, `requests` plays the
browser at the provider, and the callback comes back to the test client."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
import time_machine
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from motcua.accounts import oidc
from motcua.accounts.models import User, UserKind
from motcua.accounts.services import user_create_citizen, user_create_official
from motcua.core.models import AuditEvent
from motcua.testing.oidc_provider import OIDCProvider, PresetUser

INSTANT = datetime(2026, 12, 2, 2, 15, tzinfo=UTC)
BASE = "http://testserver"
CALLBACK = f"{BASE}/dang-nhap/vneid/ve/"
CCCD = "079203001234"


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(INSTANT, tick=False):
        yield


@pytest.fixture
def provider(settings, db) -> Iterator[OIDCProvider]:
    idp = OIDCProvider(client_id="motcua", client_secret="bi-mat", redirect_uri=CALLBACK)
    with idp:
        settings.MOTCUA = {
            **settings.MOTCUA,
            "PUBLIC_BASE_URL": BASE,
            "OIDC": {
                **settings.MOTCUA["OIDC"],
                "ISSUER": idp.issuer,
                "CLIENT_ID": "motcua",
                "CLIENT_SECRET": "bi-mat",
            },
        }
        oidc._client.cache_clear()
        yield idp
    oidc._client.cache_clear()


def go_to_provider(client: Client, query: str = "") -> str:
    """Start at our page, follow the redirect to the provider; return its redirect back."""
    start = client.get(reverse("accounts:oidc_start") + query)
    assert start.status_code == 302, start.content
    at_idp = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_idp.status_code == 302, at_idp.text
    location: str = at_idp.headers["Location"]
    assert location.startswith(CALLBACK)
    return location


def sign_in(client: Client, query: str = "") -> HttpResponse:
    return client.get(go_to_provider(client, query))


def signed_in_user(client: Client) -> User | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def edit_state(client: Client, state: str, **changes: str) -> None:
    """Change what Authlib keeps in the session for one sign-in attempt."""
    session = client.session
    key = f"_state_oidc_{state}"
    entry = session[key]
    entry["data"].update(changes)
    session[key] = entry
    session.save()


def refused(response: HttpResponse, status: int, text: str, client: Client) -> None:
    assert response.status_code == status
    body = response.content.decode()
    assert "Không đăng nhập được bằng định danh điện tử" in body
    assert text in body
    assert signed_in_user(client) is None


def test_new_citizen_is_created_and_signed_in(client, provider) -> None:
    response = sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    user = signed_in_user(client)
    assert user is not None
    assert (user.kind, user.cccd, user.full_name) == (UserKind.CITIZEN, CCCD, "Nguyễn Văn An")
    assert user.username == CCCD
    assert not user.has_usable_password()
    assert (user.idp_issuer, user.idp_verified_at) == (provider.issuer, INSTANT)
    kinds = list(
        AuditEvent.objects.filter(stream_type="user", stream_id=str(user.pk))
        .order_by("seq")
        .values_list("kind", "payload")
    )
    assert kinds == [
        ("user.created", {"username": CCCD, "kind": "citizen", "cccd": CCCD}),
        ("account.oidc_created", {"issuer": provider.issuer, "subject": "vneid-0001"}),
    ]
    # the provider got a PKCE challenge (S256) and a nonce, and the code is used up
    [issued] = provider.issued
    assert (issued.code_challenge_method, issued.redirect_uri) == ("S256", CALLBACK)
    assert issued.code_challenge
    assert issued.nonce
    assert provider.codes == {}
    assert provider.requests.count("/.well-known/openid-configuration") == 1


def test_existing_citizen_is_matched_by_cccd(client, provider) -> None:
    citizen = user_create_citizen(username="an", full_name="Nguyễn Văn An", cccd=CCCD)

    assert sign_in(client).status_code == 302
    assert signed_in_user(client) == citizen
    client.logout()
    assert sign_in(client).status_code == 302

    assert User.objects.count() == 1
    citizen.refresh_from_db()
    assert citizen.idp_issuer == provider.issuer
    kinds = AuditEvent.objects.filter(stream_id=str(citizen.pk)).order_by("seq")
    assert list(kinds.values_list("kind", flat=True)) == [
        "user.created",
        "account.oidc_linked",
        "account.oidc_verified",
    ]
    # discovery is fetched once per process and configuration
    assert provider.requests.count("/.well-known/openid-configuration") == 1


def test_next_page_is_kept_when_safe(client, provider) -> None:
    assert sign_in(client, "?next=/tra-cuu/")["Location"] == "/tra-cuu/"
    client.logout()
    evil = "?" + urlencode({"next": "https://evil.example/"})
    assert sign_in(client, evil)["Location"] == reverse("portal:home")


def test_tampered_state_is_refused(client, provider) -> None:
    location = go_to_provider(client)
    tampered = location.replace("state=", "state=x")

    refused(client.get(tampered), 400, "Phiên đăng nhập không hợp lệ", client)
    assert not User.objects.exists()


def test_id_token_signed_by_another_key_is_refused(client, provider) -> None:
    provider.sign_with_stranger = True

    refused(sign_in(client), 400, "Chữ ký của thẻ định danh không hợp lệ", client)
    assert not User.objects.exists()


def test_unknown_key_id_refetches_the_jwks_once(client, provider) -> None:
    assert sign_in(client).status_code == 302
    client.logout()
    provider.rotate_key()

    assert sign_in(client).status_code == 302
    assert provider.requests.count("/jwks") == 2


@pytest.mark.parametrize(
    ("audience", "azp"),
    [
        (["ung-dung-khac"], None),
        # an authorised party of ours does not make up for an audience without us
        (["ung-dung-khac", "ung-dung-nua"], "motcua"),
    ],
)
def test_wrong_audience_is_refused(client, provider, audience, azp) -> None:
    provider.audience = audience
    provider.extra_claims = {"azp": azp} if azp else {}

    refused(sign_in(client), 400, "không dành cho hệ thống này (trường aud)", client)
    assert not User.objects.exists()


def test_several_audiences_with_us_as_authorised_party_are_accepted(client, provider) -> None:
    provider.audience = ["motcua", "cong-dvc-quoc-gia"]
    provider.extra_claims = {"azp": "motcua"}

    assert sign_in(client).status_code == 302


def test_id_token_of_another_issuer_is_refused(client, provider) -> None:
    provider.extra_claims = {"iss": "https://gia-mao.example"}

    refused(sign_in(client), 400, "(trường iss)", client)


def test_nonce_of_another_attempt_is_refused(client, provider) -> None:
    start = client.get(reverse("accounts:oidc_start"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    edit_state(client, state, nonce="khac")
    back = requests.get(start["Location"], allow_redirects=False, timeout=5).headers["Location"]

    refused(client.get(back), 400, "(trường nonce)", client)


def test_expired_id_token_is_refused(client, provider) -> None:
    provider.id_token_lifetime = -120  # expired beyond the 60 s leeway

    refused(sign_in(client), 400, "Thẻ định danh đã hết hạn", client)


def test_replayed_callback_and_code_are_refused(client, provider) -> None:
    location = go_to_provider(client)
    assert client.get(location).status_code == 302
    client.logout()

    # the same callback again: its state was used up
    refused(client.get(location), 400, "Phiên đăng nhập không hợp lệ", client)
    # the old code under a fresh state of this session: the provider refuses it
    start = client.get(reverse("accounts:oidc_start"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    code = parse_qs(urlsplit(location).query)["code"][0]
    replay = client.get(f"{CALLBACK}?{urlencode({'code': code, 'state': state})}")
    refused(replay, 400, "từ chối yêu cầu đăng nhập (invalid_grant)", client)
    assert User.objects.count() == 1


def test_pkce_verifier_mismatch_is_refused_by_the_provider(client, provider) -> None:
    start = client.get(reverse("accounts:oidc_start"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    edit_state(client, state, code_verifier="x" * 64)
    back = requests.get(start["Location"], allow_redirects=False, timeout=5).headers["Location"]

    refused(client.get(back), 400, "(invalid_grant)", client)
    assert not User.objects.exists()


def test_official_is_refused(client, provider) -> None:
    official = user_create_official(username="canbo", full_name="Cán bộ", password="Mk-123456x!")
    User.objects.filter(pk=official.pk).update(cccd=CCCD)

    refused(sign_in(client), 403, "Tài khoản cán bộ, công chức không đăng nhập bằng VNeID", client)
    assert User.objects.count() == 1
    assert not AuditEvent.objects.filter(kind__startswith="account.oidc").exists()


def test_inactive_citizen_is_refused(client, provider) -> None:
    citizen = user_create_citizen(username="an", full_name="An", cccd=CCCD)
    User.objects.filter(pk=citizen.pk).update(is_active=False)

    refused(sign_in(client), 403, "Tài khoản này đã bị khóa", client)


@pytest.mark.parametrize(
    ("claims", "text"),
    [
        ({}, "Thiếu số định danh cá nhân"),
        ({"citizen_id": "12345"}, "phải gồm đúng 12 chữ số"),
        ({"citizen_id": 79203001234}, "Thiếu số định danh cá nhân"),
    ],
)
def test_missing_or_invalid_cccd_is_refused(client, provider, claims, text) -> None:
    provider.user = PresetUser(claims=claims)

    refused(sign_in(client), 400, text, client)
    assert not User.objects.exists()


def test_cccd_claim_name_is_configuration(client, provider, settings) -> None:
    settings.MOTCUA["OIDC"]["CCCD_CLAIM"] = "so_dinh_danh"
    provider.user = PresetUser(claims={"so_dinh_danh": CCCD})

    assert sign_in(client).status_code == 302
    assert signed_in_user(client).cccd == CCCD  # type: ignore[union-attr]


def test_provider_error_is_shown(client, provider) -> None:
    provider.deny = True

    refused(sign_in(client), 400, "(access_denied)", client)


def test_provider_down_at_start(client, provider) -> None:
    provider.stop()

    refused(client.get(reverse("accounts:oidc_start")), 502, "Không kết nối được", client)


def test_provider_down_at_token_exchange(client, provider) -> None:
    location = go_to_provider(client)
    provider.stop()

    refused(client.get(location), 400, "Không kết nối được", client)


def test_issuer_in_discovery_must_match(client, provider, settings) -> None:
    settings.MOTCUA["OIDC"]["ISSUER"] = provider.issuer + "/"

    refused(client.get(reverse("accounts:oidc_start")), 502, "không khớp (issuer)", client)


def test_pages_are_absent_when_switched_off(client, settings, db) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "OIDC": {**settings.MOTCUA["OIDC"], "ISSUER": ""}}

    assert client.get(reverse("accounts:oidc_start")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404


def test_button_shows_only_when_switched_on(settings) -> None:
    from django.template.loader import render_to_string

    oidc_settings = {**settings.MOTCUA["OIDC"], "ISSUER": ""}
    settings.MOTCUA = {**settings.MOTCUA, "OIDC": oidc_settings}
    assert "oidc-button" not in render_to_string("accounts/_oidc_button.html", {})

    oidc_settings["ISSUER"] = "https://sso.example.gov.vn"
    html = render_to_string("accounts/_oidc_button.html", {"next": "/ho-so/?a=1"})
    assert 'href="/dang-nhap/vneid/?next=/ho-so/%3Fa%3D1"' in html
    assert "Đăng nhập bằng VNeID" in html

    oidc_settings["LABEL"] = "Đăng nhập qua Cổng DVC quốc gia"
    assert "Đăng nhập qua Cổng DVC quốc gia" in render_to_string("accounts/_oidc_button.html", {})


def test_error_page_offers_a_retry_and_the_password_sign_in(client, provider) -> None:
    provider.deny = True
    body = sign_in(client).content.decode()

    assert f'href="{reverse("accounts:oidc_start")}"' in body
    assert f'href="{reverse("accounts:login")}"' in body
    assert "css/oidc.css" in body
    assert 'role="alert"' in body


def test_openid_scope_is_always_requested(client, provider, settings) -> None:
    settings.MOTCUA["OIDC"]["SCOPES"] = "profile"

    start = client.get(reverse("accounts:oidc_start"))
    assert parse_qs(urlsplit(start["Location"]).query)["scope"] == ["openid profile"]


def test_token_answer_without_id_token_is_refused(client, provider) -> None:
    provider.issue_id_token = False

    refused(sign_in(client), 400, "không trả về thẻ định danh", client)


def test_discovery_without_an_endpoint_is_refused(client, provider) -> None:
    provider.metadata_changes = {"authorization_endpoint": None}

    refused(client.get(reverse("accounts:oidc_start")), 502, "không đầy đủ", client)


def test_cccd_from_the_userinfo_endpoint_when_not_in_the_id_token(client, provider) -> None:
    provider.user = PresetUser(claims={}, userinfo_claims={"citizen_id": CCCD})

    assert sign_in(client).status_code == 302
    assert signed_in_user(client).cccd == CCCD  # type: ignore[union-attr]
    assert provider.requests.count("/userinfo") == 1


def test_userinfo_of_another_subject_is_refused(client, provider) -> None:
    provider.user = PresetUser(claims={}, userinfo_claims={"citizen_id": CCCD})
    provider.userinfo_sub = "nguoi-khac"

    refused(sign_in(client), 400, "không khớp với thẻ định danh", client)
    assert not User.objects.exists()
