"""The procedure page: the online-service glossary, the date the procedure took effect, and a
long ward list folded behind a chooser that shows one ward's address, phone and office hours."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from motcua.accounts.models import Agency, AgencyKind
from motcua.catalog.models import Field
from motcua.portal.agency_info import agency_card, sessions_text
from tests.catalog.conftest import make_data, publish

WARDS = [f"000.00.{n:02d}.H29" for n in range(31, 43)]  # 12 wards


@pytest.fixture
def ward_procedure(db: Any) -> str:
    Field.objects.create(code="HT", name="Hộ tịch")
    for i, code in enumerate(WARDS):
        Agency.objects.create(
            code=code,
            name=f"UBND phường Số {i + 1:02d}",
            short_name=f"P{i + 1}",
            kind=AgencyKind.WARD,
            address=f"{i + 1} Lê Lợi, phường Số {i + 1:02d}",
            phone="028 3829 0000",
            saturday_hours=[["07:30", "11:30"]] if i == 0 else [],
        )
    publish(
        make_data(
            "1.001191",
            "Đăng ký khai sinh",
            online_type="end_to_end",
            agencies=WARDS,
            effective_from=date(2025, 7, 1),
            paper_result_required=True,
        )
    )
    publish(make_data("1.000894", "Đăng ký kết hôn", agencies=WARDS[:2]))
    return "/thu-tuc/1.001191/"


def test_the_page_explains_the_online_levels_and_paper_results(
    client: Any, ward_procedure: str
) -> None:
    response = client.get(ward_procedure)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<details class="explain">' in html
    assert "nhận kết quả trực tuyến hoặc qua bưu chính" in html
    assert "Nghị định 42/2022/NĐ-CP, Điều 11" in html
    assert "còn bước phải làm trực tiếp" in html
    assert "bắt buộc nhận kết quả bản giấy" in html
    assert "css/catalog.css" in html


def test_the_page_shows_the_effective_date_not_the_load_date(
    client: Any, ward_procedure: str
) -> None:
    html = client.get(ward_procedure).content.decode()
    assert html.count("<dt>Ngày hiệu lực</dt><dd>01/07/2025</dd>") == 2
    assert "áp dụng từ" not in html
    html = client.get("/thu-tuc/1.000894/").content.decode()
    assert "<dt>Ngày hiệu lực</dt><dd>Chưa ghi nhận</dd>" in html


def test_a_long_ward_list_is_folded_with_a_chooser(
    client: Any, ward_procedure: str, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(6):
        response = client.get(ward_procedure)
    html = response.content.decode()
    assert '<details class="agency-list">' in html
    assert "<summary>12 phường, xã thực hiện</summary>" in html
    assert '<label for="agency-select">Chọn phường, xã của bạn</label>' in html
    assert html.count('<option value="000.00.') == 12
    assert 'class="agency-card"' not in html


def test_a_short_list_is_not_folded(client: Any, ward_procedure: str) -> None:
    html = client.get("/thu-tuc/1.000894/").content.decode()
    assert "agency-list" not in html
    assert "<li>UBND phường Số 01</li>" in html


def test_choosing_a_ward_shows_its_address_phone_and_hours(
    client: Any, ward_procedure: str
) -> None:
    response = client.get(ward_procedure, {"agency": WARDS[0]})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h3 id="agency-card-name">UBND phường Số 01</h3>' in html
    assert "1 Lê Lợi, phường Số 01" in html
    assert 'href="tel:02838290000"' in html
    assert "Thứ Hai đến thứ Sáu: 07:30–11:30, 13:00–17:00" in html
    assert "Thứ Bảy: 07:30–11:30" in html
    assert f'<option value="{WARDS[0]}" selected>' in html
    html = client.get(ward_procedure, {"agency": WARDS[1]}).content.decode()
    assert "Thứ Bảy" not in html


@pytest.mark.parametrize("bad", ["000.00.99.H29", "x" * 40, "a\x00"])
def test_a_ward_that_does_not_do_the_procedure_is_an_error(
    client: Any, ward_procedure: str, bad: str
) -> None:
    response = client.get(ward_procedure, {"agency": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phường, xã đã chọn không thực hiện thủ tục này." in html
    assert 'aria-invalid="true" aria-describedby="agency-error"' in html
    assert 'class="agency-card"' not in html


def test_sessions_text_and_default_hours() -> None:
    assert sessions_text([["07:00", "11:00"]]) == "07:00–11:00"
    assert sessions_text([]) == ""
    card = agency_card(Agency(code="x", name="x", office_hours=[], saturday_hours=[]))
    assert card.office_hours == "07:30–11:30, 13:00–17:00"
    assert card.saturday_hours == ""
