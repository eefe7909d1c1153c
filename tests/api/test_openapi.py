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
    "/api/v1/dossiers/{code}/actions/{action}": {"post"},
    "/api/v1/dossiers/{code}/attachments": {"post"},
    "/api/v1/track/{code}": {"get"},
    "/api/v1/agencies/{agency_code}/tracking-book": {"get"},
}
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
    action = spec["paths"]["/api/v1/dossiers/{code}/actions/{action}"]["post"]
    (param,) = [p for p in action["parameters"] if p["name"] == "action"]
    assert {"receive", "complete_step", "return_result", "apologize"} <= set(
        param["schema"]["enum"]
    )
    track = spec["paths"]["/api/v1/track/{code}"]["get"]["responses"]
    assert {"403", "404", "429"} <= set(track)


def test_docs_page_is_served() -> None:
    resp = Client().get("/api/v1/docs")
    assert resp.status_code == 200
    assert b"swagger" in resp.content.lower()
    assert b"/api/v1/openapi.json" in resp.content
