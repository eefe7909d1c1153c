"""The registers of Decree 30/2020 Annex IV as pages and XLSX: the outgoing register shows the
issued symbol, the XLSX has the Vietnamese headers with numbers as number cells, each register
for its agency's clerk and leaders only."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.models import User
from motcua.documents import registers
from motcua.documents.models import IncomingDocument, OutgoingDocument
from motcua.documents.services_incoming import incoming_assign, incoming_receive
from motcua.documents.services_outgoing import document_issue
from motcua.testing.auth import sign_in
from tests.documents.conftest import City, approved

pytestmark = [pytest.mark.django_db]


def client_for(user: Any) -> Client:
    return sign_in(Client(), user)


def issued(c: City, **overrides: Any) -> OutgoingDocument:
    return document_issue(actor=c.u("clerk"), document=approved(c, **overrides))


def sheet(response: Any) -> Any:
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_the_outgoing_register_shows_the_issued_number(
    town: City, clock: Any, django_assert_max_num_queries: Any
) -> None:
    issued(town)
    issued(town, subject="Về việc kiện toàn Ban chỉ đạo")
    client = client_for(town.u("clerk"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("documents:outgoing_register"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "01/QĐ-UBND" in text
    assert "02/QĐ-UBND" in text
    assert "Quyết định: Về việc kiện toàn Ban chỉ đạo" in text
    # another year has nothing; a bad year is ignored (this year)
    assert "01/QĐ-UBND" not in client.get("/can-bo/van-ban/di/?year=2025").content.decode()
    assert "01/QĐ-UBND" in client.get("/can-bo/van-ban/di/?year=abc").content.decode()


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_the_outgoing_xlsx_headers_and_cells(town: City, clock: Any) -> None:
    doc = issued(town)
    ws = sheet(client_for(town.u("leader")).get(reverse("documents:outgoing_register_xlsx")))
    assert ws["A1"].value == "Sổ đăng ký văn bản đi năm 2026 — UBND Phường Bến Thành"
    assert [c.value for c in ws[3]] == [
        "Số, ký hiệu văn bản",
        "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung văn bản",
        "Người ký",
        "Nơi nhận văn bản",
        "Đơn vị, người nhận bản lưu",
        "Số lượng bản",
        "Ngày chuyển",
        "Ký nhận",
        "Ghi chú",
    ]
    row = [c.value for c in ws[4]]
    assert row[0] == "01/QĐ-UBND"
    assert ws["A4"].data_type == "s"
    assert row[1] == "05/02/2026"
    assert row[3] == doc.signer_name == "Leader"
    assert row[4] == "Sở Tư pháp; Văn phòng UBND Thành phố"
    assert ws.max_row == 4


def test_the_incoming_and_followup_registers(signing_pki: City) -> None:
    c = signing_pki
    source = issued(c, subject='=HYPERLINK("http://x")')
    received = incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=source)
    client = client_for(c.u("dept_clerk"))
    page = client.get(reverse("documents:incoming_register"))
    assert page.status_code == 200
    assert "01/QĐ-UBND" in page.content.decode()
    ws = sheet(client.get(reverse("documents:incoming_register_xlsx")))
    assert [c.value for c in ws[3]] == list(registers.INCOMING_COLUMNS)
    assert registers.INCOMING_COLUMNS[:2] == ("Ngày đến", "Số đến")
    assert ws["B4"].value == 1
    assert ws["B4"].data_type == "n"  # the incoming number is a number cell
    assert ws["D4"].value == "01/QĐ-UBND"
    assert ws["F4"].value == 'Quyết định: =HYPERLINK("http://x")'
    assert ws["F4"].data_type == "s"  # a text, never a formula
    # the follow-up register lists it once a lead unit is named
    empty = client.get(reverse("documents:followup_register"))
    assert empty.status_code == 200
    assert "Sổ chưa có văn bản nào." in empty.content.decode()
    head = client_for(c.u("dept_head"))
    incoming_assign(
        actor=c.u("dept_head"),
        document=received,
        lead_unit=c.division,
        coordinating_units=[c.dept],
        deadline=date(2026, 2, 20),
    )
    ws = sheet(head.get(reverse("documents:followup_register_xlsx")))
    assert [c.value for c in ws[3]] == [
        "Số đến",
        "Văn bản",
        "Đơn vị, người giải quyết",
        "Thời hạn giải quyết",
        "Tiến độ giải quyết",
        "Số, ký hiệu văn bản trả lời",
        "Ghi chú",
    ]
    assert ws["A4"].value == 1
    assert ws["A4"].data_type == "n"
    assert ws["C4"].value == "Phòng Hộ tịch; Sở Tư pháp (phối hợp)"
    assert ws["D4"].value == "20/02/2026"
    assert ws["E4"].value == "Đã phân công"
    assert IncomingDocument.objects.count() == 1


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_registers_for_the_right_role_and_agency(town: City, clock: Any) -> None:
    issued(town)
    url = reverse("documents:outgoing_register")
    # the department's clerk has the department's register, not the ward's
    dept = client_for(town.u("dept_clerk"))
    assert "01/QĐ-UBND" not in dept.get(url).content.decode()
    assert dept.get(f"{url}?agency={town.ward.pk}").status_code == 404
    xlsx = reverse("documents:outgoing_register_xlsx")
    assert dept.get(f"{xlsx}?agency={town.ward.pk}").status_code == 404
    # a specialist keeps no register; a citizen has no workspace
    assert client_for(town.u("drafter")).get(url).status_code == 403
    citizen = User.objects.create_user(username="dan", password="x-test-pass", kind="citizen")
    assert client_for(citizen).get(url).status_code == 403
