"""The public pages: search at / and the procedure page."""

from __future__ import annotations

import pytest

from motcua.catalog.models import RequiredDocument

pytestmark = pytest.mark.usefixtures("catalogue")


def test_home_lists_everything_without_a_query(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="q"' in html
    assert "Tìm thấy 11 thủ tục" in html
    assert "Hộ tịch" in html  # field filter


def test_home_searches_without_diacritics(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/", {"q": "dang ky ket hon"})
    html = response.content.decode()
    assert "Tìm thấy 6 thủ tục" in html
    first = html.index("Đăng ký kết hôn</a>")
    assert first < html.index("Xác nhận tình trạng hôn nhân</a>")
    assert 'href="/thu-tuc/1.000894/"' in html
    assert "Toàn trình" in html
    assert "5 ngày làm việc" in html


def test_home_filters_and_paginates(client):
    html = client.get("/", {"field": "HT"}).content.decode()
    assert "Tìm thấy 8 thủ tục" in html
    assert "Đăng ký đất đai" not in html
    html = client.get("/", {"q": "", "online_type": "none", "field": "DD"}).content.decode()
    assert "Tìm thấy 1 thủ tục" in html
    assert "Đăng ký đất đai lần đầu" in html


def test_home_pagination_links_keep_the_query(client, monkeypatch):
    monkeypatch.setattr("motcua.portal.views.PER_PAGE", 2)
    html = client.get("/", {"q": "dang ky", "page": "2"}).content.decode()
    assert "Trang 2 / " in html
    assert "?q=dang+ky&amp;page=3" in html
    assert "?q=dang+ky&amp;page=1" in html


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-4"},
        {"online_type": "x"},
        {"q": '"*AND('},
        {"page": "999999999999"},
        {"field": "\x00"},
        {"agency": "a\x00"},
        {"q": "\x00"},
    ],
)
def test_home_tolerates_odd_parameters(client, params):
    assert client.get("/", params).status_code == 200


def test_home_htmx_request_gets_only_the_results(client):
    response = client.get("/", {"q": "ket hon"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Tìm thấy 6 thủ tục" in html
    assert "HX-Request" in response["Vary"]
    assert 'id="results-status" hx-swap-oob="innerHTML"' in html


def test_procedure_page_shows_every_part(client, django_assert_max_num_queries):
    RequiredDocument.objects.filter(version__procedure__code="2.000815").update(
        template="templates/mau-to-khai.docx"
    )
    with django_assert_max_num_queries(6):
        response = client.get("/thu-tuc/2.000815/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Chứng thực bản sao từ bản chính",
        "Thành phần hồ sơ",
        "Bản chính giấy tờ",
        'href="/thu-tuc/2.000815/mau/',
        "Phí, lệ phí",
        "2.000 đồng",
        "Lệ phí chứng thực",
        "Thời hạn giải quyết",
        "UBND phường Bến Thành",
        "Trực tiếp",
        "Trình tự thực hiện",
        "Yêu cầu, điều kiện",
        "Căn cứ pháp lý",
        "Quyết định công bố",
        "Một phần",
        "Cá nhân",
    ):
        assert text in html, text


@pytest.mark.parametrize("code", ["0.000000", "9.000001", "1.000894%00"])
def test_procedure_page_unknown_code_is_404(client, code):
    assert client.get(f"/thu-tuc/{code}/").status_code == 404
