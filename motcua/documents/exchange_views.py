"""The edXML exchange endpoint (QCVN 102:2016/BTTTT; docs/edxml.md): one machine-to-machine
POST of a raw package, answered with the signed status message.

Contract:
- `POST /lien-thong/edxml/[?co_quan=<agency code>]`, body = the package bytes (at most
  `exchange.MAX_BYTES`, refused before reading it whole). No session and no CSRF token: the
  sender is authenticated by the package's seal (`exchange.import_envelope`).
- 201 `application/xml`: the status message; 400 `{"error": {"code", "message", "details"}}`,
  the project's error shape; 405 for any other method.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from motcua.core.errors import DomainError
from motcua.documents import exchange


def _error(code: str, message: str, status: int = 400) -> JsonResponse:
    body = {"error": {"code": code, "message": message, "details": None}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _body(request: HttpRequest) -> bytes:
    """The raw body, refused past the limit without reading more than limit + 1 bytes."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > exchange.MAX_BYTES:
        raise DomainError("Gói tin edXML quá lớn.", code="edxml.too_large")
    data = request.read(exchange.MAX_BYTES + 1)
    if len(data) > exchange.MAX_BYTES:
        raise DomainError("Gói tin edXML quá lớn.", code="edxml.too_large")
    return data


@csrf_exempt
def edxml_receive(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        response = _error("method_not_allowed", "Chỉ nhận phương thức POST.", status=405)
        response["Allow"] = "POST"
        return response
    try:
        _incoming, status = exchange.exchange_receive(
            data=_body(request), agency_code=request.GET.get("co_quan", "")
        )
    except DomainError as e:
        return _error(e.code, e.message)
    return HttpResponse(status, status=201, content_type="application/xml")
