"""`receipt_cutoff` in the API: the value and the OpenAPI schema agree (schemathesis reported a
`format: time` field returned as "15:00:00" without an offset)."""

from __future__ import annotations

import re
from datetime import time

import pytest

from tests.catalog.conftest import make_data, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_cutoff(catalogue):
    publish(make_data("1.009999", "Chứng thực chữ ký", receipt_cutoff=time(15, 0)))


def test_receipt_cutoff_is_local_hh_mm_and_the_schema_says_so(client, with_cutoff):
    body = client.get("/api/v1/procedures/1.009999").json()
    assert body["receipt_cutoff"] == "15:00"
    assert client.get("/api/v1/procedures/1.000894").json()["receipt_cutoff"] is None
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    prop = schema["ProcedureDetailOut"]["properties"]["receipt_cutoff"]
    variants = prop.get("anyOf", [prop])
    declared = next(v for v in variants if v.get("type") == "string")
    assert "format" not in declared
    assert re.fullmatch(declared["pattern"], body["receipt_cutoff"])
    assert "Asia/Ho_Chi_Minh" in prop["description"]
