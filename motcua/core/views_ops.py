"""`/healthz` and `/metrics`: thin views over `core.health` and `core.metrics`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from motcua.core import health, metrics


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when no check failed, else 503; `?only=database,storage` runs just those checks
    (a load balancer's readiness probe need not fail when the scheduler is late)."""
    raw = request.GET.get("only", "")
    only = {name.strip() for name in raw.split(",") if name.strip()} or None
    healthy, report = health.health(only)
    return JsonResponse(report, status=200 if healthy else 503)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not metrics.allowed(request):
        return HttpResponse("Không được phép.\n", status=403, content_type="text/plain")
    return HttpResponse(metrics.render(), content_type=CONTENT_TYPE_LATEST)
