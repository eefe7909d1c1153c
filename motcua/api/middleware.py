"""Keeps every /api/ response in the one error shape `{"error": {"code", "message", "details"}}`
(404/405 from URL resolution, 413 for a body over `DATA_UPLOAD_MAX_MEMORY_SIZE`, 500 for any
exception that escapes a view), and refuses NUL characters (PostgreSQL's text and jsonb cannot
store U+0000) as bad input before any view touches the database."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from urllib.parse import unquote

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
PAYLOAD_TOO_LARGE = (
    "payload_too_large",
    "Nội dung gửi lên quá lớn so với giới hạn cho phép.",
)
MALFORMED_MULTIPART = (
    "malformed_request",
    "Nội dung multipart/form-data không hợp lệ (thiếu hoặc sai boundary).",
)
SERVER_ERROR = (
    "server_error",
    "Lỗi hệ thống. Yêu cầu chưa được thực hiện; vui lòng thử lại sau.",
)
_FORM_TYPES = ("multipart/form-data",)
# Django answers these itself (404, 403, 400); `_shape` then puts the answer in the error shape.
DJANGO_HANDLED = (Http404, PermissionDenied, BadRequest, SuspiciousOperation)
_request_logger = logging.getLogger("django.request")


def _error(status: int, code: str, message: str, details: object = None) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, "details": details}}, status=status
    )


def log_server_error(request: HttpRequest, exc: BaseException) -> None:
    """Log like Django's handler does for an unhandled exception (traceback included)."""
    _request_logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": request},
    )


def _body_has_nul(request: HttpRequest) -> bool:
    """A NUL in any body that is not multipart (JSON, text/plain, no Content-Type: ninja
    parses them all as JSON): raw, JSON-escaped or percent-encoded. Multipart fields are typed
    (numbers, choices) and file names are sanitised. A JSON-escaped `\\u0000` in a string is
    refused too (a rare false positive on a literal backslash-u text is acceptable)."""
    if request.content_type in _FORM_TYPES:
        return False
    body = request.body
    if b"\x00" in body or b"\\u0000" in body:
        return True
    return request.content_type == "application/x-www-form-urlencoded" and b"%00" in body


def _has_nul(request: HttpRequest) -> str | None:
    """'path', 'query' or 'body' when the request carries a NUL there (decoded), else None."""
    if "\x00" in unquote(request.path):
        return "path"
    if "\x00" in unquote(request.META.get("QUERY_STRING", "")):
        return "query"
    if _body_has_nul(request):
        return "body"
    return None


class ApiErrorShapeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            where = _has_nul(request)
        except RequestDataTooBig:
            return _error(413, *PAYLOAD_TOO_LARGE)
        if where == "path":
            return _error(404, "not_found", "Không tìm thấy.")
        if where in ("query", "body"):
            return _error(422, "validation_error", "Dữ liệu gửi lên chứa ký tự NUL không hợp lệ.")
        return self._shape(self.get_response(request))

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """An exception that escaped the API's own handlers (raised in a later middleware, or
        outside ninja): the error shape, logged, no traceback to the caller."""
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return _error(413, *PAYLOAD_TOO_LARGE)
        if isinstance(exception, DJANGO_HANDLED):
            return None
        log_server_error(request, exception)
        return _error(500, *SERVER_ERROR)

    @staticmethod
    def _shape(response: HttpResponse) -> HttpResponse:
        if response.status_code not in (400, 403, 404, 405, 413, 500):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            try:
                json.loads(response.content)
                return response
            except ValueError:
                pass
        return _SHAPES.get(response.status_code, _plain)(response)


def _plain(response: HttpResponse) -> HttpResponse:
    if response.status_code == 400:
        return _error(400, "bad_request", "Yêu cầu không hợp lệ.")
    if response.status_code == 403:
        return _error(403, "forbidden", "Bạn không có quyền thực hiện thao tác này.")
    if response.status_code == 413:
        return _error(413, *PAYLOAD_TOO_LARGE)
    return _error(500, *SERVER_ERROR)


def _not_found(response: HttpResponse) -> HttpResponse:
    return _error(404, "not_found", "Không tìm thấy đường dẫn API này.")


def _not_allowed(response: HttpResponse) -> HttpResponse:
    shaped = _error(405, "method_not_allowed", "Phương thức HTTP không được hỗ trợ ở đây.")
    if response.has_header("Allow"):
        shaped["Allow"] = response["Allow"]
    return shaped


_SHAPES: dict[int, Callable[[HttpResponse], HttpResponse]] = {
    404: _not_found,
    405: _not_allowed,
}
