"""Annex VI metadata (Decree 30/2020/NĐ-CP Annex VI Part II): the stored fields fit the annex's
lengths, the values of a real issued and received document in annex order, `check`, the XML and
the two downloads with their rights."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.apps import apps
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field as ModelField
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.documents import metadata
from motcua.documents.edxml.fields import field_limit
from motcua.documents.exchange_map import PRIORITY_OF
from motcua.documents.metadata import INCOMING, OUTGOING, Value, check, field_at
from motcua.documents.models import IncomingDocument, OutgoingDocument
from motcua.documents.services_incoming import incoming_assign, incoming_receive
from motcua.documents.services_outgoing import document_issue
from motcua.testing.auth import sign_in
from tests.documents.conftest import T0, City, approved


def _longest(field: ModelField) -> int:
    """The longest text a stored value of `field` can give: its choices' labels, its
    max_length, or the digits of the largest integer Django keeps on every database."""
    if field.choices:
        return max(len(str(label)) for _value, label in field.flatchoices)
    if field.max_length is not None:
        return int(field.max_length)
    # the range every backend keeps (SQLite would store 64 bits; PostgreSQL keeps 32)
    _low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
    return len(str(high))


def _cases() -> list[Any]:
    cases = []
    for name, table, sources in (
        ("outgoing", OUTGOING, metadata.OUTGOING_SOURCES),
        ("incoming", INCOMING, metadata.INCOMING_SOURCES),
    ):
        for model, field, path in sources:
            cases.append(
                pytest.param(
                    table,
                    model,
                    field,
                    path,
                    id=f"{name}:{path}<-{model.split('.')[1]}.{field}",
                )
            )
    return cases


@pytest.mark.parametrize(("table", "model", "field", "path"), _cases())
def test_each_stored_field_fits_its_annex_length(
    table: tuple[metadata.Field, ...], model: str, field: str, path: str
) -> None:
    target = field_at(table, path)
    assert target.length is not None, path
    assert _longest(apps.get_model(model)._meta.get_field(field)) <= target.length


def test_the_incoming_number_and_symbol_fits_both_fields() -> None:
    """`number_symbol` holds "{CodeNumber}/{CodeNotation}"; its writers keep each part within
    its field: an outgoing symbol here, or an edXML envelope whose parts edXML checks."""
    number, notation = field_at(INCOMING, "CodeNumber"), field_at(INCOMING, "CodeNotation")
    assert number.length is not None
    assert notation.length is not None
    stored = apps.get_model("documents.IncomingDocument")._meta.get_field("number_symbol")
    assert stored.max_length == number.length + 1 + notation.length
    outgoing = apps.get_model("documents.OutgoingDocument")._meta.get_field("symbol")
    assert outgoing.max_length <= notation.length
    parts = (field_limit("code_number"), field_limit("code_notation"))
    assert parts == (number.length, notation.length)


def test_priority_codes_fit_one_digit() -> None:
    limit = field_at(OUTGOING, "Priority").length
    assert limit is not None
    assert all(len(str(code)) <= limit for code in PRIORITY_OF.values())


def test_the_tables_follow_the_annex() -> None:
    assert len(OUTGOING) == 16
    assert [f.code for f in INCOMING][-5:] == [
        "ArrivalDate", "ArrivalNumber", "ToPlaces", "TraceHeaderList", "DueDate",
    ]  # fmt: skip
    # no length is invented where the annex gives none
    for code in ("Language", "PageAmount", "Description", "IssuedAmount", "DueDate"):
        assert field_at(OUTGOING, code).length is None


def _flat(values: list[Value]) -> list[tuple[str, Any]]:
    return [(v.field.code, tuple(p.value for p in v.parts) if v.parts else v.value) for v in values]


def _issued(c: City) -> OutgoingDocument:
    return document_issue(actor=c.u("clerk"), document=approved(c))


def _pages(doc: OutgoingDocument) -> int:
    with doc.pdf.open("rb") as handle:
        return len(PdfReader(BytesIO(handle.read())).pages)


@pytest.mark.django_db
def test_values_of_an_issued_document_in_annex_order(signing_pki: City) -> None:
    c = signing_pki
    doc = _issued(c)
    assert _flat(metadata.outgoing_metadata(doc)) == [
        ("FileCode", (c.ward.code, None, None)),
        ("DocOrdinal", None),
        ("TypeName", "Quyết định"),
        ("CodeNumber", "01"),
        ("CodeNotation", "QĐ-UBND"),
        ("IssuedDate", T0.date()),
        ("OrganName", "UBND Phường Bến Thành"),
        ("Subject", "Về việc thành lập Tổ công tác chuyển đổi số"),
        ("Language", "Tiếng Việt"),
        ("PageAmount", _pages(doc)),
        ("Description", ""),
        ("SignerInfo", ("Phó Chủ tịch", c.u("leader").full_name)),
        ("To", (c.dept.code, "Sở Tư pháp")),
        ("To", ("", "Văn phòng UBND Thành phố")),
        ("Priority", 0),
        ("IssuedAmount", 2),
        ("DueDate", None),
    ]
    assert _pages(doc) >= 1


def _received(c: City) -> IncomingDocument:
    doc = incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=_issued(c))
    return incoming_assign(
        actor=c.u("dept_head"), document=doc, lead_unit=c.division, deadline=date(2026, 2, 20)
    )


@pytest.mark.django_db
def test_values_of_a_received_document_in_annex_order(signing_pki: City) -> None:
    c = signing_pki
    doc = _received(c)
    values = dict(_flat(metadata.incoming_metadata(doc)))
    assert [v.field.code for v in metadata.incoming_metadata(doc)] == [f.code for f in INCOMING]
    assert values["FileCode"] == (c.dept.code, None, None)
    assert (values["CodeNumber"], values["CodeNotation"]) == ("01", "QĐ-UBND")
    assert values["OrganName"] == "UBND Phường Bến Thành"
    assert values["SignerInfo"] == ("Phó Chủ tịch", c.u("leader").full_name)
    assert values["PageAmount"] == _pages(doc.source)  # type: ignore[arg-type]
    assert (values["ArrivalDate"], values["ArrivalNumber"]) == (T0.date(), 1)
    assert values["ToPlaces"] == "Sở Tư pháp; Văn phòng UBND Thành phố"
    assert values["TraceHeaderList"] == (
        "Đơn vị chủ trì: Phòng Hộ tịch\nHạn giải quyết: 20/02/2026\nTình trạng xử lý: Đã phân công"
    )
    assert values["DueDate"] == date(2026, 2, 20)


def test_a_value_longer_than_its_field_is_refused() -> None:
    subject = field_at(OUTGOING, "Subject")
    check([Value(subject, "x" * 500)])
    with pytest.raises(DomainError) as refused:
        check([Value(subject, "x" * 501)])
    assert refused.value.code == "metadata.field_too_long"
    assert "Trích yếu nội dung" in refused.value.message
    assert "500" in refused.value.message
    # inside a composite, and a number counted in digits
    signer = field_at(OUTGOING, "SignerInfo")
    position, name = signer.parts
    with pytest.raises(DomainError, match="Họ tên người ký"):
        check([Value(signer, parts=(Value(position, "Chủ tịch"), Value(name, "n" * 51)))])
    with pytest.raises(DomainError, match="Độ ưu tiên"):
        check([Value(field_at(OUTGOING, "Priority"), 10)])
    with pytest.raises(DomainError, match="Số và ký hiệu hồ sơ"):
        metadata.metadata_xml(
            [Value(field_at(OUTGOING, "FileCode"), parts=(
                Value(field_at(OUTGOING, "FileCode/OrganId"), "000.02.90.H29"),
                Value(field_at(OUTGOING, "FileCode/FileCatalog"), 2026),
                Value(field_at(OUTGOING, "FileCode/FileNotation"), "y" * 21),
            ))],
            root=metadata.OUTGOING_ROOT,
        )  # fmt: skip


@pytest.mark.django_db
def test_the_xml_carries_the_values(signing_pki: City) -> None:
    c = signing_pki
    doc = _issued(c)
    data = metadata.metadata_xml(metadata.outgoing_metadata(doc), root=metadata.OUTGOING_ROOT)
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(data)
    assert root.tag == "OutgoingMetadata"
    assert [e.tag for e in root][:3] == ["FileCode", "DocOrdinal", "TypeName"]
    assert root.findtext("FileCode/OrganId") == c.ward.code
    assert root.findtext("FileCode/FileCatalog") == ""
    assert root.findtext("CodeNotation") == "QĐ-UBND"
    assert root.findtext("IssuedDate") == T0.date().isoformat()
    assert root.findtext("SignerInfo/FullName") == c.u("leader").full_name
    assert [e.findtext("OrganName") for e in root.findall("To")] == [
        "Sở Tư pháp", "Văn phòng UBND Thành phố",
    ]  # fmt: skip
    assert root.findtext("IssuedAmount") == "2"


def citizen() -> User:
    return User.objects.create_user(username="dan", password="x-test-pass", kind="citizen")


def _client(user: Any) -> Client:
    return sign_in(Client(), user)


@pytest.mark.django_db
def test_the_outgoing_download_for_its_agency_only(signing_pki: City) -> None:
    c = signing_pki
    doc = _issued(c)
    url = reverse("documents:outgoing_metadata_xml", args=[doc.pk])
    assert url == f"/can-bo/van-ban/di/{doc.pk}/sieu-du-lieu.xml"
    response = _client(c.u("clerk")).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "01-QĐ-UBND-sieu-du-lieu.xml" in response["Content-Disposition"].replace("%C4%90", "Đ")
    assert response["Cache-Control"] == "private, no-store"
    assert ET.fromstring(response.content).findtext("Subject") == doc.subject
    page = _client(c.u("clerk")).get(reverse("documents:outgoing_detail", args=[doc.pk]))
    assert url in page.content.decode()
    assert "Siêu dữ liệu (XML)" in page.content.decode()
    # another agency's clerk: 404; a citizen: 403; nobody: to the sign-in page
    assert _client(c.u("dept_clerk")).get(url).status_code == 404
    assert _client(citizen()).get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_draft_has_no_metadata_yet(town: City, clock: Any) -> None:
    doc = approved(town)
    url = reverse("documents:outgoing_metadata_xml", args=[doc.pk])
    assert _client(town.u("clerk")).get(url).status_code == 404
    page = _client(town.u("clerk")).get(reverse("documents:outgoing_detail", args=[doc.pk]))
    assert url not in page.content.decode()


@pytest.mark.django_db
def test_the_incoming_download_for_the_receiver_only(signing_pki: City) -> None:
    c = signing_pki
    doc = _received(c)
    url = reverse("documents:incoming_metadata_xml", args=[doc.pk])
    assert url == f"/can-bo/van-ban/den/{doc.pk}/sieu-du-lieu.xml"
    for user in ("dept_clerk", "div_specialist"):  # the clerk, and the lead unit's staff
        response = _client(c.u(user)).get(url)
        assert response.status_code == 200, user
        root = ET.fromstring(response.content)
        assert root.tag == "IncomingMetadata"
        assert root.findtext("ArrivalNumber") == "1"
    page = _client(c.u("dept_clerk")).get(reverse("documents:incoming_detail", args=[doc.pk]))
    assert url in page.content.decode()
    # the ward (the sender) holds no role at the department: 404
    assert _client(c.u("clerk")).get(url).status_code == 404
    assert _client(citizen()).get(url).status_code == 403
    assert Client().get(url).status_code == 302


@pytest.mark.django_db
def test_a_stored_value_too_long_is_refused_not_cut(signing_pki: City) -> None:
    c = signing_pki
    doc = _received(c)
    IncomingDocument.objects.filter(pk=doc.pk).update(number_symbol="123456789012/QĐ-UBND")
    response = _client(c.u("dept_clerk")).get(
        reverse("documents:incoming_metadata_xml", args=[doc.pk])
    )
    assert response.status_code == 400
    assert "Số của văn bản" in response.content.decode()
