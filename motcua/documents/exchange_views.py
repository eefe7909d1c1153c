"""The edXML exchange endpoint (QCVN 102:2016/BTTTT; docs/edxml.md): one machine-to-machine
POST of a raw package, answered with the signed status message.

Contract:
- `POST /lien-thong/edxml/[?co_quan=<agency code>]`, body = the package bytes (at most
  `exchange.MAX_BYTES`, refused before reading it whole). No session and no CSRF token: the
  sender is authenticated by the package's seal (`exchange_status.exchange_receive`).
  201 `application/xml`: the status message of the newly registered document; 200 with its
  current status when the same sender sent this package before.
- `POST /lien-thong/edxml/trang-thai/`: a status message from a receiver
  (`exchange_status.status_receive`); 200 `{"status_code": …}`.
- Errors: 400 `{"error": {"code", "message", "details"}}`, the project's error shape; 503 with
  `Retry-After` when the receiving agency has no signing credential to seal its answer (its
  set-up, not the package: the sender's outbox tries again); 405 for any other method.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from motcua.core.errors import DomainError
from motcua.documents import exchange, exchange_status

RETRY_AFTER_SECONDS = 3600


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


def _post_only() -> JsonResponse:
    response = _error("method_not_allowed", "Chỉ nhận phương thức POST.", status=405)
    response["Allow"] = "POST"
    return response


@csrf_exempt
def edxml_receive(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _post_only()
    try:
        _incoming, status, created = exchange_status.exchange_receive(
            data=_body(request), agency_code=request.GET.get("co_quan", "")
        )
    except DomainError as e:
        if e.code == "no_credential":  # the receiver's set-up, not the package: retry later
            response = _error(e.code, e.message, status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return _error(e.code, e.message)
    return HttpResponse(status, status=201 if created else 200, content_type="application/xml")


@csrf_exempt
def edxml_status_receive(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _post_only()
    try:
        recipient = exchange_status.status_receive(data=_body(request))
    except DomainError as e:
        return _error(e.code, e.message)
    return JsonResponse({"status_code": recipient.status_code}, status=200)
