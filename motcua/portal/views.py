"""Citizen-facing pages. Thin: read the request, call a selector, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.numberformat import format as number_format
from django.utils.translation import gettext_lazy as _

from motcua.catalog import selectors
from motcua.catalog.models import Channel, OnlineType, ProcedureVersion
from motcua.core.http import found_or_404
from motcua.portal.agency_info import COLLAPSE_OVER, agency_chosen

PER_PAGE = 20
MAX_PAGE = 10_000
APPLICANT_TYPES = {"individual": _("Cá nhân"), "organisation": _("Tổ chức")}


def _page_number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or 1)), MAX_PAGE)
    except ValueError:
        return 1


def _results(page: selectors.SearchPage) -> list[tuple[ProcedureVersion, str]]:
    """Each result with its agencies' names joined: one string per card, instead of a template
    loop over up to hundreds of wards (the home page's most repeated template lookups)."""
    return [(v, "; ".join(a.name for a in v.agencies.all()) or v.agency_text) for v in page.items]


def home(request: HttpRequest) -> HttpResponse:
    """The catalogue search. Works as a plain GET form; with htmx only the results are swapped."""
    q = request.GET.get("q", "").strip()[:200]
    field = request.GET.get("field", "").strip()[:32]
    agency = request.GET.get("agency", "").strip()[:13]
    online_type = request.GET.get("online_type", "")
    if online_type not in OnlineType.values:
        online_type = ""
    number = _page_number(request.GET.get("page"))
    page = selectors.procedure_search(
        q=q,
        field=field or None,
        agency=agency or None,
        online_type=online_type or None,
        limit=PER_PAGE,
        offset=(number - 1) * PER_PAGE,
    )
    context = {
        "q": q,
        "field": field,
        "agency": agency,
        "online_type": online_type,
        "page": page,
        "results": _results(page),
        "fields": selectors.field_list(),
        "online_types": OnlineType.choices,
    }
    partial = bool(request.headers.get("HX-Request")) and not request.headers.get("HX-Boosted")
    context["partial"] = partial
    response = render(request, "portal/_results.html" if partial else "portal/home.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Everything the version in force of one procedure publishes. `?agency=<code>` shows one of
    its agencies (address, phone, office hours): the ward chooser of a long agency list."""
    version = found_or_404(selectors.procedure_get, code=code)
    agencies = list(version.agencies.all())
    chosen, agency_error = agency_chosen(agencies, request.GET.get("agency", "").strip()[:13])
    context = {
        "v": version,
        "agencies": agencies,
        "collapse_agencies": len(agencies) > COLLAPSE_OVER,
        "chosen": chosen,
        "agency_error": agency_error,
        "channels": [Channel(c).label for c in version.channels if c in Channel.values],
        "applicant_types": [APPLICANT_TYPES.get(t, t) for t in version.applicant_types],
        # Amounts in đồng are grouped by thousands with "." whatever the locale says.
        "fees": [
            (fee, number_format(fee.amount, ",", grouping=3, thousand_sep=".", force_grouping=True))
            for fee in version.fees.all()
        ],
    }
    return render(request, "portal/procedure_detail.html", context)
