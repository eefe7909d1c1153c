"""Exact statement counts of the catalogue's hot reads: the search API, the home page and a
search page. A new statement on these paths is a regression the bench would show as latency;
here it fails at once. Inside a test's transaction the per-process search index keeps nothing it
reads (catalog/selectors.py `_IndexCache`: it may roll back), so each request here also reads
the versions in force: one statement more than a warm production process runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def warm(client: Client) -> Client:
    assert client.get("/api/v1/procedures", {"q": "ket hon"}).status_code == 200
    return client


def test_search_api_statements(warm: Client, django_assert_num_queries: Any) -> None:
    # the ids in force, (the index's versions,) the page's versions, their agencies
    with django_assert_num_queries(4):
        body = warm.get("/api/v1/procedures", {"q": "dang ky ket hon"}).json()
    assert body["count"] == 6


def test_home_page_statements(warm: Client, django_assert_num_queries: Any) -> None:
    # the search's and the field filter's list; no session, no user for a visitor
    with django_assert_num_queries(5):
        assert warm.get("/").status_code == 200


def test_search_page_statements(warm: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(5):
        html = warm.get("/", {"q": "dang ky ket hon"}).content.decode()
    assert "Tìm thấy 6 thủ tục" in html
