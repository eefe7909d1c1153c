"""The django-ninja API under /api/v1/. Routers live in each app's api.py."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from motcua.api.middleware import (
    DJANGO_HANDLED,
    MALFORMED_MULTIPART,
    PAYLOAD_TOO_LARGE,
    SERVER_ERROR,
    log_server_error,
)
from motcua.core.errors import DomainError


class LocalSwagger(Swagger):
    """Swagger UI served from the project: the files come from django-ninja's static folder
    (`ninja` is in INSTALLED_APPS), so the page works offline and under the Content-Security-
    Policy (no CDN, no inline script). The page hands Swagger the CSRF token, so a signed-in
    session can try the unsafe operations, which check it (`api.auth.session_auth`)."""

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": True,
        }
        return render(request, self.template, context)


api = NinjaAPI(
    title="Một Cửa API",
    version="1",
    description=(
        "API của nền tảng một cửa điện tử. Mọi lỗi có dạng "
        '`{"error": {"code": "...", "message": "...", "details": ...}}`.'
    ),
    urls_namespace="api-v1",
    docs=LocalSwagger(),
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, details: object = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "details": details}}, status=status
    )


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(ValidationError)
def _django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return error_response(request, 422, "validation_error", "; ".join(exc.messages), details)


@api.exception_handler(NinjaValidationError)
def _ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error_response(
        request, 422, "validation_error", "Dữ liệu gửi lên không hợp lệ.", exc.errors
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", "Cần đăng nhập hoặc mã truy cập hợp lệ.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return error_response(
            request,
            422,
            "validation_error",
            "Nội dung gửi lên không phải JSON hợp lệ.",
            [{"type": "json_invalid", "loc": ["body"], "msg": str(exc)}],
        )
    return error_response(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(request, 413, PAYLOAD_TOO_LARGE[0], PAYLOAD_TOO_LARGE[1])


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return error_response(request, 400, MALFORMED_MULTIPART[0], MALFORMED_MULTIPART[1])


@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def _too_many_parts(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return error_response(
        request, 400, "malformed_request", "Yêu cầu có quá nhiều trường hoặc tệp (multipart)."
    )


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Any other failure: logged with its traceback like Django's own 500s (`django.request`,
    so the configured handlers and admins get it); the caller sees the error shape only, in
    every mode (ninja's default would send the traceback as text when DEBUG is on). Django's
    own 400/403/404 exceptions go on to Django, and the middleware shapes its answer."""
    if isinstance(exc, DJANGO_HANDLED):
        raise exc
    log_server_error(request, exc)
    return error_response(request, 500, SERVER_ERROR[0], SERVER_ERROR[1])


def _register_routers() -> None:
    """Mount every app's router. Imported here, after the handlers above, and never guarded:
    a router that fails to import must stop the server, not silently remove its endpoints."""
    from motcua.catalog.api import router as catalog_router
    from motcua.dossiers.api import router as dossiers_router
    from motcua.dossiers.api_actions import router as actions_router

    api.add_router("/", catalog_router)
    api.add_router("/", dossiers_router)
    from motcua.dossiers.api_files import router as files_router

    api.add_router("/", files_router)
    api.add_router("/", actions_router)
    from motcua.national_portal.api import router as national_portal_router

    api.add_router("/", national_portal_router)
    from motcua.docstore.api import router as docstore_router
    from motcua.notifications.api import router as notifications_router
    from motcua.payments.api import router as payments_router
    from motcua.signing.api import router as signing_router

    api.add_router("/", payments_router)
    api.add_router("/", signing_router)
    api.add_router("/", docstore_router)
    api.add_router("/", notifications_router)
    from motcua.consultation.api import router as consultation_router
    from motcua.feedback.api import router as feedback_router
    from motcua.ratings.api import router as ratings_router

    api.add_router("/", ratings_router)
    api.add_router("/", feedback_router)
    api.add_router("/", consultation_router)


_register_routers()
