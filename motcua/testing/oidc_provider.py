"""A real OpenID Connect provider for tests (a stand-in for VNeID), built on Authlib's server side.

It is not a mock: the authorization and token endpoints are Authlib's `AuthorizationCodeGrant`
with the `OpenIDCode` extension and PKCE, behind a few lines of WSGI glue (no Flask or Django
integration), served by werkzeug in a thread on 127.0.0.1 and a free port. Per run it generates
an RSA key, publishes discovery (`/.well-known/openid-configuration`) and the JWKS, signs RS256
ID tokens, and answers the UserInfo endpoint for a bearer of a token it issued.

What it really checks: the client id and secret (client_secret_basic or _post), the redirect URI
(exact match with the one registered), `response_type=code`, a PKCE challenge with S256 on every
authorization request (`CodeChallenge(required=True)` alone lets a confidential client skip
PKCE, so this provider also refuses a request without a challenge), the code verifier at the token
endpoint, and one use per authorization code. The authorize endpoint approves the preset `user`
without a login page (it is a test IdP).

Knobs a test may turn between requests: `user`, `deny` (answer `access_denied`), `audience`
(the ID token's `aud` list), `extra_claims` (added to the ID token), `id_token_lifetime`
(seconds; negative = already expired), `sign_with_stranger` (sign with a key not in the JWKS,
same `kid`), `rotate_key()`, `issue_id_token` (False: a plain OAuth token answer),
`metadata_changes` (None removes a key), `userinfo_sub` (another `sub` at the UserInfo endpoint).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from authlib.oauth2.rfc6749.errors import OAuth2Error
from joserfc.jwk import RSAKey
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from motcua.testing.oidc_authlib import Code, RegisteredClient, build_server, json_response


@dataclass
class PresetUser:
    sub: str = "vneid-0001"
    name: str = "Nguyễn Văn An"
    claims: dict[str, Any] = field(default_factory=lambda: {"citizen_id": "079203001234"})
    userinfo_claims: dict[str, Any] = field(default_factory=dict)  # only at /userinfo


class OIDCProvider:
    """Start with `start()` (or as a context manager); `issuer` is its base URL."""

    def __init__(self, *, client_id: str, client_secret: str, redirect_uri: str) -> None:
        self.client = RegisteredClient(client_id, client_secret, redirect_uri)
        self.user = PresetUser()
        self.deny = False
        self.audience: list[str] | None = None
        self.extra_claims: dict[str, Any] = {}
        self.id_token_lifetime = 300
        self.sign_with_stranger = False
        self.issue_id_token = True
        self.userinfo_sub: str | None = None
        self.metadata_changes: dict[str, Any] = {}
        self.codes: dict[str, Code] = {}  # live codes (a used one is removed)
        self.issued: list[Code] = []  # every code issued, for tests to inspect
        self.tokens: list[dict[str, Any]] = []
        self.requests: list[str] = []
        self._keys = [self._new_key("k1")]
        self._stranger = self._new_key("k1")
        self._server: BaseWSGIServer | None = None
        self._oauth = build_server(self)

    @staticmethod
    def _new_key(kid: str) -> RSAKey:
        return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})

    @property
    def signing_key(self) -> RSAKey:
        return self._stranger if self.sign_with_stranger else self._keys[-1]

    def rotate_key(self) -> None:
        """Publish a new key (new `kid`) and sign with it; the old one stays in the JWKS."""
        self._keys.append(self._new_key(f"k{len(self._keys) + 1}"))

    @property
    def issuer(self) -> str:
        assert self._server is not None, "start the provider first"
        return f"http://127.0.0.1:{self._server.server_port}"

    def metadata(self) -> dict[str, Any]:
        document = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile"],
        }
        document.update(self.metadata_changes)
        return {key: value for key, value in document.items() if value is not None}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.as_dict(private=False) for key in self._keys]}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        self.requests.append(request.path)
        return self._dispatch(request)(environ, start_response)

    def _dispatch(self, request: Request) -> Response:
        if request.path == "/.well-known/openid-configuration":
            return json_response(200, self.metadata())
        if request.path == "/jwks":
            return json_response(200, self.jwks())
        if request.path == "/authorize":
            return self._authorize(request)
        if request.path == "/token" and request.method == "POST":
            return self._oauth.create_token_response(request)
        if request.path == "/userinfo":
            return self._userinfo(request)
        return json_response(404, {"error": "not_found"})

    def _authorize(self, request: Request) -> Response:
        try:
            grant = self._oauth.get_consent_grant(request, end_user=self.user)
        except OAuth2Error as error:
            if error.redirect_uri:  # client and redirect URI are good: tell the client
                return self._oauth.handle_error_response(request, error)
            # an unknown client or redirect URI is never redirected to (RFC 6749 §4.1.2.1)
            return json_response(
                400, {"error": error.error, "error_description": error.description}
            )
        user = None if self.deny else self.user
        return self._oauth.create_authorization_response(request, grant_user=user, grant=grant)

    def _userinfo(self, request: Request) -> Response:
        """The UserInfo endpoint: the preset user's claims for a bearer of an issued token."""
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not any(t["access_token"] == value for t in self.tokens):
            return json_response(401, {"error": "invalid_token"})
        user = self.user
        claims = {"name": user.name, **user.claims, **user.userinfo_claims}
        return json_response(200, {"sub": self.userinfo_sub or user.sub, **claims})

    def start(self) -> OIDCProvider:
        self._server = make_server("127.0.0.1", 0, self, threaded=True, request_handler=_Quiet)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> OIDCProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass
