"""GeoReport v2 at /open311/v2/ (https://wiki.open311.org/GeoReport_v2; docs/rules.md §25).

Each resource answers `.json` and `.xml` with the same content; errors are the spec's list of
{code, description} with the HTTP status. Requests are feedback (motcua.feedback): status
`open` while received, classified, assigned or answered; `closed` once published or refused.
No personal data of the submitter leaves through this API (§24.6).

Limits (GeoReport v2 lets the server limit what a search returns): `service_request_id` takes
at most `max_ids()` ids (more is a 400); a search answers at most `max_results()` requests, the
newest first; a key may POST `services.requests_per_minute()` times a minute (then 429). A
parameter or path segment with a control character is a 400, a date whose window leaves the
calendar is a 400: nothing a client sends ends as a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from motcua.core.calendar import LOCAL_TZ, office_day_end
from motcua.core.errors import DomainError, RateLimited
from motcua.core.text import has_control_chars
from motcua.feedback import selectors as fb_selectors
from motcua.feedback.models import Category, Feedback, Status, Subject
from motcua.open311 import services
from motcua.open311.render import error, respond

FORMATS = ("json", "xml")
DEFAULT_WINDOW = timedelta(days=90)  # GeoReport v2 GET requests: the last 90 days by default


def max_ids() -> int:
    """Ids one `service_request_id` list may hold: `MOTCUA["OPEN311_MAX_IDS"]`, default 50."""
    return int(settings.MOTCUA.get("OPEN311_MAX_IDS", 50))


def max_results() -> int:
    """Requests one search answers at most: `MOTCUA["OPEN311_MAX_RESULTS"]`, default 1000."""
    return int(settings.MOTCUA.get("OPEN311_MAX_RESULTS", 1000))


def jurisdiction() -> str:
    return settings.MOTCUA.get("OPEN311_JURISDICTION", "tphcm.gov.vn")


def _w3(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    return dt.astimezone(LOCAL_TZ).replace(microsecond=0).isoformat()


def _check(request: HttpRequest, fmt: str, *path: str) -> HttpResponse | None:
    """The format, the control characters of every parameter and `path` segment (they would
    reach the database, where PostgreSQL refuses U+0000, and the XML), the jurisdiction."""
    if fmt not in FORMATS:
        return error(404, "format not supported (json, xml)", "xml")
    params = request.POST if request.method == "POST" else request.GET
    texts = [*path, *params.keys(), *(v for k in params for v in params.getlist(k))]
    if any(has_control_chars(t, multiline=True) for t in texts):
        return error(400, "parameters must not contain control characters", fmt)
    given = params.get("jurisdiction_id", "")
    if given and given != jurisdiction():
        return error(404, "jurisdiction_id not found", fmt)
    return None


@require_safe
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if (bad := _check(request, fmt)) is not None:
        return bad
    base = request.build_absolute_uri(reverse("open311:root"))
    data = {
        "changeset": "2026-12-01T00:00:00+07:00",
        "contact": settings.MOTCUA.get("OPEN311_CONTACT", "Trung tâm Phục vụ hành chính công"),
        "key_service": "Khóa API do quản trị hệ thống cấp (trang quản trị, mục Khóa API Open311).",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base.rstrip("/"),
                "changeset": "2026-12-01T00:00:00+07:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(data, fmt, "discovery")


def _service(c: Category) -> dict[str, Any]:
    return {
        "service_code": c.code,
        "service_name": c.name,
        "description": c.description,
        "metadata": True,
        "type": "realtime",
        "keywords": c.keywords,
        "group": c.agency.name,
    }


@require_safe
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    if (bad := _check(request, fmt)) is not None:
        return bad
    return respond([_service(c) for c in fb_selectors.categories()], fmt, "services")


@require_safe
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if (bad := _check(request, fmt, code)) is not None:
        return bad
    if not fb_selectors.categories().filter(code=code).exists():
        return error(404, "service_code not found", fmt)
    subjects = [{"key": k, "name": str(v)} for k, v in Subject.choices]
    data = {
        "service_code": code,
        "attributes": [
            _attribute("subject", "singlevaluelist", "Phản ánh về", 1, False, subjects),
            _attribute("subject_ref", "string", "Mã hồ sơ, mã thủ tục hoặc tên cán bộ", 2, False),
            _attribute("title", "string", "Tiêu đề", 3, False),
        ],
    }
    return respond(data, fmt, "service_definition")


def _attribute(
    code: str, datatype: str, description: str, order: int, required: bool, values: Any = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "variable": True,
        "code": code,
        "datatype": datatype,
        "required": required,
        "datatype_description": "",
        "order": order,
        "description": description,
    }
    if values is not None:
        out["values"] = values
    return out


def _request_out(fb: Feedback) -> dict[str, Any]:
    """One request as GeoReport shows it. The description, place and the agency's notes are
    public only once the agency published its answer (as on /phan-anh/; docs/rules.md §24):
    before that a client sees the id, the status, the dates and a refusal's reason. The
    description is the public content the official wrote at publication, never what the
    person wrote, which may hold their name or phone number (§24.6); the address and
    coordinates only when the official made the place public (`place_public`)."""
    public = fb_selectors.is_public(fb)  # published without a public text: as not published
    closed = public or fb.status == Status.REFUSED
    # the agency's own words: the published answer, or a refusal's reason (public, Decree
    # 20/2008); never anything of an item still being handled
    notes = fb.answer if public else fb.reason if fb.status == Status.REFUSED else ""
    place = public and fb.place_public  # the official ticked "công khai địa điểm" (§24.6)
    return {
        "service_request_id": fb.code,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": fb.category.name,
        "service_code": fb.category.code,
        "description": fb.public_content if public else "",
        "agency_responsible": fb.agency.name,
        "service_notice": fb.get_status_display(),
        "requested_datetime": _w3(fb.received_at),
        "updated_datetime": _w3(
            fb.closed_at or fb.answered_at or fb.classified_at or fb.received_at
        ),
        "expected_datetime": _w3(_expected(fb)),
        "address": fb.place if place else "",
        "address_id": "",
        "zipcode": "",
        "lat": float(fb.lat) if place and fb.lat is not None else None,
        "long": float(fb.lon) if place and fb.lon is not None else None,
        "media_url": "",
    }


def _expected(fb: Feedback) -> datetime | None:
    try:
        return office_day_end(fb.due_date, agency=fb.agency)
    except ValueError:
        return None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if (bad := _check(request, fmt)) is not None:
        return bad
    if request.method == "POST":
        return _post(request, fmt)
    return _search(request, fmt)


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    params = {k: request.POST.get(k, "") for k in request.POST}
    try:
        key = services.apikey_check(params.get("api_key", ""))
    except DomainError:
        return error(403, "api_key is missing or invalid", fmt)
    try:
        services.apikey_throttle(key)
    except RateLimited:
        limit = services.requests_per_minute()
        response = error(429, f"too many requests: at most {limit} a minute per api_key", fmt)
        response["Retry-After"] = "60"
        return response
    if not params.get("service_code"):
        return error(400, "service_code is required", fmt)
    if not fb_selectors.categories().filter(code=params["service_code"]).exists():
        return error(404, "service_code not found", fmt)
    try:
        fb = services.request_create(key=key, params=params)
    except DomainError as exc:
        return error(400, f"{exc.code}: {exc.message}", fmt)
    out = [
        {"service_request_id": fb.code, "token": fb.token, "service_notice": "", "account_id": ""}
    ]
    return respond(out, fmt, "service_requests", status=201)


def _parse_dt(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(text)
    return value


def _window(request: HttpRequest) -> tuple[datetime, datetime]:
    """`start_date`..`end_date`, 90 days from the one given, or the last 90 days. ValueError for
    a date that is not a w3 date-time with a zone, or whose window leaves the calendar."""
    start = _parse_dt(request.GET["start_date"]) if request.GET.get("start_date") else None
    end = _parse_dt(request.GET["end_date"]) if request.GET.get("end_date") else None
    try:
        end = end or (start + DEFAULT_WINDOW if start else timezone.now())
        start = start or end - DEFAULT_WINDOW
        start.astimezone(UTC), end.astimezone(UTC)  # as the database will store them
    except OverflowError:
        raise ValueError("date out of range") from None
    return start, end


def _list(text: str) -> list[str]:
    return [p for p in text.split(",") if p]


def _closed() -> Q:
    """`closed` as `_request_out` says it: refused, or published with a public text (one
    published without it is shown as not yet published, open)."""
    return Q(status=Status.REFUSED) | fb_selectors.public_q()


def _search(request: HttpRequest, fmt: str) -> HttpResponse:
    qs = Feedback.objects.select_related("category", "agency").order_by("-received_at")
    ids = _list(request.GET.get("service_request_id", ""))
    if len(ids) > max_ids():
        return error(400, f"service_request_id takes at most {max_ids()} ids", fmt)
    if ids:  # overrides every other filter (GeoReport v2)
        return respond(
            [_request_out(fb) for fb in qs.filter(code__in=ids)], fmt, "service_requests"
        )
    try:
        start, end = _window(request)
    except ValueError:
        return error(400, "start_date/end_date must be w3 date-times with a time zone", fmt)
    qs = qs.filter(received_at__gte=start, received_at__lte=end)
    if codes := _list(request.GET.get("service_code", "")):
        qs = qs.filter(category__code__in=codes)
    statuses = set(_list(request.GET.get("status", "")))
    if statuses - {"open", "closed"}:
        return error(400, "status must be open, closed or both", fmt)
    if statuses == {"open"}:
        qs = qs.exclude(_closed())
    elif statuses == {"closed"}:
        qs = qs.filter(_closed())
    rows = [_request_out(fb) for fb in qs[: max_results()]]
    return respond(rows, fmt, "service_requests")


@require_safe
def request_get(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if (bad := _check(request, fmt, code)) is not None:
        return bad
    fb = Feedback.objects.select_related("category", "agency").filter(code=code).first()
    if fb is None:
        return error(404, "service_request_id not found", fmt)
    return respond([_request_out(fb)], fmt, "service_requests")


@require_safe
def token_get(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    if (bad := _check(request, fmt, token)) is not None:
        return bad
    fb = Feedback.objects.filter(token=token).first()
    if fb is None:
        return error(404, "token not found", fmt)
    return respond([{"service_request_id": fb.code, "token": fb.token}], fmt, "service_requests")


@require_safe
def root(request: HttpRequest) -> HttpResponse:
    return discovery(request, "xml")
