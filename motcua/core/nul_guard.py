"""Refuses U+0000 in the page requests before any view touches the database: PostgreSQL's text
cannot hold it, so a NUL reaching a query is a 500 there and a silent miss on SQLite. A NUL in
the path is "not found" (no page or code holds one); in the query string or a form body it is
a 400. The API (`/api/`, its own error shape: `motcua.api.middleware`) and Open311
(`/open311/`, GeoReport's error list) answer these themselves."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse

OWN_ERROR_FORMATS = ("/api/", "/open311/")
FORM_BODY = "application/x-www-form-urlencoded"


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(OWN_ERROR_FORMATS):
            if "\x00" in unquote(request.path):
                raise Http404("Không tìm thấy.")
            if "\x00" in unquote(request.META.get("QUERY_STRING", "")):
                raise BadRequest("Địa chỉ chứa ký tự NUL không hợp lệ.")
            if request.content_type == FORM_BODY and b"%00" in request.body:
                raise BadRequest("Nội dung gửi lên chứa ký tự NUL không hợp lệ.")
        return self.get_response(request)
