"""/api/v1/docs works offline: Swagger UI's files are served by the project (django-ninja's
static folder), every URL the page references is same-origin, and each answers 200."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest
from django.test import Client

REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def references(html: str) -> list[str]:
    return REFERENCE.findall(html)


def test_docs_page_references_only_same_origin_urls() -> None:
    resp = Client().get("/api/v1/docs")
    assert resp.status_code == 200
    html = resp.content.decode()
    refs = references(html)
    assert any(r.endswith("swagger-ui-bundle.js") for r in refs)
    assert any(r.endswith("swagger-ui.css") for r in refs)
    for ref in refs:
        parts = urlsplit(ref)
        assert not parts.scheme, ref
        assert not parts.netloc, ref  # not even protocol-relative //cdn...
        assert ref.startswith("/"), ref
    assert "cdn" not in html.lower()


def test_docs_page_hands_the_csrf_token_to_swagger() -> None:
    resp = Client().get("/api/v1/docs")
    token = re.search(r'data-csrf-token="([^"]*)"', resp.content.decode())
    assert token is not None
    assert len(token.group(1)) >= 32
    assert 'data-api-csrf="true"' in resp.content.decode()


@pytest.mark.django_db
def test_every_referenced_asset_answers_200(live_server: Any) -> None:
    with urlopen(live_server.url + "/api/v1/docs") as page:
        html = page.read().decode()
    refs = [*references(html), "/api/v1/openapi.json"]
    for ref in refs:
        with urlopen(urljoin(live_server.url, ref)) as asset:
            assert asset.status == 200, ref
            assert len(asset.read()) > 100, ref


def test_openapi_document_has_no_duplicate_keys() -> None:
    """Swagger UI refuses a document with a repeated key ("duplicated mapping key") and shows
    nothing; an int and a str 200 once both ended up in one operation's responses."""
    duplicates: list[list[str]] = []

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            duplicates.append(keys)
        return dict(pairs)

    resp = Client().get("/api/v1/openapi.json")
    json.loads(resp.content, object_pairs_hook=no_duplicates)
    assert duplicates == []
