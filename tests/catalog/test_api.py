"""GET /api/v1/procedures, /api/v1/procedures/{code}, /api/v1/fields."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.catalog.models import ProcedureVersion, RequiredDocument
from tests.catalog.conftest import WARD

pytestmark = pytest.mark.usefixtures("catalogue")


def test_list_shape(client):
    response = client.get("/api/v1/procedures", {"q": "dang ky ket hon", "limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    assert body["items"][0] == {
        "code": "1.000894",
        "name": "Đăng ký kết hôn",
        "field": {"code": "HT", "name": "Hộ tịch"},
        "level": "commune",
        "online_type": "end_to_end",
        "time_limit": {"value": 5.0, "unit": "working_days", "text": ""},
        "agencies": [{"code": WARD, "name": "UBND phường Bến Thành"}],
    }
    assert len(body["items"]) == 2


def test_list_filters_and_offset(client):
    body = client.get(
        "/api/v1/procedures", {"field": "HT", "online_type": "end_to_end", "offset": 1}
    ).json()
    assert body["count"] == 3
    assert [i["code"] for i in body["items"]] == ["1.001191", "1.004873"]


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"online_type": "fax"}, {"limit": "x"}],
)
def test_list_validates_its_parameters(client, params):
    response = client.get("/api/v1/procedures", params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("q", ['"', "*", "AND (", 'ket" OR "hon', "%_"])
def test_list_accepts_query_syntax_as_text(client, q):
    assert client.get("/api/v1/procedures", {"q": q}).status_code == 200


def test_list_query_count_is_bounded(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/procedures", {"q": "dang", "limit": 100}).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/procedures", {"limit": 100}).status_code == 200


def test_detail_has_every_field(client, django_assert_max_num_queries):
    RequiredDocument.objects.filter(version__procedure__code="2.000815").update(
        template="templates/mau-to-khai.docx"
    )
    document = RequiredDocument.objects.get(version__procedure__code="2.000815", version__number=2)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/procedures/2.000815")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2
    assert body["name"] == "Chứng thực bản sao từ bản chính"
    assert body["documents"] == [
        {
            "order": 1,
            "name": "Bản chính giấy tờ",
            "copy_type": "original",
            "quantity": 1,
            "is_required": True,
            "reusable": False,
            "template_name": "Mẫu tờ khai",
            "template_url": f"http://testserver/thu-tuc/2.000815/mau/{document.pk}/",
        }
    ]
    assert body["fees"] == [
        {
            "kind": "charge",
            "description": "Lệ phí chứng thực",
            "amount": 2000,
            "condition": "Mỗi trang",
        },
    ]
    assert body["publication_decision"] == {"number": "", "date": None}
    assert body["effective_from"] is None
    assert body["channels"] == ["counter"]
    for key in (
        "legal_basis",
        "requirements",
        "steps_text",
        "agency_text",
        "applicants",
        "result_type",
        "eligible_end_to_end",
        "paper_result_required",
        "form_schema",
        "receipt_cutoff",
        "applicant_types",
        "published_at",
        "time_limit",
        "agencies",
    ):
        assert key in body


def test_detail_gives_the_effective_date(client):
    ProcedureVersion.objects.filter(procedure__code="1.000894").update(
        effective_from=date(2025, 7, 1)
    )
    body = client.get("/api/v1/procedures/1.000894").json()
    assert body["effective_from"] == "2025-07-01"


def test_detail_template_url_is_null_without_a_file(client):
    body = client.get("/api/v1/procedures/2.000815").json()
    assert body["documents"][0]["template_url"] is None


@pytest.mark.parametrize("code", ["0.000000", "9.000001"])
def test_detail_unknown_or_unpublished_is_404_in_the_error_shape(client, code):
    response = client.get(f"/api/v1/procedures/{code}")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "procedure_not_found"
    assert set(error) == {"code", "message", "details"}


def test_fields(client):
    response = client.get("/api/v1/fields")
    assert response.status_code == 200
    assert response.json() == [
        {"code": "DD", "name": "Đất đai"},
        {"code": "HT", "name": "Hộ tịch"},
        {"code": "XD", "name": "Xây dựng"},
    ]


def test_openapi_declares_the_error_responses(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/procedures/{code}"]["get"]["responses"]) == {"200", "404"}
    assert set(paths["/api/v1/procedures"]["get"]["responses"]) == {"200", "422"}
