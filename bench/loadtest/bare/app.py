"""The two views of the bare app and its URLs (see the package docstring)."""

from __future__ import annotations

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

ROWS = 64
TABLES_SQL = f"""
CREATE TABLE IF NOT EXISTS bare_counter (id int PRIMARY KEY, n bigint NOT NULL);
CREATE TABLE IF NOT EXISTS bare_event (id bigserial PRIMARY KEY, counter_id int NOT NULL,
  n bigint NOT NULL, at timestamptz NOT NULL DEFAULT now());
INSERT INTO bare_counter SELECT g, 0 FROM generate_series(1, {ROWS}) g ON CONFLICT DO NOTHING;
"""


@require_GET
def one_query(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT code, status, received_at, due_at FROM dossiers_dossier WHERE code = %s",
            [request.GET.get("code", "")],
        )
        row = cur.fetchone()
    if row is None:
        return JsonResponse({"error": "not_found"}, status=404)
    return JsonResponse({"code": row[0], "status": row[1], "due_at": str(row[3])})


@require_POST
def three(request: HttpRequest) -> HttpResponse:
    row = int(request.GET.get("row", "1")) % ROWS + 1
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT n FROM bare_counter WHERE id = %s FOR UPDATE", [row])
        (n,) = cur.fetchone() or (0,)
        cur.execute("INSERT INTO bare_event (counter_id, n) VALUES (%s, %s)", [row, n + 1])
        cur.execute("UPDATE bare_counter SET n = %s WHERE id = %s", [n + 1, row])
    return JsonResponse({"n": n + 1}, status=200)


urlpatterns = [path("one-query", one_query), path("three", three)]
