"""The test provider really checks what an identity provider must: client, redirect URI, PKCE."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from motcua.testing.oidc_provider import OIDCProvider

CALLBACK = "http://testserver/cb"
VERIFIER = "v" * 50


@pytest.fixture
def idp() -> Iterator[OIDCProvider]:
    with OIDCProvider(client_id="c1", client_secret="s1", redirect_uri=CALLBACK) as provider:
        yield provider


def challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize(idp: OIDCProvider, **overrides: str) -> requests.Response:
    params = {
        "response_type": "code",
        "client_id": "c1",
        "redirect_uri": CALLBACK,
        "scope": "openid profile",
        "state": "s",
        "nonce": "n",
        "code_challenge": challenge(VERIFIER),
        "code_challenge_method": "S256",
        **overrides,
    }
    params = {k: v for k, v in params.items() if v}
    return requests.get(f"{idp.issuer}/authorize?{urlencode(params)}", allow_redirects=False)


def redirect_params(response: requests.Response) -> dict[str, list[str]]:
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(CALLBACK)
    return parse_qs(urlsplit(location).query)


def token(idp: OIDCProvider, code: str, secret: str = "s1", verifier: str = VERIFIER) -> dict:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
    data["code_verifier"] = verifier
    response = requests.post(f"{idp.issuer}/token", data=data, auth=("c1", secret), timeout=5)
    return {"status": response.status_code, **response.json()}


def test_discovery_and_jwks(idp) -> None:
    metadata = requests.get(f"{idp.issuer}/.well-known/openid-configuration", timeout=5).json()
    assert metadata["issuer"] == idp.issuer
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    keys = requests.get(metadata["jwks_uri"], timeout=5).json()["keys"]
    assert [(k["kty"], k["kid"]) for k in keys] == [("RSA", "k1")]
    assert "d" not in keys[0]  # never the private part
    assert requests.get(f"{idp.issuer}/nothing", timeout=5).status_code == 404


def test_code_flow_issues_an_id_token_once(idp) -> None:
    code = redirect_params(authorize(idp))["code"][0]

    first = token(idp, code)
    assert first["status"] == 200
    assert first["id_token"].count(".") == 2
    assert token(idp, code)["error"] == "invalid_grant"


@pytest.mark.parametrize(
    "overrides",
    [{"client_id": "khac"}, {"redirect_uri": "http://evil.example/cb"}],
)
def test_unknown_client_or_redirect_uri_is_not_redirected(idp, overrides) -> None:
    response = authorize(idp, **overrides)

    assert response.status_code == 400
    assert "Location" not in response.headers


@pytest.mark.parametrize(
    "overrides",
    [{"code_challenge": "", "code_challenge_method": ""}, {"code_challenge_method": "plain"}],
)
def test_pkce_with_s256_is_required(idp, overrides) -> None:
    assert redirect_params(authorize(idp, **overrides))["error"] == ["invalid_request"]


def test_token_endpoint_checks_secret_and_verifier(idp) -> None:
    code = redirect_params(authorize(idp))["code"][0]

    assert token(idp, code, secret="sai")["error"] == "invalid_client"
    assert token(idp, code, verifier="w" * 50)["error"] == "invalid_grant"


def test_userinfo_needs_an_issued_access_token(idp) -> None:
    code = redirect_params(authorize(idp))["code"][0]
    access = token(idp, code)["access_token"]

    def userinfo(value: str) -> requests.Response:
        headers = {"Authorization": f"Bearer {value}"}
        return requests.get(f"{idp.issuer}/userinfo", headers=headers, timeout=5)

    assert userinfo(access).json() == {
        "sub": "vneid-0001",
        "name": "Nguyễn Văn An",
        "citizen_id": "079203001234",
    }
    assert userinfo("gia-mao").status_code == 401
