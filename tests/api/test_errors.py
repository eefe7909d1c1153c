"""Every error of /api/v1/ answers in the one shape `{"error": {"code", "message", "details"}}`
with a stable code, for each status the API uses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from motcua.dossiers.models import Dossier
from tests.api.conftest import BODY
from tests.dossiers.conftest import CITIZEN_CCCD, World


class Api:
    def __init__(self, tokens: dict[str, str]) -> None:
        self.tokens = tokens
        self.client = Client(raise_request_exception=False)

    def get(self, path: str, who: str | None = None, **headers: str) -> Any:
        if who:
            headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.tokens[who]}")
        return self.client.get(f"/api/v1{path}", **headers)

    def post(self, path: str, who: str | None, body: Any = None, **headers: str) -> Any:
        if who:
            headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.tokens[who]}")
        data = body if isinstance(body, str) else json.dumps({} if body is None else body)
        return self.client.post(
            f"/api/v1{path}", data=data, content_type="application/json", **headers
        )


@pytest.fixture
def api(tokens: dict[str, str]) -> Api:
    return Api(tokens)


def error_of(resp: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The error body of `resp`, checked: status, JSON, exactly the three keys, stable code."""
    assert resp.status_code == status, (resp.status_code, resp.content[:300])
    assert resp["Content-Type"].startswith("application/json"), resp["Content-Type"]
    body = resp.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert set(err) == {"code", "message", "details"}, err
    assert isinstance(err["message"], str), err
    assert err["message"].strip(), err
    if code is not None:
        assert err["code"] == code, err
    return err


# 401 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer mc_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "mc_no_scheme"],
)
def test_401_without_a_valid_token(api: Api, authorization: str | None) -> None:
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    err = error_of(api.get("/dossiers", **headers), 401, "unauthenticated")
    assert err["details"] is None
    error_of(api.post("/dossiers", None, BODY, **headers), 401, "unauthenticated")
    assert Dossier.objects.count() == 0


def test_401_comes_before_validation_and_lookup(api: Api) -> None:
    error_of(api.post("/dossiers", None, "{not json"), 401, "unauthenticated")
    error_of(api.post("/dossiers/nope/actions/receive", None, {}), 401, "unauthenticated")
    error_of(api.get("/dossiers/nope"), 401, "unauthenticated")


# 403 ---------------------------------------------------------------------------------------


def test_403_for_a_role_the_caller_lacks(api: Api, dossier_code: str) -> None:
    other = api.post("/dossiers", "citizen", BODY).json()["code"]
    err = error_of(api.post(f"/dossiers/{other}/actions/receive", "specialist", {}), 403)
    assert err["code"] == "forbidden"
    assert "vai trò" in err["message"]
    assert Dossier.objects.get(code=other).status == "submitted"


def test_403_for_wrong_id_digits_on_tracking(api: Api, dossier_code: str) -> None:
    err = error_of(api.get(f"/track/{dossier_code}?id_last4=0000"), 403, "id_mismatch")
    assert "4 số cuối" in err["message"]


# 404 ---------------------------------------------------------------------------------------


def test_404_unknown_procedure(api: Api, world: World) -> None:
    err = error_of(api.get("/procedures/0.000000"), 404, "procedure_not_found")
    assert "0.000000" in err["message"]
    assert api.get(f"/procedures/{world.simple}").status_code == 200


def test_404_dossier_out_of_scope_is_indistinguishable_from_unknown(
    api: Api, dossier_code: str
) -> None:
    unknown = error_of(api.get("/dossiers/000.01.30.H29-260101-9999", "reception"), 404)
    for who in ["other_reception", "stranger", "dept_specialist"]:
        hidden = error_of(api.get(f"/dossiers/{dossier_code}", who), 404)
        assert hidden == unknown, who  # never tells "exists but forbidden"
    refuse = {"reasons": ["Trùng hồ sơ"]}
    error_of(api.post(f"/dossiers/{dossier_code}/actions/refuse", "other_reception", refuse), 404)
    assert api.get(f"/dossiers/{dossier_code}", "reception").status_code == 200


def test_404_unknown_dossier_on_tracking(api: Api, world: World) -> None:
    error_of(api.get("/track/000.01.30.H29-260101-9999"), 404, "not_found")


def test_unknown_url_under_the_api_is_404(api: Api) -> None:
    for path in ["/nope", "/procedures/x/y/z", "/dossiers/x/actions", "/"]:
        assert api.get(path).status_code == 404, path


def test_unknown_action_is_404(api: Api, dossier_code: str) -> None:
    error_of(api.post(f"/dossiers/{dossier_code}/actions/explode", "reception", {}), 404)


def test_unknown_url_and_wrong_method_answer_in_the_error_shape(api: Api) -> None:
    """The API promises one error shape for every error; Django's HTML 404 page and ninja's
    text/html 405 break it for unknown paths and unsupported methods."""
    error_of(api.get("/nope"), 404, "not_found")
    resp = api.client.delete("/api/v1/procedures")
    error_of(resp, 405, "method_not_allowed")
    assert resp["Allow"] == "GET"


# 409 ---------------------------------------------------------------------------------------


def test_409_on_a_stale_version_and_a_step_already_done(api: Api) -> None:
    code = api.post("/dossiers", "citizen", BODY).json()["code"]
    err = error_of(api.post(f"/dossiers/{code}/actions/receive", "reception", {"version": 99}), 409)
    assert err["code"] == "version_conflict"
    received = api.post(f"/dossiers/{code}/actions/receive", "reception", {}).json()
    assert received["status"] == "received"
    error_of(api.post(f"/dossiers/{code}/actions/receive", "reception", {}), 409, "invalid_state")
    step = received["steps"][0]["id"]
    done = {"step_id": step, "outcome": "approve"}
    resp = api.post(f"/dossiers/{code}/actions/complete_step", "specialist", done)
    assert resp.status_code == 200
    error_of(api.post(f"/dossiers/{code}/actions/complete_step", "specialist2", done), 409)


def test_409_idempotency_key_reused_for_another_procedure(api: Api, world: World) -> None:
    headers = {"HTTP_IDEMPOTENCY_KEY": "same-key"}
    assert api.post("/dossiers", "citizen", BODY, **headers).status_code == 201
    other = {**BODY, "procedure_code": world.liaison}
    error_of(api.post("/dossiers", "citizen", other, **headers), 409, "idempotency_key_reused")


# 422 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["{not json", '{"procedure_code": ', "\x00", "[1, 2"])
def test_422_malformed_json_body(api: Api, raw: str) -> None:
    err = error_of(api.post("/dossiers", "citizen", raw), 422, "validation_error")
    assert err["message"].isascii() is False  # Vietnamese, like every other message
    assert Dossier.objects.count() == 0


def test_422_body_failing_the_schema_lists_every_field(api: Api) -> None:
    body = {"procedure_code": "", "applicant": {"name": "An"}, "form_data": []}
    err = error_of(api.post("/dossiers", "citizen", body), 422, "validation_error")
    locs = {tuple(d["loc"][-2:]) for d in err["details"]}
    assert ("payload", "procedure_code") in locs
    assert ("payload", "agency_code") in locs
    assert ("applicant", "id_number") in locs
    assert ("payload", "form_data") in locs
    err = error_of(api.post("/dossiers", "citizen", ""), 422, "validation_error")
    assert err["details"][0]["type"] == "missing"
    assert Dossier.objects.count() == 0


def test_422_domain_validation_uses_the_same_code(api: Api) -> None:
    bad = {**BODY, "applicant": {**BODY["applicant"], "id_number": "12345"}}
    err = error_of(api.post("/dossiers", "citizen", bad), 422, "validation_error")
    assert "id_number" in err["details"]


@pytest.mark.parametrize(
    ("method", "path", "body", "loc"),
    [
        ("post", "/dossiers", {**BODY, "channel": "fax"}, "channel"),
        ("post", "/dossiers", {**BODY, "applicant": {**BODY["applicant"], "kind": "x"}}, "kind"),
        ("post", "/dossiers/CODE/actions/complete_step", {"outcome": "maybe"}, "outcome"),
        ("post", "/dossiers/CODE/actions/return_result", {"channel": "pigeon"}, "channel"),
        ("get", "/dossiers?queue=everything", None, "queue"),
        ("get", "/dossiers?due=yesterday", None, "due"),
        ("get", "/procedures?online_type=telepathy", None, "online_type"),
    ],
)
def test_422_wrong_enum(
    api: Api, dossier_code: str, method: str, path: str, body: Any, loc: str
) -> None:
    path = path.replace("CODE", dossier_code)
    resp = api.get(path, "reception") if method == "get" else api.post(path, "reception", body)
    err = error_of(resp, 422, "validation_error")
    (detail,) = [d for d in err["details"] if d["loc"][-1] == loc]
    assert detail["type"] in {"literal_error", "enum"}, detail


def test_422_wrong_types_in_query(api: Api) -> None:
    error_of(api.get("/dossiers?limit=many", "reception"), 422, "validation_error")
    error_of(api.get("/procedures?limit=0"), 422, "validation_error")
    error_of(api.get("/procedures?offset=-1"), 422, "validation_error")


# 429 ---------------------------------------------------------------------------------------


def test_429_after_too_many_tracking_guesses(api: Api, dossier_code: str) -> None:
    right = CITIZEN_CCCD[-4:]
    assert api.get(f"/track/{dossier_code}?id_last4={right}").json()["applicant"] is not None
    for _ in range(5):
        error_of(api.get(f"/track/{dossier_code}?id_last4=0000"), 403, "id_mismatch")
    err = error_of(api.get(f"/track/{dossier_code}?id_last4=0000"), 429, "rate_limited")
    assert "15 phút" in err["message"]
    # Blocked even with the right digits; the status without personal data stays public.
    error_of(api.get(f"/track/{dossier_code}?id_last4={right}"), 429, "rate_limited")
    public = api.get(f"/track/{dossier_code}")
    assert public.status_code == 200
    assert public.json()["applicant"] is None


def test_429_is_per_client_and_per_dossier(api: Api, dossier_code: str) -> None:
    other_client = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(5):
        api.get(f"/track/{dossier_code}?id_last4=0000")
    # Another client is blocked on this dossier too (per-dossier key) ...
    resp = other_client.get(f"/api/v1/track/{dossier_code}?id_last4=0000")
    error_of(resp, 429, "rate_limited")
    # ... but the first client is blocked on every dossier (per-client key).
    other = api.post("/dossiers", "citizen", BODY).json()["code"]
    error_of(api.get(f"/track/{other}?id_last4=0000"), 429, "rate_limited")
    error_of(other_client.get(f"/api/v1/track/{other}?id_last4=0000"), 403, "id_mismatch")


# Junk that must be refused, never a 5xx ------------------------------------------------------


@pytest.mark.parametrize("offset", [2**63, 10**20])
@pytest.mark.parametrize(("path", "who"), [("/dossiers", "reception"), ("/procedures", None)])
def test_huge_offset_is_refused_or_empty_never_a_server_error(
    api: Api, world: World, path: str, who: str | None, offset: int
) -> None:
    resp = api.get(f"{path}?offset={offset}", who)
    if resp.status_code == 200:
        assert resp.json()["items"] == []
    else:
        error_of(resp, 422, "validation_error")


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
@pytest.mark.parametrize(
    ("date_from", "date_to"), [("0001-01-01", "0001-01-01"), ("9999-12-30", "9999-12-31")]
)
def test_tracking_book_at_the_ends_of_the_calendar_is_refused_never_a_server_error(
    api: Api, world: World, date_from: str, date_to: str, fmt: str
) -> None:
    """Midnight in Vietnam on 0001-01-01 is before year 1 in UTC; 9999-12-31 has no next day."""
    path = f"/agencies/{world.ward.code}/tracking-book"
    query = f"?date_from={date_from}&date_to={date_to}&format={fmt}"
    resp = api.get(path + query, "signer")
    assert resp.status_code < 500, resp.content[:200]
    err = error_of(resp, resp.status_code)
    assert 400 <= resp.status_code < 500, err
    assert api.get(f"{path}?date_from=2026-01-01&date_to=2026-01-31", "signer").status_code == 200


NUL_REQUESTS = [
    ("get", "/procedures?q=a%00b", None, None),
    ("get", "/procedures?field=a%00b", None, None),
    ("get", "/procedures?agency=a%00b", None, None),
    ("get", "/procedures/9.000001%00", None, None),
    ("get", "/dossiers/CODE%00", "reception", None),
    ("get", "/track/CODE%00", None, None),
    ("get", "/track/CODE?id_last4=12%0034", None, None),
    ("post", "/dossiers", "citizen", {**BODY, "procedure_code": "9.000001\x00"}),
    ("post", "/dossiers", "citizen", {**BODY, "applicant": {**BODY["applicant"], "name": "A\x00"}}),
    ("post", "/dossiers", "citizen", {**BODY, "form_data": {"purpose": "Đi\x00học"}}),
    ("post", "/dossiers/CODE/actions/assign", "head", {"step_id": 1, "assignee": "spe\x00"}),
    ("post", "/dossiers/CODE/actions/withdraw", "citizen", {"reason": "Không\x00cần"}),
]


@pytest.mark.parametrize(("method", "path", "who", "body"), NUL_REQUESTS)
def test_nul_characters_are_refused_never_a_server_error(
    api: Api, dossier_code: str, method: str, path: str, who: str | None, body: Any
) -> None:
    """PostgreSQL text and jsonb cannot hold U+0000; the API must refuse it as bad input."""
    path = path.replace("CODE", dossier_code)
    resp = api.get(path, who) if method == "get" else api.post(path, who, body)
    if resp.status_code < 400:
        return  # accepted and handled (e.g. stripped) is fine too
    assert resp.status_code < 500, resp.content[:200]
    error_of(resp, resp.status_code)


# Numbers, NUL bytes, broken multipart, oversized bodies, server errors (issue 6 item 5) --------

NUMBER_BODY = {
    **BODY,
    "procedure_code": "9.000003",
}


def _publish_with_form(world: World, code: str, form_schema: list[dict[str, Any]]) -> None:
    from decimal import Decimal

    from motcua.catalog.models import Procedure
    from motcua.catalog.services import ProcedureData, procedure_draft_save, procedure_publish
    from motcua.dossiers.services.process import process_create, process_publish
    from tests.dossiers.conftest import _step

    data = ProcedureData(
        code=code,
        name="Cấp bản sao trích lục thử nghiệm",
        field_code="HT",
        level="commune",
        time_limit_value=Decimal(3),
        time_limit_unit="working_days",
        applicants="Công dân",
        result_type="Bản sao",
        agency_codes=[world.ward.code],
        channels=["counter", "online"],
        online_type="partial",
        form_schema=form_schema,
    )
    procedure_publish(version=procedure_draft_save(data=data))
    process = process_create(
        procedure=Procedure.objects.get(code=code),
        name="Quy trình",
        steps=[_step("review", "specialist", 24)],
        edges=[{"source": None, "target": "review"}, {"source": "review", "target": None}],
    )
    process_publish(process=process)


@pytest.fixture
def number_procedure(world: World) -> str:
    """A published procedure at the ward whose form has a free number and a copy count."""
    form = [
        {"name": "purpose", "label": "Mục đích", "type": "text", "required": True},
        {"name": "amount", "label": "Số tiền", "type": "number", "required": False},
        {
            "name": "so_ban",
            "label": "Số bản",
            "type": "number",
            "integer": True,
            "min": 1,
            "max": 100,
            "required": False,
        },
    ]
    _publish_with_form(world, "9.000003", form)
    return "9.000003"


@pytest.mark.parametrize(
    "raw_number",
    [
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        '"NaN"',
        '"Infinity"',
        '"1e400"',
        '"' + "9" * 5000 + '"',
        "9" * 5000,
    ],
    ids=[
        "nan",
        "inf",
        "-inf",
        "1e400",
        "s-nan",
        "s-inf",
        "s-1e400",
        "s-5000-digits",
        "5000-digits",
    ],
)
def test_bad_form_numbers_are_422_and_store_nothing(
    api: Api, number_procedure: str, raw_number: str
) -> None:
    body = json.dumps({**NUMBER_BODY, "form_data": {"purpose": "x", "amount": "@"}})
    body = body.replace('"@"', raw_number)
    err = error_of(api.post("/dossiers", "citizen", body), 422, "validation_error")
    assert err["message"].isascii() is False
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize("so_ban", [-5, 0, 0.5, 10**30, 101, "2.5"])
def test_copy_count_must_be_a_positive_integer_within_the_maximum(
    api: Api, number_procedure: str, so_ban: Any
) -> None:
    body = {**NUMBER_BODY, "form_data": {"purpose": "x", "so_ban": so_ban}}
    err = error_of(api.post("/dossiers", "citizen", body), 422, "validation_error")
    assert "so_ban" in err["details"], err
    assert Dossier.objects.count() == 0
    ok = {**NUMBER_BODY, "form_data": {"purpose": "x", "so_ban": 2, "amount": "1500000.5"}}
    resp = api.post("/dossiers", "citizen", ok)
    assert resp.status_code == 201, resp.content
    assert Dossier.objects.get().form_data == {"purpose": "x", "so_ban": 2, "amount": 1500000.5}


@pytest.mark.parametrize("content_type", ["text/plain", None, "application/octet-stream"])
@pytest.mark.parametrize("nul", ["\x00", "\\u0000"])
def test_nul_in_a_body_of_any_content_type_is_refused(
    api: Api, world: World, content_type: str | None, nul: str
) -> None:
    body = json.dumps(BODY, ensure_ascii=False).replace("Nguyễn Văn An", f"An{nul}").encode()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.tokens['citizen']}"}
    if content_type is None:
        resp = api.client.generic("POST", "/api/v1/dossiers", body, **headers)
        resp_ct = resp
    else:
        resp_ct = api.client.generic(
            "POST", "/api/v1/dossiers", body, content_type=content_type, **headers
        )
    error_of(resp_ct, 422, "validation_error")
    assert Dossier.objects.count() == 0


def test_multipart_without_a_boundary_is_a_400(api: Api, dossier_code: str) -> None:
    resp = api.client.generic(
        "POST",
        f"/api/v1/dossiers/{dossier_code}/attachments",
        b"--x\r\nContent-Disposition: form-data; name=file\r\n\r\nabc\r\n--x--\r\n",
        content_type="multipart/form-data",
        HTTP_AUTHORIZATION=f"Bearer {api.tokens['citizen']}",
    )
    err = error_of(resp, 400, "malformed_request")
    assert "multipart" in err["message"]


def test_a_3000_character_file_name_is_accepted_shortened_or_refused_never_a_500(
    api: Api, world: World
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.dossiers.models import Attachment

    code = api.post("/dossiers", "citizen", BODY).json()["code"]
    upload = SimpleUploadedFile("á" * 3000 + ".pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    resp = api.client.post(
        f"/api/v1/dossiers/{code}/attachments",
        {"file": upload},
        HTTP_AUTHORIZATION=f"Bearer {api.tokens['citizen']}",
    )
    assert resp.status_code == 201, resp.content[:300]
    name = Attachment.objects.get().original_name
    assert len(name) <= 150
    assert name.endswith(".pdf")


def test_a_body_over_the_upload_limit_is_413_in_the_error_shape(
    api: Api, world: World, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = {**BODY, "applicant": {**BODY["applicant"], "address": "x" * 2000}}
    err = error_of(api.post("/dossiers", "citizen", big), 413, "payload_too_large")
    assert "quá lớn" in err["message"]
    assert Dossier.objects.count() == 0


def _boom(request: Any) -> Any:
    raise RuntimeError("secret internals /etc/motcua.env")


urlpatterns: list[Any] = []


@pytest.fixture
def boom_urls(settings: Any) -> None:
    """The project's URLs plus an API path whose view fails, as any unforeseen bug would."""
    from django.urls import include, path

    import motcua.urls

    urlpatterns[:] = [path("api/v1/test-boom", _boom), path("", include(motcua.urls))]
    settings.ROOT_URLCONF = __name__


@pytest.mark.parametrize("debug", [False, True])
def test_an_unhandled_exception_is_a_500_in_the_error_shape_without_the_traceback(
    api: Api, boom_urls: None, settings: Any, debug: bool, caplog: pytest.LogCaptureFixture
) -> None:
    settings.DEBUG = debug
    resp = api.client.get("/api/v1/test-boom")
    err = error_of(resp, 500, "server_error")
    assert "secret" not in resp.content.decode()
    assert "Traceback" not in resp.content.decode()
    assert err["details"] is None
    assert any("secret internals" in (r.exc_text or "") or r.exc_info for r in caplog.records)
    # Outside the API, Django's own handling stays (HTML 500 page).
    assert api.get("/nope").status_code == 404


@pytest.mark.parametrize("number", [10**30, 2**63, -(2**63) - 1, 2**31])
@pytest.mark.parametrize(
    ("action", "who", "field"),
    [
        ("complete_step", "specialist", "step_id"),
        ("claim", "specialist", "step_id"),
        ("assign", "head", "step_id"),
        ("refuse", "reception", "version"),
    ],
)
def test_huge_integers_in_an_action_are_a_4xx_never_a_500(
    api: Api, dossier_code: str, action: str, who: str, field: str, number: int
) -> None:
    before = Dossier.objects.get(code=dossier_code).version
    body = {field: number, "outcome": "approve", "assignee": "specialist", "reasons": ["x"]}
    resp = api.post(f"/dossiers/{dossier_code}/actions/{action}", who, body)
    assert 400 <= resp.status_code < 500, resp.content[:300]
    error_of(resp, resp.status_code)
    assert Dossier.objects.get(code=dossier_code).version == before


@pytest.mark.parametrize("number", ["99999999999999999999999", "1e400", "NaN", "-1"])
def test_huge_or_odd_numbers_in_upload_fields_and_queries_are_a_4xx(
    api: Api, world: World, number: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    code = api.post("/dossiers", "citizen", BODY).json()["code"]
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    resp = api.client.post(
        f"/api/v1/dossiers/{code}/attachments",
        {"file": upload, "required_document_id": number},
        HTTP_AUTHORIZATION=f"Bearer {api.tokens['citizen']}",
    )
    assert 400 <= resp.status_code < 500, resp.content[:300]
    error_of(resp, resp.status_code)
    for path in [f"/dossiers?limit={number}", f"/procedures?limit={number}&offset={number}"]:
        resp = api.get(path, "reception")
        assert resp.status_code < 500, (path, resp.content[:300])
        if resp.status_code >= 400:
            error_of(resp, resp.status_code)


@pytest.mark.parametrize("debug", [False, True])
def test_an_exception_inside_an_api_operation_is_a_500_in_the_error_shape(
    api: Api, world: World, settings: Any, debug: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure injected into a real operation (ninja's default answers the traceback as
    text/plain when DEBUG is on)."""
    from motcua.catalog import selectors

    def broken() -> Any:
        raise RuntimeError("secret internals /etc/motcua.env")

    monkeypatch.setattr(selectors, "field_list", broken)
    settings.DEBUG = debug
    resp = api.get("/fields")
    error_of(resp, 500, "server_error")
    assert "secret" not in resp.content.decode()
