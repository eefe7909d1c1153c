"""One structure, two formats: the JSON and the XML of a GeoReport v2 response carry the same
content (docs/rules.md §25). XML element names follow the spec's examples: a list is wrapped in
its plural root and each item is named by `ITEM_NAMES`; booleans are `true`/`false`; None is an
empty element."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

ITEM_NAMES = {
    "service_requests": "request",
    "services": "service",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(el: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(el, key), child)
    elif isinstance(value, list):
        name = ITEM_NAMES[el.tag]
        for item in value:
            _fill(ET.SubElement(el, name), item)
    else:
        el.text = _text(value)


def to_xml(root: str, data: Any) -> bytes:
    el = ET.Element(root)
    _fill(el, data)
    return ET.tostring(el, encoding="UTF-8", xml_declaration=True)


def respond(data: Any, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """`data` as JSON or XML (`root` names the XML root element)."""
    if fmt == "xml":
        return HttpResponse(
            to_xml(root, data), status=status, content_type="text/xml; charset=utf-8"
        )
    body = json.dumps(data, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def error(code: int, description: str, fmt: str) -> HttpResponse:
    """The spec's error format: a list of {code, description}, with the HTTP status."""
    return respond([{"code": code, "description": description}], fmt, "errors", status=code)
