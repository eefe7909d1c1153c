"""Property-based contract test: schemathesis drives every operation of /api/v1/ in-process
through the WSGI app, with valid and invalid (junk) data, authenticated as an official or a
citizen of the seeded world, on path codes that exist (procedure, dossier, agency) as well as
random ones.

Every operation must answer without a 5xx, with a documented status, a body matching the
documented schema for that status, and every 4xx in the one error shape."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import InProcessWSGI
from tests.dossiers.conftest import World

APP = InProcessWSGI()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)

# Fixed examples by default, so the suite is stable; MOTCUA_API_FUZZ_EXAMPLES=500 runs a deeper,
# randomised exploration.
FUZZ_EXAMPLES = int(os.environ.get("MOTCUA_API_FUZZ_EXAMPLES", "0"))

# Callers drawn per example; None sends no token (401 expected on the dossier endpoints).
CALLERS = ["reception", "reception", "specialist", "signer", "citizen", None]


def error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx body is `{"error": {"code": str, "message": str, "details": ...}}`."""
    if not 400 <= response.status_code < 500:
        return None  # 5xx are reported by not_a_server_error
    try:
        body = json.loads(response.text)
    except ValueError:
        raise AssertionError(
            f"{response.status_code} is not JSON: {response.text[:200]!r}"
        ) from None
    assert isinstance(body, dict), body
    assert set(body) == {"error"}, body
    err = body["error"]
    assert isinstance(err, dict), body
    assert set(err) == {"code", "message", "details"}, body
    assert isinstance(err["code"], str), body
    assert err["code"], body
    assert isinstance(err["message"], str), body
    assert err["message"], body
    return None


CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, error_shape]


def _real_values(case: Any, world: World, dossier_code: str) -> dict[str, str]:
    """Existing values for the path parameters of `case`, by resource."""
    resource = case.path.split("/")[3]  # /api/v1/<resource>/...
    return {
        "procedures": {"code": world.simple},
        "dossiers": {"code": dossier_code},
        "track": {"code": dossier_code},
        "agencies": {"agency_code": world.ward.code},
    }.get(resource, {})


@pytest.mark.django_db
@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=FUZZ_EXAMPLES or 25,
    deadline=None,
    derandomize=not FUZZ_EXAMPLES,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_contract(
    case: Any, data: Any, world: World, tokens: dict[str, str], dossier_code: str
) -> None:
    for name, value in _real_values(case, world, dossier_code).items():
        if name in (case.path_parameters or {}) and data.draw(st.booleans(), label=name):
            case.path_parameters[name] = value
    who = data.draw(st.sampled_from(CALLERS), label="caller")
    headers = {"Authorization": f"Bearer {tokens[who]}"} if who else {}
    case.call_and_validate(headers=headers, checks=CHECKS)
