"""Authlib's server side for the test OpenID Connect provider (`motcua.testing.oidc_provider`):
the models Authlib asks for (client, authorization code), the request wrapping a framework
integration would bring, PKCE made compulsory, and the grant with its ID-token extension."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from authlib.common.security import generate_token
from authlib.oauth2.rfc6749 import AuthorizationServer, OAuth2Payload, OAuth2Request
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import RSAKey
from werkzeug.wrappers import Request, Response

if TYPE_CHECKING:
    from motcua.testing.oidc_provider import OIDCProvider, PresetUser


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
class Code:
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


def json_response(status: int, body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def build_server(provider: OIDCProvider) -> AuthorizationServer:
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
            provider.codes[code] = item = Code(
                code=code,
                client_id=request.client.client_id,
                redirect_uri=request.payload.redirect_uri,
                scope=request.payload.scope,
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                auth_time=int(time.time()),
            )
            provider.issued.append(item)

        def query_authorization_code(self, code: str, client: RegisteredClient) -> Code | None:
            item = provider.codes.get(code)
            return item if item is not None and item.client_id == client.client_id else None

        def delete_authorization_code(self, authorization_code: Code) -> None:
            provider.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: Code) -> PresetUser:
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
