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

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from authlib.common.security import generate_token
from authlib.oauth2.rfc6749 import AuthorizationServer, OAuth2Payload, OAuth2Request
from authlib.oauth2.rfc6749.errors import InvalidRequestError, OAuth2Error
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import RSAKey
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response


@dataclass
class PresetUser:
    sub: str = "vneid-0001"
    name: str = "Nguyễn Văn An"
    claims: dict[str, Any] = field(default_factory=lambda: {"citizen_id": "079203001234"})
    userinfo_claims: dict[str, Any] = field(default_factory=dict)  # only at /userinfo


@dataclass
class RegisteredClient:
    """The one registered relying party (Authlib's ClientMixin)."""

    client_id: str
    client_secret: str
    redirect_uri: str

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in scope.split() if s in {"openid", "profile"})

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret: str) -> bool:
        return client_secret == self.client_secret

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in {"client_secret_basic", "client_secret_post"}

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class _Code:
    """An issued authorization code (Authlib's AuthorizationCodeMixin)."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> None:
        return None


class _Payload(OAuth2Payload):
    def __init__(self, request: Request) -> None:
        self._request = request

    @property
    def data(self) -> dict[str, str]:
        return {**self._request.args.to_dict(), **self._request.form.to_dict()}

    @property
    def datalist(self) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        for source in (self._request.args, self._request.form):
            for key in source:
                values.setdefault(key, []).extend(source.getlist(key))
        return values


class _Request(OAuth2Request):
    def __init__(self, request: Request) -> None:
        super().__init__(request.method, request.url, headers=request.headers)
        self._request = request
        self.payload = _Payload(request)

    @property
    def args(self) -> Any:
        return self._request.args

    @property
    def form(self) -> Any:
        return self._request.form


class _StrictChallenge(CodeChallenge):
    """PKCE required of every client, confidential ones included, and S256 only."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE with S256 is required")
        super().validate_code_challenge(grant, redirect_uri)


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
        self.codes: dict[str, _Code] = {}
        self.tokens: list[dict[str, Any]] = []
        self.requests: list[str] = []
        self._keys = [self._new_key("k1")]
        self._stranger = self._new_key("k1")
        self._server: BaseWSGIServer | None = None
        self._oauth = _build_server(self)

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
            return _json(200, self.metadata())
        if request.path == "/jwks":
            return _json(200, self.jwks())
        if request.path == "/authorize":
            return self._authorize(request)
        if request.path == "/token" and request.method == "POST":
            return self._oauth.create_token_response(request)
        if request.path == "/userinfo":
            return self._userinfo(request)
        return _json(404, {"error": "not_found"})

    def _authorize(self, request: Request) -> Response:
        try:
            grant = self._oauth.get_consent_grant(request, end_user=self.user)
        except OAuth2Error as error:
            if error.redirect_uri:  # client and redirect URI are good: tell the client
                return self._oauth.handle_error_response(request, error)
            # an unknown client or redirect URI is never redirected to (RFC 6749 §4.1.2.1)
            return _json(400, {"error": error.error, "error_description": error.description})
        user = None if self.deny else self.user
        return self._oauth.create_authorization_response(request, grant_user=user, grant=grant)

    def _userinfo(self, request: Request) -> Response:
        """The UserInfo endpoint: the preset user's claims for a bearer of an issued token."""
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not any(t["access_token"] == value for t in self.tokens):
            return _json(401, {"error": "invalid_token"})
        user = self.user
        claims = {"name": user.name, **user.claims, **user.userinfo_claims}
        return _json(200, {"sub": self.userinfo_sub or user.sub, **claims})

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


def _json(status: int, body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def _build_server(provider: OIDCProvider) -> AuthorizationServer:
    """Authlib's AuthorizationServer with the glue a framework integration would bring."""

    class Server(AuthorizationServer):
        def query_client(self, client_id: str) -> RegisteredClient | None:
            return provider.client if client_id == provider.client.client_id else None

        def save_token(self, token: dict[str, Any], request: Any) -> None:
            provider.tokens.append(token)

        def create_oauth2_request(self, request: Any) -> OAuth2Request:
            return request if isinstance(request, OAuth2Request) else _Request(request)

        def create_json_request(self, request: Any) -> Any:
            raise NotImplementedError

        def handle_response(self, status: int, body: Any, headers: Any) -> Response:
            text = json.dumps(body) if isinstance(body, dict) else (body or "")
            return Response(text, status=status, headers=headers)

        def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
            pass

    class CodeGrant(AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

        def save_authorization_code(self, code: str, request: Any) -> None:
            data = request.payload.data
            provider.codes[code] = _Code(
                code=code,
                client_id=request.client.client_id,
                redirect_uri=request.payload.redirect_uri,
                scope=request.payload.scope,
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                auth_time=int(time.time()),
            )

        def query_authorization_code(self, code: str, client: RegisteredClient) -> _Code | None:
            item = provider.codes.get(code)
            return item if item is not None and item.client_id == client.client_id else None

        def delete_authorization_code(self, authorization_code: _Code) -> None:
            provider.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: _Code) -> PresetUser:
            return provider.user

    class IDTokens(OpenIDCode):
        def process_token(self, grant: Any, response: Any) -> Any:
            if not provider.issue_id_token:
                return response[1]
            return super().process_token(grant, response)

        def exists_nonce(self, nonce: str, request: Any) -> bool:
            return any(c.nonce == nonce for c in provider.codes.values())

        def resolve_client_private_key(self, client: RegisteredClient) -> RSAKey:
            return provider.signing_key

        def get_client_algorithm(self, client: RegisteredClient) -> str:
            return "RS256"

        def get_encode_header(self, client: RegisteredClient) -> dict[str, str]:
            return {"alg": "RS256", "kid": str(provider.signing_key.kid)}

        def get_client_claims(self, client: RegisteredClient) -> dict[str, Any]:
            now = int(time.time())
            audience = provider.audience or [client.client_id]
            return {"iss": provider.issuer, "aud": audience, "iat": now,
                    "exp": now + provider.id_token_lifetime, **provider.extra_claims}  # fmt: skip

        def generate_user_info(self, user: PresetUser, scope: str) -> UserInfo:
            return UserInfo(sub=user.sub, name=user.name, **user.claims)

    server = Server(scopes_supported=["openid", "profile"])
    server.register_token_generator(
        "default", BearerTokenGenerator(lambda *args, **kwargs: generate_token(42))
    )
    server.register_grant(
        CodeGrant, [_StrictChallenge(required=True), IDTokens(require_nonce=True)]
    )
    return server
