"""Public pages of signing: verification (/xac-thuc/), the CRLs and CA certificates, the TSA.

Nothing here needs an account: a bank, a school or a court checks a result without one. The
pages show no personal data: a result code's page names the agency, the time and the hash.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.errors import NotFound
from motcua.signing import selectors
from motcua.signing.tsa_service import authority
from motcua.signing.verify import Report, spaced, verify_pdf, verify_stored

TSA_MAX_BYTES = 16 * 1024


def read_upload(upload: UploadedFile | None) -> bytes | None:
    """The uploaded bytes, or None when the file is over the verification limit."""
    if upload is None:
        return b""
    if (upload.size or 0) > int(settings.MOTCUA["SIGNING"]["VERIFY_MAX_BYTES"]):
        return None
    return upload.read()


def check_upload(upload: UploadedFile | None, code: str = "") -> Report:
    data = read_upload(upload)
    if data is None:
        return Report(valid=False, reason_code="too_large")
    return verify_pdf(data, code=code, record=selectors.record_lookup)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    report = None
    if request.method == "POST":
        report = check_upload(request.FILES.get("file"))
    return render(request, "signing/verify.html", {"report": report})


@require_http_methods(["GET", "POST"])
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    try:
        record = selectors.result_code_get(code)
    except NotFound:
        return render(request, "signing/verify.html", {"unknown_code": code}, status=404)
    context: dict[str, Any] = {"record": record, "record_sha": spaced(record.sha256)}
    if request.method == "POST":
        context["report"] = check_upload(request.FILES.get("file"), code=record.code)
    else:
        with record.attachment.file.open("rb") as handle:
            stored = handle.read()
        context["stored"] = verify_stored(
            stored,
            code=record.code,
            record=selectors.record_lookup,
            state=selectors.revocation_state(),
        )
    return render(request, "signing/verify.html", context)


def crl(request: HttpRequest, slug: str) -> HttpResponse:
    """The CA's CRL (DER), named in the CRL distribution point of what it issued."""
    try:
        body = selectors.ca_crl(selectors.ca_by_slug(slug))
    except NotFound:
        return HttpResponse(status=404)
    response = HttpResponse(body, content_type="application/pkix-crl")
    response["Cache-Control"] = "public, max-age=300"
    return response


def ca_certificate(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        ca = selectors.ca_by_slug(slug)
    except NotFound:
        return HttpResponse(status=404)
    return HttpResponse(bytes(ca.cert_der), content_type="application/pkix-cert")


@csrf_exempt  # RFC 3161 clients post a bare DER body; nothing here acts for a user
@require_POST
def tsa(request: HttpRequest) -> HttpResponse:
    """RFC 3161 over HTTP (§3.4): application/timestamp-query in, timestamp-reply out."""
    if request.content_type != "application/timestamp-query":
        return HttpResponse(status=415)
    if int(request.headers.get("Content-Length") or 0) > TSA_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        responder = authority()
    except NotFound:
        return HttpResponse(status=503)
    body = responder.respond(request.body, now=timezone.now())
    return HttpResponse(body, content_type="application/timestamp-reply")
