"""Official slips (forms 01–07) under both regulation profiles: form numbers and titles, the
Vietnamese text as printed (extracted back from the PDF), paper sizes, the tracking book in PDF and
XLSX, and slip_generate storing the bytes it hashed."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from openpyxl import load_workbook
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from motcua.accounts.models import Agency, AgencyKind, Role, User
from motcua.catalog.models import Field
from motcua.catalog.services import (
    DocumentData,
    ProcedureData,
    procedure_draft_save,
    procedure_publish,
)
from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.core.models import AuditEvent
from motcua.core.pdf import html_to_pdf, sign_pdf
from motcua.core.qr import qr_svg_data_uri
from motcua.dossiers.models import (
    Apology,
    Attachment,
    Dossier,
    DossierStatus,
    ProcessDefinition,
    ProcessStatus,
    ProcessStep,
    StepInstance,
    StepStatus,
    SupplementRequest,
    SupplementStage,
)
from motcua.dossiers.models.dossier import new_tracking_pin
from motcua.dossiers.services.slips import slip_generate
from motcua.dossiers.slips import (
    render_slip,
    slip_context,
    tracking_url,
)
from motcua.dossiers.tracking_book import BOOK_HEADERS, tracking_book_pdf, tracking_book_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.backends]

VN = ZoneInfo("Asia/Ho_Chi_Minh")
A5 = (419.53, 595.28)  # points
A4 = (595.28, 841.89)
CODE_118 = "000.00.31.H29-250916-0001"
CODE_61 = "000.00.31.H29-240510-0007"
APPLICANT = "Phạm Thị Hồng Nhung"


def vn(*args: int) -> datetime:
    """A Vietnam wall-clock time, stored (like the app does) as an aware UTC datetime."""
    return datetime(*args, tzinfo=VN).astimezone(ZoneInfo("UTC"))


# --- fixture builders --------------------------------------------------------------------------


def build_agencies() -> dict[str, Agency]:
    city = Agency.objects.create(
        code="000.00.00.H29",
        name="Ủy ban nhân dân Thành phố Hồ Chí Minh",
        short_name="UBND TP",
        kind=AgencyKind.CITY_COMMITTEE,
        path="/1/",
    )
    ward = Agency.objects.create(
        code="000.00.31.H29",
        name="UBND phường Bến Thành",
        short_name="P. Bến Thành",
        kind=AgencyKind.WARD,
        parent=city,
        path="/1/2/",
        address="92 Nam Kỳ Khởi Nghĩa",
        phone="02838223456",
    )
    centre = Agency.objects.create(
        code="000.00.32.H29",
        name="Trung tâm Phục vụ hành chính công phường Bến Thành",
        short_name="TTPVHCC Bến Thành",
        kind=AgencyKind.SERVICE_CENTRE,
        parent=ward,
        path="/1/2/3/",
    )
    division = Agency.objects.create(
        code="000.00.33.H29",
        name="Phòng Văn hóa - Xã hội",
        short_name="VHXH",
        kind=AgencyKind.DIVISION,
        parent=ward,
        path="/1/2/4/",
    )
    return {"city": city, "ward": ward, "centre": centre, "division": division}


def build_users(agencies: dict[str, Agency]) -> dict[str, User]:
    people = {
        "reception": ("tiepnhan", "Nguyễn Thị Lan", "0909000111", agencies["ward"]),
        "specialist": ("chuyenvien", "Trần Văn Hùng", "", agencies["division"]),
        "head": ("chutich", "Lê Minh Tuấn", "", agencies["ward"]),
    }
    return {
        key: User.objects.create(
            username=username, full_name=full, phone=phone, home_agency=agency, kind="official"
        )
        for key, (username, full, phone, agency) in people.items()
    }


def build_procedure(agencies: dict[str, Agency]):
    Field.objects.create(code="HT", name="Hộ tịch")
    data = ProcedureData(
        code="1.001193",
        name="Đăng ký khai sinh",
        field_code="HT",
        level="commune",
        time_limit_value=Decimal("3.0"),
        time_limit_unit="working_days",
        applicants="Công dân Việt Nam",
        result_type="Giấy khai sinh",
        agency_codes=[agencies["ward"].code],
        legal_basis="Luật Hộ tịch 2014",
        documents=[
            DocumentData(name="Tờ khai đăng ký khai sinh", copy_type="original"),
            DocumentData(name="Giấy chứng sinh", copy_type="original"),
            DocumentData(name="Giấy tờ tùy thân của người yêu cầu", copy_type="copy", quantity=2),
        ],
    )
    return procedure_publish(version=procedure_draft_save(data=data))


def build_process(version, agencies) -> list[ProcessStep]:
    process = ProcessDefinition.objects.create(
        procedure=version.procedure, name="Quy trình khai sinh", status=ProcessStatus.PUBLISHED
    )
    specs = [
        ("tiep-nhan", "Tiếp nhận, chuyển hồ sơ", Role.RECEPTION, "4"),
        ("tham-dinh", "Thẩm định hồ sơ", Role.SPECIALIST, "8"),
        ("ky-duyet", "Ký duyệt kết quả", Role.SIGNER, "4"),
    ]
    return [
        ProcessStep.objects.create(
            process=process, key=key, name=name, order=i, role=role, allotted_hours=Decimal(hours)
        )
        for i, (key, name, role, hours) in enumerate(specs, 1)
    ]


def build_dossier(version, agencies, users, *, code, profile, received, due) -> Dossier:
    dossier = Dossier.objects.create(
        code=code,
        procedure_version=version,
        profile_code=profile,
        receiving_agency=agencies["centre"],
        channel="counter",
        status=DossierStatus.IN_PROGRESS,
        applicant_kind="person",
        applicant_name=APPLICANT,
        applicant_id_number="079190000123",
        applicant_phone="0903123456",
        applicant_email="nhung.pham@example.vn",
        applicant_address="12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh",
        submitted_at=received,
        received_at=received,
        deemed_received_at=received,
        due_at=due,
        fee_total=8000,
    )
    docs = list(version.documents.all())
    for doc, name in ((docs[0], "to-khai.pdf"), (docs[1], "giay-chung-sinh.jpg")):
        Attachment.objects.create(
            dossier=dossier,
            required_document=doc,
            file=f"dossiers/x/{name}",
            original_name=name,
            content_type="application/pdf",
            size=100,
            sha256="0" * 64,
        )
    with transaction.atomic():
        audit.append(
            stream_type="dossier",
            stream_id=code,
            kind="dossier.received",
            actor=users["reception"],
            occurred_at=received,
        )
    return dossier


def build_history(dossier, steps, agencies, users) -> None:
    """Three hand-overs: early, on time, late."""
    t0 = dossier.received_at
    rows = [
        (steps[0], agencies["centre"], None, users["reception"], 0, 2, "early"),
        (steps[1], agencies["division"], users["reception"], users["specialist"], 2, 10, "on_time"),
        (steps[2], agencies["ward"], users["specialist"], users["head"], 10, 30, "late"),
    ]
    for step, agency, giver, receiver, start_h, end_h, timing in rows:
        StepInstance.objects.create(
            dossier=dossier,
            step=step,
            agency=agency,
            status=StepStatus.DONE,
            assignee=receiver,
            handed_by=giver,
            activated_at=t0 + timedelta(hours=start_h),
            due_at=t0 + timedelta(hours=end_h),
            completed_at=t0 + timedelta(hours=end_h),
            completed_by=receiver,
            outcome="approve",
            timing=timing,
            note="Cần xác minh nơi cư trú" if timing == "late" else "",
        )
    Apology.objects.create(
        dossier=dossier,
        issued_by=users["head"],
        issued_at=dossier.due_at - timedelta(days=1),
        reason="Hồ sơ cần xác minh thêm thông tin cư trú tại địa phương khác.",
        old_due_at=dossier.due_at,
        new_due_at=dossier.due_at + timedelta(days=2),
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db):
    agencies = build_agencies()
    users = build_users(agencies)
    version = build_procedure(agencies)
    steps = build_process(version, agencies)
    new = build_dossier(
        version,
        agencies,
        users,
        code=CODE_118,
        profile="ND118_2025",
        received=vn(2025, 9, 16, 9, 15),
        due=vn(2025, 9, 19, 16, 30),
    )
    old = build_dossier(
        version,
        agencies,
        users,
        code=CODE_61,
        profile="ND61_2018",
        received=vn(2024, 5, 10, 14, 5),
        due=vn(2024, 5, 15, 10, 0),
    )
    for dossier in (new, old):
        build_history(dossier, steps, agencies, users)
    return {"agencies": agencies, "users": users, "new": new, "old": old, "version": version}


# --- helpers -----------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def page_size(pdf: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def assert_close(size, expected) -> None:
    assert size == pytest.approx(expected, abs=1)


# --- receipt -----------------------------------------------------------------------------------


def test_receipt_prints_form_01_with_vietnamese_text_on_a5(world):
    pdf = render_slip(world["new"], "receipt").pdf
    text = pdf_text(pdf)

    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".casefold() in text.casefold()
    for expected in (
        "Mẫu số 01 — Thông tư 03/2025/TT-VPCP",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "PHƯỜNG BẾN THÀNH",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG BẾN THÀNH",
        f"Số: {CODE_118}/TN",
        "TP. Hồ Chí Minh, ngày 16 tháng 9 năm 2025",
        APPLICANT,
        "12 Lê Lợi, phường Bến Thành",
        "0903123456",
        "nhung.pham@example.vn",
        "Đăng ký khai sinh",
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Bản chính",
        "3 ngày làm việc",
        "09:15 16/09/2025",  # received, shown in Vietnam time
        "16:30 19/09/2025",  # appointment from due_at
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Nguyễn Thị Lan",
        tracking_url(CODE_118),
    ):
        assert expected in text, expected
    # Only the components that were submitted are listed.
    assert "Giấy tờ tùy thân" not in text
    assert_close(page_size(pdf), A5)
    # Every glyph comes from Liberation Serif (Vietnamese included): no fallback font, no tofu.
    fonts = font_names(pdf)
    assert fonts
    assert all("Liberation-Serif" in name for name in fonts), fonts


def test_receipt_lists_required_components_when_nothing_was_uploaded(world):
    world["new"].attachments.all().delete()

    text = pdf_text(render_slip(world["new"], "receipt").pdf)

    assert "Giấy tờ tùy thân của người yêu cầu" in text
    assert "Bản sao" in text


def test_slip_carries_qr_of_the_public_tracking_page(world, settings):
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_BASE_URL": "https://motcua.example.vn/"}

    context, _form, _paper = slip_context(world["new"], "control_sheet")

    url = f"https://motcua.example.vn/tra-cuu/{CODE_118}/"
    assert context["tracking_url"] == url
    assert context["qr"] == qr_svg_data_uri(url)
    assert context["qr"].startswith("data:image/svg+xml")


def test_receipt_prints_the_tracking_pin_and_its_qr_link_carries_it(world, settings):
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_BASE_URL": "https://motcua.example.vn/"}
    pin = world["new"].tracking_pin
    assert re.fullmatch(r"\d{6}", pin)

    context, _form, _paper = slip_context(world["new"], "receipt")
    text = pdf_text(render_slip(world["new"], "receipt").pdf)

    assert context["qr"] == qr_svg_data_uri(
        f"https://motcua.example.vn/tra-cuu/{CODE_118}/?pin={pin}"
    )
    assert f"Mã tra cứu (PIN): {pin}" in text


def test_tracking_pins_are_random_six_digits():
    pins = {new_tracking_pin() for _ in range(200)}
    assert len(pins) > 190
    assert all(re.fullmatch(r"\d{6}", p) for p in pins)


# --- form numbers per profile --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("which", "kind", "ref", "title", "paper"),
    [
        (
            "old",
            "receipt",
            "Mẫu số 01 — Thông tư 01/2018/TT-VPCP",
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            A5,
        ),
        (
            "old",
            "apology",
            "Mẫu số 04 — Thông tư 01/2018/TT-VPCP",
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
            A5,
        ),
        (
            "old",
            "control_sheet",
            "Mẫu số 05 — Thông tư 01/2018/TT-VPCP",
            "Phiếu kiểm soát quá trình giải quyết hồ sơ",
            A4,
        ),
        (
            "new",
            "apology",
            "Mẫu số 04 — Thông tư 03/2025/TT-VPCP",
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
            A5,
        ),
        (
            "new",
            "stop_notice",
            "Mẫu số 05 — Thông tư 03/2025/TT-VPCP",
            "Thông báo dừng giải quyết hồ sơ",
            A5,
        ),
        (
            "new",
            "control_sheet",
            "Mẫu số 06 — Thông tư 03/2025/TT-VPCP",
            "Phiếu kiểm soát quá trình giải quyết hồ sơ",
            A4,
        ),
    ],
)
def test_form_number_and_title_follow_the_profile(world, which, kind, ref, title, paper):
    rendered = render_slip(world[which], kind)
    text = pdf_text(rendered.pdf)

    assert ref in text
    assert title.upper() in text
    assert world[which].code in text
    assert_close(page_size(rendered.pdf), paper)


def test_stop_notice_under_decree_61_is_a_plain_notice(world):
    dossier = world["old"]
    dossier.status = DossierStatus.WITHDRAWN
    dossier.finished_at = vn(2024, 5, 13, 8, 40)
    dossier.save()
    with transaction.atomic():
        audit.append(
            stream_type="dossier",
            stream_id=dossier.code,
            kind="dossier.withdrawn",
            actor=world["users"]["reception"],
            payload={"reason": "Người nộp muốn bổ sung giấy tờ khác"},
        )

    rendered = render_slip(dossier, "stop_notice")
    text = pdf_text(rendered.pdf)

    assert rendered.form.number == ""
    assert "Mẫu số" not in text
    for expected in (
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "08:40 13/05/2024",
        "Người nộp muốn bổ sung giấy tờ khác",
        "Ký duyệt kết quả",
        "8.000 đồng",
        f"Số: {CODE_61}/DGQ",
    ):
        assert expected in text, expected


# --- apology -----------------------------------------------------------------------------------


def test_apology_under_decree_118_asks_for_an_extension(world):
    text = pdf_text(render_slip(world["new"], "apology").pdf)

    for expected in (
        f"Kính gửi: Ông/Bà {APPLICANT}",
        CODE_118,
        "16/09/2025",  # received
        "16:30 19/09/2025",  # original appointment
        "16:30 21/09/2025",  # new appointment
        "Hồ sơ cần xác minh thêm thông tin cư trú tại địa phương khác.",
        "đề nghị gia hạn thời gian giải quyết hồ sơ đến",
        "thành thật xin lỗi",
        "THỦ TRƯỞNG CƠ QUAN",
        "Lê Minh Tuấn",
        # Signed by the head: the header is the ward under the city, not the desk.
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
        "UBND PHƯỜNG BẾN THÀNH",
        "TP. Hồ Chí Minh, ngày 18 tháng 9 năm 2025",
    ):
        assert expected in text, expected


def test_apology_under_decree_61_gives_a_new_appointment(world):
    text = pdf_text(render_slip(world["old"], "apology").pdf)

    assert "hẹn lại thời gian trả kết quả vào 10:00 17/05/2024" in text
    assert "đề nghị gia hạn" not in text
    assert "Mẫu số 04 — Thông tư 01/2018/TT-VPCP" in text


def test_apology_slip_needs_an_apology_row(world):
    world["new"].apologies.all().delete()

    with pytest.raises(DomainError) as exc:
        render_slip(world["new"], "apology")

    assert exc.value.code == "no_apology"


# --- supplement, refusal, control sheet ---------------------------------------------------------


def test_supplement_request_lists_items_reasons_basis_and_contact(world):
    dossier = world["new"]
    SupplementRequest.objects.create(
        dossier=dossier,
        stage=SupplementStage.RECEPTION,
        agency=dossier.receiving_agency,
        items=[
            {"name": "Giấy chứng sinh", "reason": "Bản chụp mờ, không đọc được"},
            {"name": "Giấy xác nhận cư trú", "reason": "Chưa nộp"},
        ],
        legal_basis="Điều 16 Luật Hộ tịch 2014",
        requested_by=world["users"]["reception"],
        requested_at=vn(2025, 9, 16, 9, 30),
    )

    rendered = render_slip(dossier, "supplement")
    text = pdf_text(rendered.pdf)

    for expected in (
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Mẫu số 02",
        "Bản chụp mờ, không đọc được",
        "Giấy xác nhận cư trú",
        "Chưa nộp",
        "Điều 16 Luật Hộ tịch 2014",
        "Nguyễn Thị Lan",
        "0909000111",
        "NGƯỜI HƯỚNG DẪN",
        f"Số: {CODE_118}/HDBS",
    ):
        assert expected in text, expected
    assert_close(page_size(rendered.pdf), A5)


def test_refusal_lists_the_reasons(world):
    dossier = world["new"]
    dossier.refusal_reasons = ["Thủ tục không thuộc thẩm quyền", "Người nộp không đủ tuổi"]
    dossier.finished_at = vn(2025, 9, 16, 10, 0)
    dossier.save()

    text = pdf_text(render_slip(dossier, "refusal").pdf)

    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Thủ tục không thuộc thẩm quyền" in text
    assert "Người nộp không đủ tuổi" in text


def test_control_sheet_has_one_row_per_hand_over(world):
    text = pdf_text(render_slip(world["new"], "control_sheet").pdf)

    for expected in (
        "Kèm theo hồ sơ của",
        APPLICANT,
        "Đăng ký khai sinh",
        "16:30 19/09/2025",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Phòng Văn hóa - Xã hội",
        "UBND phường Bến Thành",
        "Trần Văn Hùng",
        "Nguyễn Thị Lan",
        "Lê Minh Tuấn",
        "11:15 16/09/2025",
        "Cần xác minh nơi cư trú",
    ):
        assert expected in text, expected


# --- tracking book -----------------------------------------------------------------------------


def test_tracking_book_pdf_lists_the_period_on_a4(world):
    centre = world["agencies"]["centre"]

    pdf = tracking_book_pdf(centre, date(2025, 9, 1), date(2025, 9, 30))
    text = pdf_text(pdf)

    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "Mẫu số 07 — Thông tư 03/2025/TT-VPCP" in text
    assert CODE_118 in text
    assert CODE_61 not in text
    assert "09:15 16/09/2025" in text
    assert_close(page_size(pdf), (A4[1], A4[0]))  # landscape


def test_tracking_book_xlsx_has_header_and_rows(world):
    centre = world["agencies"]["centre"]

    data = tracking_book_xlsx(centre, date(2024, 1, 1), date(2025, 12, 31))
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))

    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    assert tuple(rows[header_at]) == BOOK_HEADERS
    body = rows[header_at + 1 :]
    assert [r[1] for r in body] == [CODE_61, CODE_118]
    first = dict(zip(BOOK_HEADERS, body[1], strict=True))
    assert first["STT"] == 2
    assert first["Người nộp"] == APPLICANT
    assert first["Thủ tục hành chính"] == "Đăng ký khai sinh"
    assert first["Cơ quan chủ trì giải quyết"] == "UBND phường Bến Thành"
    assert first["Thời gian nhận"] == datetime(2025, 9, 16, 9, 15)  # Vietnam wall-clock
    assert first["Hẹn trả kết quả"] == datetime(2025, 9, 19, 16, 30)
    assert "0903123456" in first["Liên hệ"]


# --- issuing -----------------------------------------------------------------------------------


def test_slip_generate_stores_the_pdf_it_hashed(world, media):
    slip = slip_generate(dossier=world["new"], kind="receipt", actor=world["users"]["reception"])

    with slip.file.open("rb") as fh:
        stored = fh.read()
    assert stored.startswith(b"%PDF")
    assert hashlib.sha256(stored).hexdigest() == slip.sha256
    assert slip.form_number == "01"
    assert slip.kind == "receipt"
    assert re.fullmatch(rf"slips/{re.escape(CODE_118)}/[0-9a-f]{{32}}\.pdf", slip.file.name)
    assert slip.dossier_version == world["new"].version
    event = AuditEvent.objects.get(stream_id=CODE_118, kind="dossier.slip_generated")
    assert event.payload["sha256"] == slip.sha256


def test_rendering_is_deterministic(world):
    first = render_slip(world["new"], "receipt").pdf
    second = render_slip(world["new"], "receipt").pdf

    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


def test_unknown_kind_is_refused(world):
    with pytest.raises(DomainError) as exc:
        render_slip(world["new"], "certificate")

    assert exc.value.code == "unknown_slip_kind"


# --- renderer ----------------------------------------------------------------------------------


def test_renderer_fetches_nothing_from_the_network():
    html = '<p>x</p><img src="http://example.com/logo.png">'

    with pytest.raises(FatalURLFetchingError):
        html_to_pdf(html, paper="A5")


def test_renderer_rejects_unknown_paper():
    with pytest.raises(ValueError, match="Unknown paper"):
        html_to_pdf("<p>x</p>", paper="Letter")


def test_sign_step_is_a_separate_hook():
    assert sign_pdf(b"%PDF-x") == b"%PDF-x"
    assert sign_pdf(b"%PDF-x", signer=lambda pdf: pdf + b"%signed") == b"%PDF-x%signed"
