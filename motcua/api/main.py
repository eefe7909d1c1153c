"""The django-ninja API under /api/v1/. Routers live in each app's api.py."""

from __future__ import annotations

from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
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

api = NinjaAPI(
    title="Một Cửa API",
    version="1",
    description=(
        "API của nền tảng một cửa điện tử. Mọi lỗi có dạng "
        '`{"error": {"code": "...", "message": "...", "details": ...}}`.'
    ),
    urls_namespace="api-v1",
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
    from motcua.catalog.api import router as catalog_router

    api.add_router("/", catalog_router)
    try:
        from motcua.dossiers.api import router as dossiers_router
    except ImportError:  # the dossier API arrives with the lifecycle issue
        return
    api.add_router("/", dossiers_router)


_register_routers()
