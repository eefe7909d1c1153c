"""The SQL of one request of each kind, and the pgbench script that replays it.

`capture(kind, data)` runs each variant of a kind's request in-process through Django's test
`Client` (the whole stack: middleware, auth, selectors, services) against the load database,
inside one transaction that is rolled back, with `CaptureQueriesContext`; each variant is run
once first so caches (search index, calendar) are warm and only the steady-state statements
are kept. Rolling back keeps the database as it was, and makes the captured writes replayable:
every value they write (the next audit sequence, the next counter, the pool dossier's new
state) is still free, so the pgbench script replays them and ends with ROLLBACK, never
conflicting with itself. Foreign keys are DEFERRABLE INITIALLY DEFERRED in Django's schema, so
rows that reference ids inserted in the original run are not checked before the ROLLBACK.
The scripts must run before anything else writes to the database (the load takes those values).

`pgbench_script(kind)` is pure: it picks a variant at random (`\\if` chain), replaces the
literals that vary with pgbench expressions (`Kind.vary`: a literal → an expression over
`:n`, a random index, and `:r`, a random number), and wraps writes in BEGIN ... ROLLBACK.
The ceiling it gives leaves out what is not SQL: Python, HTTP, files written, and the commit's
WAL flush (so it is an upper bound for writes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
CAPTURE_KEY = "loadtest-capture-0001"


@dataclass(frozen=True)
class Call:
    """One HTTP request: method, path, JSON body or multipart file, bearer token."""

    method: str
    path: str
    token: str = ""
    body: dict[str, Any] | None = None
    upload: bool = False
    key: str = ""  # Idempotency-Key


@dataclass
class Kind:
    """A kind of request: its variants (each a list of calls made in order), whether it
    writes, and the literals its pgbench script replaces (quoted literal → expression)."""

    name: str
    variants: list[list[Call]]
    writes: bool = False
    vary: dict[str, str] = field(default_factory=dict)
    statements: list[list[str]] = field(default_factory=list)  # per variant, once captured


SEARCHES = ["khai sinh", "đăng ký khai sinh", "dang ki khai sinh", "kết hôn", "ket hon"]


def _tracked(code: str, first_id: int) -> dict[str, str]:
    """`:n` picks the tracked dossier: its code and its id (the clones' ids are consecutive)."""
    prefix = code[:-6]
    return {
        f"'{code}'": f"('{prefix}' || lpad(:n::text, 6, '0'))",
        f'"dossier_id" = {first_id} ': f'"dossier_id" = ({first_id - 1} + :n) ',
    }


def _reads(data: Any) -> list[Kind]:
    code, first_id = data.tracked[0], data.tracked_first_id
    return [
        Kind("search_api", [[Call("GET", f"/api/v1/procedures?q={q}")] for q in SEARCHES[:3]]),
        Kind("search_page", [[Call("GET", f"/?q={q}")] for q in SEARCHES[:3]]),
        Kind("track_api", [[Call("GET", f"/api/v1/track/{code}")]], vary=_tracked(code, first_id)),
        Kind("track_page", [[Call("GET", f"/tra-cuu/{code}/")]], vary=_tracked(code, first_id)),
        Kind("portal_page", [[Call("GET", "/")], [Call("GET", f"/thu-tuc/{data.procedure}/")]]),
    ]


def _writes(data: Any) -> list[Kind]:
    citizen = data.citizen
    dossier = {
        "procedure_code": data.procedure,
        "agency_code": data.wards[1],
        "applicant": {"kind": "person", "name": citizen["name"], "id_number": citizen["cccd"]},
        "form_data": data.form,
    }
    submit = [
        Call("POST", "/api/v1/dossiers", citizen["token"], dossier, key=CAPTURE_KEY),
        Call("POST", "/api/v1/dossiers/{code}/attachments", citizen["token"], upload=True),
    ]
    receive = Call(
        "POST", f"/api/v1/dossiers/{data.pool[0]}/actions/receive", data.reception_token,
        {"version": 1},
    )  # fmt: skip
    key = {f"'{CAPTURE_KEY}'": "('lt-' || :client_id || '-' || :r)"}
    return [
        Kind("submit", [submit], writes=True, vary=key),
        Kind("official_action", [[receive]], writes=True),
    ]


def kinds(data: Any) -> dict[str, Kind]:
    """The kinds of `make loadtest`; `data` is a seed.LoadData (the tracked code must be the
    first of `data.tracked`, so `:n` ranges over all of them)."""
    return {kind.name: kind for kind in _reads(data) + _writes(data)}


def _send(client: Any, call: Call, code: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = call.path.replace("{code}", code)
    headers = {"Authorization": f"Bearer {call.token}"} if call.token else {}
    if call.key:
        headers["Idempotency-Key"] = call.key
    if call.method == "GET":
        return client.get(path, headers=headers)
    if call.upload:
        upload = SimpleUploadedFile("giay-chung-sinh.pdf", PDF, "application/pdf")
        return client.post(path, {"file": upload}, headers=headers)
    return client.post(
        path, json.dumps(call.body), content_type="application/json", headers=headers
    )


def _run(client: Any, calls: list[Call]) -> str:
    """Make the calls in order; the code of the dossier the first one created, or ""."""
    code = ""
    for call in calls:
        response = _send(client, call, code)
        if response.status_code >= 400:
            raise RuntimeError(f"{call.method} {call.path}: HTTP {response.status_code}")
        if call.path == "/api/v1/dossiers":
            code = response.json()["code"]
    return code


def _rolled_back(client: Any, calls: list[Call]) -> tuple[list[str], str]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with transaction.atomic():
        with CaptureQueriesContext(connection) as ctx:
            code = _run(client, calls)
        transaction.set_rollback(True)
    return [q["sql"] for q in ctx.captured_queries], code


def capture(kind: Kind) -> Kind:
    """Fill `kind.statements`: the SQL of each variant, warm, rolled back (module doc)."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    kind.statements = []
    for calls in kind.variants:
        _rolled_back(client, calls)  # warm-up: one-off cache fills are not steady state
        statements, created = _rolled_back(client, calls)
        kind.statements.append(statements)
        if created:  # each replay writes its own code, as each submission gets its own
            kind.vary[f"'{created}'"] = "('LT' || :client_id || '-' || :r)"
    return kind


def _statement(sql: str, vary: dict[str, str]) -> str:
    for literal, expression in vary.items():
        sql = sql.replace(literal, expression)
    sql = " ".join(sql.split())  # one line each: pgbench reads a command up to its ';'
    return sql if sql.endswith(";") else sql + ";"


def pgbench_script(kind: Kind, *, tracked: int) -> str:
    """The pgbench script of `kind` (module doc); `tracked` bounds `:n`."""
    lines = [
        f"-- {kind.name}: {len(kind.variants)} variant(s), captured by bench.loadtest.capture",
        f"\\set n random(1, {tracked})",
        "\\set r random(1, 999999999999)",
        f"\\set v random(0, {len(kind.statements) - 1})",
    ]
    for i, statements in enumerate(kind.statements):
        lines.append(f"\\if :v = {i}" if i == 0 else f"\\elif :v = {i}")
        if kind.writes:
            lines.append("BEGIN;")
        lines.extend(_statement(sql, kind.vary) for sql in statements)
        if kind.writes:
            lines.append("ROLLBACK;")
    lines.append("\\endif")
    return "\n".join(lines) + "\n"
