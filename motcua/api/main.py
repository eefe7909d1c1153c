"""The django-ninja API under /api/v1/. Routers live in each app's api.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

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


def _register_routers() -> None:
    """Mount every app's router. Imported here, after the handlers above, and never guarded:
    a router that fails to import must stop the server, not silently remove its endpoints."""
    from motcua.catalog.api import router as catalog_router
    from motcua.dossiers.api import router as dossiers_router
    from motcua.dossiers.api_actions import router as actions_router

    api.add_router("/", catalog_router)
    api.add_router("/", dossiers_router)
    api.add_router("/", actions_router)


_register_routers()
