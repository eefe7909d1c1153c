"""The published OpenAPI document: served, valid OpenAPI 3, complete, and the docs page."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client

PATHS = {
    "/api/v1/procedures": {"get"},
    "/api/v1/procedures/{code}": {"get"},
    "/api/v1/dossiers": {"get", "post"},
    "/api/v1/dossiers/{code}": {"get"},
    "/api/v1/dossiers/{code}/attachments": {"post"},
    "/api/v1/track/{code}": {"get"},
    "/api/v1/agencies/{agency_code}/tracking-book": {"get"},
}
# Each action: its operation id, its request schema's required fields and the other fields
# it takes, and the error statuses it documents besides 401, 404 and 422.
ACTIONS: dict[str, tuple[str, set[str], set[str], set[int]]] = {
    "receive": ("dossier_receive", set(), {"version"}, {403, 409}),
    "request_supplement": (
        "dossier_request_supplement",
        {"items"},
        {"legal_basis", "override", "version"},
        {400, 403, 409},
    ),
    "supplement": ("dossier_supplement", set(), {"note", "version"}, {403, 409}),
    "refuse": ("dossier_refuse", {"reasons"}, {"version"}, {400, 403, 409}),
    "claim": ("step_claim", {"step_id"}, set(), {403, 409}),
    "assign": ("step_assign", {"step_id", "assignee"}, set(), {400, 403, 409}),
    "complete_step": (
        "step_complete",
        {"step_id", "outcome"},
        {"note", "items", "reasons", "target_agency", "legal_basis", "override", "version"},
        {400, 403, 409},
    ),
    "forward": ("step_forward", {"step_id", "target_agency"}, {"note", "version"}, {400, 403, 409}),
    "record_result": ("result_record", {"summary"}, {"version"}, {400, 403, 409}),
    "return_result": ("result_return", {"channel"}, {"version"}, {403, 409}),
    "withdraw": ("dossier_withdraw", {"reason"}, {"version"}, {400, 403, 409}),
    "cancel": ("dossier_cancel", {"reason"}, {"version"}, {400, 403, 409}),
    "apologize": ("apology_issue", {"reason", "new_due"}, {"version"}, {400, 403, 409}),
}
PATHS.update({f"/api/v1/dossiers/{{code}}/actions/{name}": {"post"} for name in ACTIONS})
PUBLIC = {"/api/v1/procedures", "/api/v1/procedures/{code}", "/api/v1/track/{code}"}


def validate_openapi(spec: dict[str, Any]) -> None:
    """Raise if `spec` is not a valid OpenAPI 3 document: openapi-spec-validator when it is
    installed, else schemathesis's own validation against the OpenAPI meta-schema."""
    try:
        from openapi_spec_validator import validate
    except ImportError:
        import schemathesis

        schemathesis.openapi.from_dict(copy.deepcopy(spec)).validate()
    else:
        validate(spec)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    resp = Client().get("/api/v1/openapi.json")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/json")
    return resp.json()


def test_openapi_document_is_valid_openapi_3(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "Một Cửa API"
    validate_openapi(spec)


def _drop_info(spec: dict[str, Any]) -> None:
    del spec["info"]


def _break_responses(spec: dict[str, Any]) -> None:
    spec["paths"]["/api/v1/procedures"]["get"]["responses"] = "nope"


@pytest.mark.parametrize("breaks", [_drop_info, _break_responses])
def test_the_validator_is_not_vacuous(spec: dict[str, Any], breaks: Any) -> None:
    broken = copy.deepcopy(spec)
    breaks(broken)
    with pytest.raises(Exception, match=r"required property|is not of type|valid"):
        validate_openapi(broken)


def test_every_endpoint_is_documented(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    for path, methods in PATHS.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))


def test_dossier_endpoints_require_a_bearer_token_and_catalogue_and_tracking_are_public(
    spec: dict[str, Any],
) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    for path, methods in PATHS.items():
        for method in methods:
            operation = spec["paths"][path][method]
            if path in PUBLIC:
                assert "security" not in operation, (method, path)
            else:
                assert operation["security"] == [{"TokenAuth": []}], (method, path)


def test_errors_are_documented_with_the_error_shape(spec: dict[str, Any]) -> None:
    error_out = spec["components"]["schemas"]["ErrorOut"]
    assert error_out["required"] == ["error"]
    for path, methods in PATHS.items():
        for method in methods:
            responses = spec["paths"][path][method]["responses"]
            errors = {s: r for s, r in responses.items() if int(s) >= 400}
            assert errors, (method, path)
            for status, response in errors.items():
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorOut", (method, path, status)
    track = spec["paths"]["/api/v1/track/{code}"]["get"]["responses"]
    assert {"403", "404", "429"} <= set(track)


def test_docs_page_is_served() -> None:
    resp = Client().get("/api/v1/docs")
    assert resp.status_code == 200
    assert b"swagger" in resp.content.lower()
    assert b"/api/v1/openapi.json" in resp.content


def _ref(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_each_action_is_its_own_operation_with_its_own_schema_and_errors(
    spec: dict[str, Any], name: str
) -> None:
    """One generic operation with one schema of every field hid what each action needs."""
    operation_id, required, optional, errors = ACTIONS[name]
    operation = spec["paths"][f"/api/v1/dossiers/{{code}}/actions/{name}"]["post"]
    assert operation["operationId"] == operation_id
    assert not operation["summary"].isascii(), operation["summary"]  # Vietnamese
    assert [p["name"] for p in operation["parameters"]] == ["code"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    schema = _ref(spec, body["$ref"])
    assert set(schema["properties"]) == required | optional
    assert set(schema.get("required", [])) == required
    documented = {int(status) for status in operation["responses"]}
    assert documented == {200, 401, 404, 422} | errors
    for status, response in operation["responses"].items():
        assert response["description"] not in {"OK", "Not Found", "Unknown Status Code"}, status
        assert not response["description"].isascii(), (status, response["description"])


def test_action_operation_ids_are_unique(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
