"""Outgoing documents: draft → review → approve → issue, numbering per year and series, the
year boundary in Vietnam time, paper registration refusing duplicates, roles."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.storage import default_storage
from pypdf import PdfReader

from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.models import AuditEvent
from motcua.documents.models import NumberCounter, OutgoingDocument
from motcua.documents.services_outgoing import (
    document_issue,
    document_recall,
    document_register_paper,
)
from tests.documents.conftest import HCM, City, approved, decision

pytestmark = [pytest.mark.django_db]


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_the_flow_gives_01_then_02(town: City, clock: Any) -> None:
    first = document_issue(actor=town.u("clerk"), document=approved(town))
    second = document_issue(
        actor=town.u("clerk"), document=approved(town, doc_type="cong_van", drafting_unit="VX")
    )
    assert (first.number, first.year, first.symbol) == (1, 2026, "01/QĐ-UBND")
    assert (second.number, second.symbol) == (2, "02/UBND-VX")
    assert first.status == "issued"
    assert first.document_date == date(2026, 2, 5)
    assert first.signer == town.u("leader")
    assert first.signer_name == "Leader"
    stored = first.pdf.read()
    assert first.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    assert str(first.pdf.name).startswith("documents/000.02.90.H29-2026/")
    assert stored.startswith(b"%PDF")
    kinds = list(
        AuditEvent.objects.filter(stream_type="document", stream_id=str(first.pk))
        .order_by("seq")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "document.drafted",
        "document.submitted",
        "document.approved",
        "document.issued",
    ]


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_only_an_approved_document_is_issued_by_the_clerk(town: City, clock: Any) -> None:
    doc = approved(town)
    with pytest.raises(PermissionDenied):
        document_issue(actor=town.u("leader"), document=doc)
    document_issue(actor=town.u("clerk"), document=doc)
    with pytest.raises(DomainError) as err:
        document_issue(actor=town.u("clerk"), document=doc)
    assert err.value.code == "invalid_state"
    assert NumberCounter.objects.get(agency=town.ward, year=2026, series="normal").last == 1


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_the_year_boundary_is_vietnam_time(town: City) -> None:
    # 31/12/2026 23:59 in Hồ Chí Minh City is 16:59 UTC: still 2026
    with time_machine.travel(datetime(2026, 12, 31, 23, 59, tzinfo=HCM), tick=False):
        a = document_issue(actor=town.u("clerk"), document=approved(town))
        b = document_issue(actor=town.u("clerk"), document=approved(town))
    # 1/1/2027 00:01 in Hồ Chí Minh City is 31/12/2026 17:01 UTC: already 2027
    with time_machine.travel(datetime(2027, 1, 1, 0, 1, tzinfo=HCM), tick=False):
        c = document_issue(actor=town.u("clerk"), document=approved(town))
    assert [(d.year, d.number, d.symbol) for d in (a, b, c)] == [
        (2026, 1, "01/QĐ-UBND"),
        (2026, 2, "02/QĐ-UBND"),
        (2027, 1, "01/QĐ-UBND"),
    ]
    assert c.document_date == date(2027, 1, 1)


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_secret_documents_have_their_own_series(town: City, clock: Any) -> None:
    n1 = document_issue(actor=town.u("clerk"), document=approved(town))
    s1 = document_issue(actor=town.u("clerk"), document=approved(town, secrecy="mat"))
    n2 = document_issue(actor=town.u("clerk"), document=approved(town))
    s2 = document_issue(actor=town.u("clerk"), document=approved(town, secrecy="toi_mat"))
    assert [(d.series, d.number) for d in (n1, s1, n2, s2)] == [
        ("normal", 1),
        ("secret", 1),
        ("normal", 2),
        ("secret", 2),
    ]


def test_a_failed_signature_leaves_no_gap(signing_pki: City, settings: Any) -> None:
    town = signing_pki
    doc = approved(town)
    tsa = settings.MOTCUA["SIGNING"]["TSA_URL"]
    # the timestamp authority does not answer: nothing listens on port 9 (discard)
    settings.MOTCUA["SIGNING"]["TSA_URL"] = "http://127.0.0.1:9/pki/tsa"
    with pytest.raises(DomainError) as err:
        document_issue(actor=town.u("clerk"), document=doc)
    assert err.value.code == "signing_failed"
    doc.refresh_from_db()
    assert (doc.status, doc.number, doc.symbol) == ("approved", None, "")
    assert not NumberCounter.objects.filter(agency=town.ward).exists()
    settings.MOTCUA["SIGNING"]["TSA_URL"] = tsa
    assert document_issue(actor=town.u("clerk"), document=doc).number == 1


def test_a_failure_after_the_file_is_stored_removes_it(
    signing_pki: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    from motcua.documents import services_outgoing

    town = signing_pki
    doc = approved(town)
    root = Path(default_storage.path(""))
    before = {p for p in root.rglob("*") if p.is_file()}

    def outbox_down(_doc: Any) -> None:  # a fault injected after the PDF is stored
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(services_outgoing, "deliveries_queue", outbox_down)
    with pytest.raises(RuntimeError):
        document_issue(actor=town.u("clerk"), document=doc)
    assert {p for p in root.rglob("*") if p.is_file()} == before
    doc.refresh_from_db()
    assert (doc.status, doc.number, doc.pdf.name) == ("approved", None, "")


def test_an_agency_without_a_credential_cannot_issue(town: City, clock: Any) -> None:
    doc = approved(town)
    with pytest.raises(DomainError) as err:
        document_issue(actor=town.u("clerk"), document=doc)
    assert err.value.code == "no_credential"
    assert "chưa có chứng thư ký số" in err.value.message
    doc.refresh_from_db()
    assert (doc.status, doc.number) == ("approved", None)
    assert not NumberCounter.objects.filter(agency=town.ward).exists()
    assert not AuditEvent.objects.filter(kind="document.issued").exists()


def paper(town: City, number: int | None, **overrides: Any) -> OutgoingDocument:
    return document_register_paper(
        actor=town.u("clerk"),
        agency=town.ward,
        data=decision(town, **overrides),
        number=number,
        document_date=date(2026, 2, 3),
    )


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_paper_registration_joins_the_sequence(town: City, clock: Any) -> None:
    first = document_issue(actor=town.u("clerk"), document=approved(town))
    p = paper(town, None, subject="Về việc khen thưởng")  # takes the next number
    assert (p.symbol, p.medium, p.status, p.year) == ("02/QĐ-UBND", "paper", "issued", 2026)
    assert paper(town, 3).symbol == "03/QĐ-UBND"  # the number written on it, when it is next
    nxt = document_issue(actor=town.u("clerk"), document=approved(town))
    assert (first.number, nxt.number) == (1, 4)


def test_a_paper_number_that_leaves_a_gap_is_refused(town: City, clock: Any) -> None:
    paper(town, 1)
    with pytest.raises(DomainError) as err:
        paper(town, 7)
    assert err.value.code == "number_gap"
    assert "Số tiếp theo của sổ văn bản đi năm 2026 là 02" in err.value.message
    assert OutgoingDocument.objects.count() == 1
    assert NumberCounter.objects.get(agency=town.ward, year=2026, series="normal").last == 1


def test_a_duplicate_paper_registration_is_refused_and_changes_nothing(
    town: City, clock: Any
) -> None:
    for n in range(1, 6):
        paper(town, n)
    before = (
        OutgoingDocument.objects.count(),
        NumberCounter.objects.get(agency=town.ward, year=2026, series="normal").last,
        AuditEvent.objects.count(),
    )
    with pytest.raises(DomainError) as err:
        paper(town, 5, subject="Văn bản khác")
    assert err.value.code == "duplicate_number"
    assert "05/QĐ-UBND" in err.value.message
    assert "đã được đăng ký trong năm 2026" in err.value.message
    after = (
        OutgoingDocument.objects.count(),
        NumberCounter.objects.get(agency=town.ward, year=2026, series="normal").last,
        AuditEvent.objects.count(),
    )
    assert after == before == (before[0], 5, before[2])
    # the secret series is another register: its first number is 01
    assert paper(town, 1, secrecy="mat").series == "secret"


def test_drafting_rules(town: City, clock: Any) -> None:
    from motcua.documents.services_outgoing import document_draft_create

    def draft(**overrides: Any) -> str:
        with pytest.raises(DomainError) as err:
            document_draft_create(
                actor=town.u("drafter"), agency=town.ward, data=decision(town, **overrides)
            )
        return err.value.code

    assert draft(issuer_abbreviation="UB ND") == "invalid_abbreviation"
    assert draft(issuer_abbreviation="") == "invalid_abbreviation"
    assert draft(doc_type="cong_van") == "unit_required"
    assert draft(doc_type="nghi_dinh") == "invalid_type"
    assert draft(subject="  ") == "subject_required"
    assert draft(urgency="rat_khan") == "invalid_mark"
    assert draft(signer_authority="TL", signer_authority_of=" ") == "authority_of_required"
    # 9999/UBNDPHUONGBENTHANH-VANPHONGHDND is 35 characters: refused before it is numbered
    long_letter = {"doc_type": "cong_van", "issuer_abbreviation": "UBNDPHUONGBENTHANH"}
    assert draft(**long_letter, drafting_unit="VANPHONGHDND") == "symbol_too_long"
    fits = decision(town, **long_letter, drafting_unit="VP")  # 9999/UBNDPHUONGBENTHANH-VP
    assert document_draft_create(actor=town.u("drafter"), agency=town.ward, data=fits).pk
    with pytest.raises(PermissionDenied):
        document_draft_create(actor=town.u("clerk"), agency=town.ward, data=decision(town))


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_recall_keeps_the_number(town: City, clock: Any) -> None:
    doc = document_issue(actor=town.u("clerk"), document=approved(town))
    doc = document_recall(actor=town.u("leader"), document=doc, reason="Ban hành nhầm")
    assert (doc.status, doc.number) == ("recalled", 1)
    assert document_issue(actor=town.u("clerk"), document=approved(town)).number == 2


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_the_pdf_carries_heading_number_and_signer(town: City, clock: Any) -> None:
    doc = document_issue(actor=town.u("clerk"), document=approved(town, urgency="hoa_toc"))
    reader = PdfReader(io.BytesIO(doc.pdf.read()))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    text = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
        "ỦY BAN NHÂN DÂN PHƯỜNG BẾN THÀNH",
        "Số: 01/QĐ-UBND",
        "Thành phố Hồ Chí Minh, ngày 05 tháng 02 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc thành lập Tổ công tác chuyển đổi số",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Leader",
        "Nơi nhận:",
        "- Sở Tư pháp;",  # no "Kính gửi" on a decision: the addressees are named here
        "- Văn phòng UBND Thành phố;",
        "- Lưu: VT.",
        "HỎA TỐC",
    ):
        assert expected in text, (expected, text)
    assert "Như trên" not in text
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_a_cong_van_prints_vv_and_kinh_gui(town: City, clock: Any) -> None:
    doc = document_issue(
        actor=town.u("clerk"),
        document=approved(
            town, doc_type="cong_van", drafting_unit="VX", subject="góp ý dự thảo kế hoạch"
        ),
    )
    text = " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(doc.pdf.open("rb")).pages).split()
    )
    assert "Số: 01/UBND-VX" in text
    assert "V/v góp ý dự thảo kế hoạch" in text
    assert "Kính gửi: Sở Tư pháp." in text
    assert "- Như trên;" in text
    assert "- Lưu: VT, VX." in text
    assert "QUYẾT ĐỊNH" not in text
