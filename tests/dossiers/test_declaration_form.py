"""The declaration form built from a procedure's form definition: one widget per type, values
passed on as typed (the rules are the services').
Shared by the counter intake (prefix "tk") and the online wizard (prefix "f")."""

from __future__ import annotations

import re

from motcua.dossiers.declaration_form import declaration_form, declaration_values

SCHEMA = [
    {"name": "purpose", "label": "Mục đích", "type": "text", "required": True},
    {"name": "born", "label": "Ngày sinh", "type": "date"},
    {"name": "count", "label": "Số bản", "type": "number"},
    {"name": "father_id", "label": "CCCD của cha", "type": "cccd"},
    {"name": "phone", "label": "Điện thoại", "type": "phone"},
    {"name": "sex", "label": "Giới tính", "type": "choice", "choices": ["Nam", "Nữ"]},
]


def test_each_type_gets_its_widget() -> None:
    html = str(declaration_form(SCHEMA, prefix="tk"))
    assert 'name="tk-purpose"' in html
    assert 'required aria-required="true"' in html or 'aria-required="true"' in html
    assert 'type="date" name="tk-born"' in html
    assert 'inputmode="decimal"' in html
    assert re.search(r'name="tk-father_id"[^>]*inputmode="numeric"[^>]*maxlength="12"', html)
    assert re.search(r'type="tel" name="tk-phone"[^>]*inputmode="tel" autocomplete="off"', html)
    assert '<option value="Nữ">Nữ</option>' in html


def test_values_are_passed_on_as_typed_and_empty_ones_dropped() -> None:
    form = declaration_form(
        SCHEMA, {"tk-purpose": " Đi học ", "tk-count": "2", "tk-sex": ""}, prefix="tk"
    )
    assert form.is_valid()
    assert declaration_values(form) == {"purpose": " Đi học ", "count": "2"}


def test_an_unknown_choice_is_refused_by_the_form() -> None:
    form = declaration_form(SCHEMA, {"tk-sex": "Khác"}, prefix="tk")
    assert not form.is_valid()
    assert "sex" in form.errors


def test_the_citizen_s_own_device_may_autofill_a_phone() -> None:
    html = str(declaration_form(SCHEMA, prefix="f", autofill=True))
    assert re.search(r'name="f-phone"[^>]*autocomplete="tel"', html)
