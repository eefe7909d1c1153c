"""The catalogue service refuses control characters and unknown applicant types, so the admin
and the seed commands cannot store what the spreadsheets and slips would choke on."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import Procedure
from motcua.catalog.services import DocumentData, FeeData, procedure_draft_save
from tests.catalog.conftest import make_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"requirements": "Đăng ký\u0001 khai sinh"}, "requirements"),
        ({"time_limit_text": "5 ngày\x1b"}, "time_limit_text"),
        ({"legal_basis": "Luật Hộ tịch\u0000"}, "legal_basis"),
        ({"documents": [DocumentData(name="Tờ khai\u0007")]}, "documents"),
        ({"fees": [FeeData(kind="fee", description="Phí\ufffe", amount=1)]}, "fees"),
        ({"form_schema": [{"name": "x", "label": "Họ\u0002tên", "type": "text"}]}, "form_schema"),
        ({"applicant_types": ["individual", "robot"]}, "applicant_types"),
    ],
)
def test_bad_catalogue_input_is_refused_and_nothing_is_stored(catalogue, overrides, field):
    with pytest.raises(ValidationError) as info:
        procedure_draft_save(data=make_data("1.099999", "Thủ tục mới", **overrides))
    assert field in info.value.message_dict
    assert not Procedure.objects.filter(code="1.099999").exists()


def test_line_breaks_are_allowed_in_long_texts(catalogue):
    data = make_data("1.099999", "Thủ tục mới", legal_basis="Luật A;\nNghị định B\t(2025)")
    assert procedure_draft_save(data=data).legal_basis.endswith("(2025)")
