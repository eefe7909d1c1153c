"""The OpenID Connect client for citizens' sign-in (VNeID, the national portal), through Authlib.

Contract (docs/oidc.md):
1. Discovery: `<issuer>/.well-known/openid-configuration`, fetched once per process and settings
   (the Authlib client is cached, and so is the metadata it loads); the document's `issuer` must
   equal the configured one (OpenID Connect Discovery 1.0 §4.3).
2. `start`: the authorization-code flow with PKCE (S256). A random `state`, `nonce` and code
   verifier are kept in the session (Authlib's state data, one entry per attempt, 1 hour).
3. `finish`: the callback's `state` must name an attempt of this session (the entry is removed
   on first use, so a replayed callback fails); a provider's `error` is refused; the code is
   exchanged at the token endpoint with the client secret (HTTP Basic) and the code verifier.
4. The ID token's signature is verified against the issuer's JWKS, fetched again once when the
   token names an unknown `kid` (key rotation); only the algorithms the provider announces are
   accepted. Checked claims: `iss` = the issuer, `aud` contains the client id (and `azp` when
   several audiences), `exp` in the future (60 s leeway), `nonce` = this attempt's, `iat`, `sub`.
   When the ID token lacks the ID-number claim and the provider has a UserInfo endpoint, its
   answer (fetched with the access token, same `sub` required) supplies the missing claims.
5. Anything else wrong (provider unreachable, bad JSON) is an `OIDCError` with a Vietnamese
   message and a stable code; the views show it and nobody is signed in.
Matching the person to an account is `accounts.services.oidc.user_sign_in_oidc`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError

TIMEOUT_SECONDS = 10
LEEWAY_SECONDS = 60


class OIDCError(Exception):
    """A sign-in through the identity provider failed; `message` is for the citizen."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Identity:
    """What a verified ID token says: who issued it, the subject, and all its claims."""

    issuer: str
    subject: str
    claims: dict[str, Any]

    @property
    def cccd(self) -> object:
        return self.claims.get(config()["CCCD_CLAIM"])

    @property
    def full_name(self) -> object:
        return self.claims.get(config()["NAME_CLAIM"])


def config() -> dict[str, str]:
    return settings.MOTCUA["OIDC"]


def enabled() -> bool:
    return bool(config()["ISSUER"])


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


@lru_cache(maxsize=8)
def _client(issuer: str, client_id: str, client_secret: str, scopes: str) -> DjangoOAuth2App:
    if "openid" not in scopes.split():
        scopes = f"openid {scopes}"
    return DjangoOAuth2App(
        DjangoIntegration("oidc"),
        name="oidc",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=discovery_url(issuer),
        client_kwargs={
            "scope": scopes,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_basic",
            "default_timeout": TIMEOUT_SECONDS,
        },
    )


def client() -> DjangoOAuth2App:
    c = config()
    return _client(c["ISSUER"], c["CLIENT_ID"], c["CLIENT_SECRET"], c["SCOPES"])


def _metadata(app: DjangoOAuth2App) -> dict[str, Any]:
    metadata: dict[str, Any] = app.load_server_metadata()
    if metadata.get("issuer") != config()["ISSUER"]:
        raise OIDCError(
            _(
                "Cấu hình nhà cung cấp định danh không khớp (issuer). "
                "Vui lòng báo quản trị hệ thống."
            ),
            code="oidc_issuer_mismatch",
        )
    return metadata


def start(request: HttpRequest, redirect_uri: str) -> HttpResponse:
    """Redirect the browser to the provider's authorization endpoint. Errors: OIDCError."""
    with _translated():
        app = client()
        _metadata(app)
        response: HttpResponse = app.authorize_redirect(request, redirect_uri)
        return response


def finish(request: HttpRequest) -> Identity:
    """Complete the flow from the callback request; return the verified identity."""
    issuer = config()["ISSUER"]
    with _translated():
        app = client()
        metadata = _metadata(app)
        options = {
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": config()["CLIENT_ID"]},
            "exp": {"essential": True},
            "nonce": {"essential": True},
        }
        token = app.authorize_access_token(request, claims_options=options, leeway=LEEWAY_SECONDS)
        claims = token.get("userinfo")
        if not claims or not claims.get("sub"):
            raise OIDCError(
                _("Nhà cung cấp định danh không trả về thẻ định danh."), code="oidc_no_id_token"
            )
        claims = dict(claims)
        if config()["CCCD_CLAIM"] not in claims and metadata.get("userinfo_endpoint"):
            claims = _with_userinfo(app, token, claims)
    return Identity(issuer=issuer, subject=str(claims["sub"]), claims=claims)


def _with_userinfo(
    app: DjangoOAuth2App, token: dict[str, Any], claims: dict[str, Any]
) -> dict[str, Any]:
    """Claims from the UserInfo endpoint (called with the access token) under the ID token's;
    its `sub` must be the ID token's (OpenID Connect Core 1.0 §5.3.2)."""
    extra = dict(app.userinfo(token=token))
    if extra.get("sub") != claims["sub"]:
        raise OIDCError(
            _("Thông tin người dùng không khớp với thẻ định danh."), code="oidc_userinfo_subject"
        )
    return {**extra, **claims}


class _translated:
    """Turn the errors of Authlib, joserfc and requests into `OIDCError`s."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if isinstance(exc, _HANDLED):
            raise _translate(exc) from exc


# RuntimeError: Authlib's answer to a discovery document without a needed endpoint.
_HANDLED = (OAuthError, JoseError, requests.RequestException, RuntimeError)


def _translate(exc: BaseException) -> OIDCError:
    if isinstance(exc, MismatchingStateError):
        return OIDCError(
            _("Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại."),
            code="oidc_state",
        )
    if isinstance(exc, OAuthError):
        return OIDCError(
            _("Nhà cung cấp định danh từ chối yêu cầu đăng nhập (%(error)s).")
            % {"error": str(exc.error or "?")[:64]},
            code="oidc_provider_error",
        )
    if isinstance(exc, ExpiredTokenError):
        return OIDCError(
            _("Thẻ định danh đã hết hạn. Vui lòng đăng nhập lại."), code="oidc_expired"
        )
    if isinstance(exc, ClaimError):
        return OIDCError(
            _("Thẻ định danh không dành cho hệ thống này (trường %(claim)s).")
            % {"claim": exc.claim},
            code="oidc_claims",
        )
    if isinstance(exc, JoseError):
        return OIDCError(_("Chữ ký của thẻ định danh không hợp lệ."), code="oidc_bad_signature")
    if isinstance(exc, RuntimeError):
        return OIDCError(
            _("Cấu hình của nhà cung cấp định danh không đầy đủ. Vui lòng báo quản trị hệ thống."),
            code="oidc_provider_config",
        )
    return OIDCError(
        _("Không kết nối được với nhà cung cấp định danh. Vui lòng thử lại sau."),
        code="oidc_unreachable",
    )
