"""Open311 fixtures: the feedback city, an API key, and the response checks (every JSON
response against its schema in schemas/, the XML twin with identical content)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from django.test import Client

from motcua.open311.render import ITEM_NAMES
from motcua.open311.services import apikey_create
from tests.dossiers.conftest import world  # noqa: F401
from tests.feedback.conftest import city, clock  # noqa: F401

SCHEMAS = Path(__file__).parent / "schemas"
BASE = "/open311/v2/"


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.json").read_text())


def _leaf(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_text(data: Any) -> Any:
    """JSON data with every leaf as XML would carry it."""
    if isinstance(data, dict):
        return {k: as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_text(v) for v in data]
    return _leaf(data)


def from_xml(el: ET.Element) -> Any:
    if el.tag in ITEM_NAMES:
        return [from_xml(child) for child in el]
    if len(el):
        return {child.tag: from_xml(child) for child in el}
    return el.text or ""


def check(
    client: Client, path: str, name: str, expect: int = 200, method: str = "get", **params: Any
) -> Any:
    """GET or POST `path`.json and `path`.xml; the JSON validates against schema `name` and the
    XML (UTF-8, declared) holds the same content. Returns the JSON data."""
    call = getattr(client, method)
    resp = call(f"{BASE}{path}.json", params)
    assert resp.status_code == expect, resp.content
    assert resp["Content-Type"].startswith("application/json")
    data = resp.json()
    jsonschema.validate(data, schema(name), format_checker=jsonschema.FormatChecker())
    if method == "post":  # a second POST would create a second request
        return data
    xml = call(f"{BASE}{path}.xml", params)
    assert xml.status_code == expect
    assert xml["Content-Type"].startswith("text/xml")
    assert xml.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = ET.fromstring(xml.content)
    content = from_xml(root)
    if root.tag in ITEM_NAMES:
        assert content == as_text(data)
    else:
        assert content == as_text(data)
    return data


@pytest.fixture
def api_key(city: Any) -> str:  # noqa: F811
    return apikey_create(actor=None, name="Ứng dụng thử")[1]
