"""Keeps every /api/ response in the one error shape, and refuses NUL characters (PostgreSQL's
text and jsonb cannot store U+0000) as bad input before any view touches the database."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


def _error(status: int, code: str, message: str, details: object = None) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, "details": details}}, status=status
    )


def _has_nul(request: HttpRequest) -> str | None:
    """'path', 'query' or 'body' when the request carries a NUL there (decoded), else None."""
    if "\x00" in unquote(request.path):
        return "path"
    if "\x00" in unquote(request.META.get("QUERY_STRING", "")):
        return "query"
    if request.content_type == "application/json":
        body = request.body
        if b"\x00" in body or b"\\u0000" in body:
            return "body"
    return None


class ApiErrorShapeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        where = _has_nul(request)
        if where == "path":
            return _error(404, "not_found", "Không tìm thấy.")
        if where in ("query", "body"):
            return _error(422, "validation_error", "Dữ liệu gửi lên chứa ký tự NUL không hợp lệ.")
        return self._shape(self.get_response(request))

    @staticmethod
    def _shape(response: HttpResponse) -> HttpResponse:
        if response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            try:
                json.loads(response.content)
                return response
            except ValueError:
                pass
        if response.status_code == 404:
            return _error(404, "not_found", "Không tìm thấy đường dẫn API này.")
        shaped = _error(405, "method_not_allowed", "Phương thức HTTP không được hỗ trợ ở đây.")
        if response.has_header("Allow"):
            shaped["Allow"] = response["Allow"]
        return shaped
