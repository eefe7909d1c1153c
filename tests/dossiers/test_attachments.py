"""attachment_add: who may attach, limits, type by content, and nothing left behind on refusal."""

from __future__ import annotations

import hashlib
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from openpyxl import Workbook
from PIL import Image

from motcua.accounts.models import Agency, Role, RoleAssignment, User
from motcua.catalog.models import Field
from motcua.catalog.services import (
    DocumentData,
    ProcedureData,
    procedure_draft_save,
    procedure_publish,
)
from motcua.core import audit
from motcua.core.errors import DomainError, PermissionDenied
from motcua.dossiers.models import Attachment, Dossier, DossierStatus, PauseReason
from motcua.dossiers.services import attachments as attachments_module
from motcua.dossiers.services.attachments import attachment_add
from tests.conftest import stored_names

pytestmark = [pytest.mark.django_db, pytest.mark.backends]

CODE = "000.00.01.H29-251127-0001"
MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- content -----------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def image_bytes(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 120, 200)).save(buf, format=fmt)
    return buf.getvalue()


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("_rels/.rels", "<Relationships/>")
        zf.writestr("word/document.xml", "<w:document><w:body>Đơn đề nghị</w:body></w:document>")
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "Danh sách thành viên"
    wb.save(buf)
    return buf.getvalue()


def upload(data: bytes, name: str = "tep.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def temp_upload():
    """A TemporaryUploadedFile, closed at the end as Django closes request files (the storage
    may have moved it away, which close() tolerates)."""
    made = []

    def make(data: bytes, name: str, content_type: str) -> TemporaryUploadedFile:
        temp = TemporaryUploadedFile(name, content_type, len(data), None)
        temp.write(data)
        temp.flush()
        made.append(temp)
        return temp

    yield make
    for temp in made:
        temp.close()


def stored_files(media) -> list:
    return [media / name for name in stored_names()]  # through the storage: disk or S3


def make_agency(code: str, name: str, short: str, kind: str = "ward") -> Agency:
    agency = Agency.objects.create(code=code, name=name, short_name=short, kind=kind)
    agency.path = f"/{agency.pk}/"
    agency.save(update_fields=["path"])
    return agency


@pytest.fixture
def agency():
    return make_agency("000.00.01.H29", "UBND phường Ba Đình", "P. Ba Đình")


@pytest.fixture
def other_agency():
    return make_agency("000.00.02.H29", "UBND phường Hoàn Kiếm", "P. Hoàn Kiếm")


def publish_procedure(code: str, agency: Agency, documents: list[str]):
    Field.objects.get_or_create(code="HT", defaults={"name": "Hộ tịch"})
    version = procedure_draft_save(
        data=ProcedureData(
            code=code,
            name="Đăng ký khai sinh",
            field_code="HT",
            level="commune",
            time_limit_value=Decimal(1),
            time_limit_unit="working_days",
            applicants="Công dân Việt Nam",
            result_type="Giấy khai sinh",
            agency_codes=[agency.code],
            channels=["counter", "online"],
            documents=[DocumentData(name=n) for n in documents],
        )
    )
    return procedure_publish(version=version)


@pytest.fixture
def version(agency):
    return publish_procedure("1.001193", agency, ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"])


@pytest.fixture
def citizen():
    return User.objects.create_user(
        username="079200001234", full_name="Nguyễn Văn An", cccd="079200001234", kind="citizen"
    )


@pytest.fixture
def stranger():
    return User.objects.create_user(username="079200009999", full_name="Trần Thị Bình")


def make_official(username: str, role: str, agency: Agency) -> User:
    user = User.objects.create_user(username=username, kind="official", home_agency=agency)
    RoleAssignment.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def dossier(version, agency, citizen):
    return Dossier.objects.create(
        code=CODE,
        procedure_version=version,
        profile_code="ND118_2025",
        receiving_agency=agency,
        channel="online",
        status=DossierStatus.SUBMITTED,
        applicant_kind="person",
        applicant_name="Nguyễn Văn An",
        applicant_id_number="079200001234",
        applicant_user=citizen,
        submitted_by=citizen,
    )


def assert_left_nothing(media, dossier) -> None:
    assert not Attachment.objects.filter(dossier=dossier).exists()
    assert stored_files(media) == []
    assert [e.kind for e in audit.stream_events("dossier", dossier.code)] == []


# --- accepted ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "mime", "ext"),
    [
        (pdf_bytes(), "to-khai.pdf", "application/pdf", ".pdf"),
        (image_bytes("JPEG"), "giay-chung-sinh.jpg", "image/jpeg", ".jpg"),
        (image_bytes("PNG"), "anh.png", "image/png", ".png"),
        (docx_bytes(), "don.docx", MIME_DOCX, ".docx"),
        (xlsx_bytes(), "danh-sach.xlsx", MIME_XLSX, ".xlsx"),
    ],
    ids=["pdf", "jpeg", "png", "docx", "xlsx"],
)
def test_accepts_each_type_and_records_hash_size_and_event(
    media, dossier, citizen, data, name, mime, ext
):
    # when: the client lies about the content type; only the content counts
    att = attachment_add(
        actor=citizen,
        dossier=dossier,
        upload=upload(data, name, "application/octet-stream"),
    )

    # then
    att.refresh_from_db()
    assert att.content_type == mime
    assert att.size == len(data)
    assert att.sha256 == hashlib.sha256(data).hexdigest()
    assert att.original_name == name
    assert att.uploaded_by == citizen
    assert att.purpose == "component"
    assert att.file.name.startswith(f"dossiers/{CODE}/")
    assert att.file.name.endswith(ext)
    assert name not in att.file.name
    assert stored_files(media) == [media / att.file.name]
    with att.file.open("rb") as stored:
        assert stored.read() == data
    [event] = audit.stream_events("dossier", CODE)
    assert event.kind == "dossier.attachment_added"
    assert event.actor_id == citizen.pk
    assert event.payload["name"] == name
    assert event.payload["sha256"] == att.sha256
    assert event.payload["size"] == len(data)
    assert event.payload["type"] == mime


def test_name_is_sanitised_and_never_used_as_path(media, dossier, citizen):
    att = attachment_add(
        actor=citizen, dossier=dossier, upload=upload(pdf_bytes(), "../../etc/passwd")
    )
    assert att.original_name == "passwd.pdf"
    assert "passwd" not in att.file.name
    assert "etc" not in att.file.name
    assert [p.relative_to(media).parts[:2] for p in stored_files(media)] == [("dossiers", CODE)]


def test_vietnamese_name_kept_and_extension_follows_content(media, dossier, citizen):
    decomposed = "Gia\u0301y chu\u031bng sinh.png"  # NFD from a Mac, but the content is JPEG
    att = attachment_add(
        actor=citizen, dossier=dossier, upload=upload(image_bytes("JPEG"), decomposed)
    )
    assert att.original_name == "Giáy chưng sinh.jpg"
    assert att.content_type == "image/jpeg"


def test_accepts_plain_django_file_and_temporary_upload(media, dossier, citizen, temp_upload):
    data = pdf_bytes()
    plain = attachment_add(
        actor=citizen, dossier=dossier, upload=File(io.BytesIO(data), name="a.pdf")
    )
    temp = temp_upload(data, "b.pdf", "application/pdf")
    on_disk = attachment_add(actor=citizen, dossier=dossier, upload=temp)

    assert plain.sha256 == on_disk.sha256 == hashlib.sha256(data).hexdigest()
    assert len(stored_files(media)) == 2
    assert plain.file.name != on_disk.file.name


def test_links_required_document_of_the_dossiers_procedure(media, dossier, citizen, version):
    document = version.documents.get(name="Giấy chứng sinh")
    att = attachment_add(
        actor=citizen,
        dossier=dossier,
        upload=upload(pdf_bytes()),
        required_document_id=document.pk,
    )
    assert att.required_document == document


# --- refused -----------------------------------------------------------------------------------


def test_refuses_executable_renamed_pdf(media, dossier, citizen):
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
    with pytest.raises(DomainError) as exc:
        attachment_add(actor=citizen, dossier=dossier, upload=upload(exe, "to-khai.pdf"))
    assert exc.value.code == "file_type_not_allowed"
    assert "PDF, JPEG, PNG, DOCX, XLSX" in exc.value.message
    assert_left_nothing(media, dossier)


def test_refuses_zip_that_is_not_an_office_document(media, dossier, citizen):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("payload.exe", b"MZ")
    with pytest.raises(DomainError) as exc:
        attachment_add(actor=citizen, dossier=dossier, upload=upload(buf.getvalue(), "don.docx"))
    assert exc.value.code == "file_type_not_allowed"
    assert_left_nothing(media, dossier)


def test_refuses_file_over_the_limit(settings, media, dossier, citizen):
    settings.MOTCUA = {**settings.MOTCUA, "ATTACHMENT_MAX_BYTES": 2 * 1024 * 1024}
    big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
    with pytest.raises(DomainError) as exc:
        attachment_add(actor=citizen, dossier=dossier, upload=upload(big))
    assert exc.value.code == "file_too_large"
    assert "2 MB" in exc.value.message
    assert_left_nothing(media, dossier)


def test_file_exactly_at_the_limit_is_accepted(settings, media, dossier, citizen):
    data = pdf_bytes()
    settings.MOTCUA = {**settings.MOTCUA, "ATTACHMENT_MAX_BYTES": len(data)}
    assert attachment_add(actor=citizen, dossier=dossier, upload=upload(data)).size == len(data)


def test_refuses_when_dossier_total_would_pass_the_limit(settings, media, dossier, citizen):
    first, second = pdf_bytes(), image_bytes("PNG")
    settings.MOTCUA = {**settings.MOTCUA, "DOSSIER_MAX_BYTES": len(first) + len(second) - 1}
    kept = attachment_add(actor=citizen, dossier=dossier, upload=upload(first))

    with pytest.raises(DomainError) as exc:
        attachment_add(actor=citizen, dossier=dossier, upload=upload(second, "anh.png"))

    assert exc.value.code == "dossier_too_large"
    assert list(Attachment.objects.filter(dossier=dossier)) == [kept]
    assert stored_files(media) == [media / kept.file.name]
    assert len(audit.stream_events("dossier", CODE)) == 1


def test_refuses_empty_file(media, dossier, citizen):
    with pytest.raises(DomainError) as exc:
        attachment_add(actor=citizen, dossier=dossier, upload=upload(b"", "rong.pdf"))
    assert exc.value.code == "file_empty"
    assert_left_nothing(media, dossier)


def test_refuses_document_of_another_procedure(media, dossier, citizen, agency):
    other = publish_procedure("1.000656", agency, ["Tờ khai đăng ký kết hôn"])
    foreign = other.documents.get()
    for document_id in (foreign.pk, 999_999):
        with pytest.raises(DomainError) as exc:
            attachment_add(
                actor=citizen,
                dossier=dossier,
                upload=upload(pdf_bytes()),
                required_document_id=document_id,
            )
        assert exc.value.code == "unknown_document"
    assert_left_nothing(media, dossier)


def test_refuses_another_users_dossier(media, dossier, stranger):
    with pytest.raises(PermissionDenied):
        attachment_add(actor=stranger, dossier=dossier, upload=upload(pdf_bytes()))
    assert_left_nothing(media, dossier)


def test_permission_is_checked_before_the_content(media, dossier, stranger):
    # A stranger learns nothing about the limits or the accepted types.
    with pytest.raises(PermissionDenied):
        attachment_add(actor=stranger, dossier=dossier, upload=upload(b"", "x.exe"))


def test_refuses_applicant_once_the_dossier_is_received(media, dossier, citizen):
    dossier.status = DossierStatus.RECEIVED
    dossier.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        attachment_add(actor=citizen, dossier=dossier, upload=upload(pdf_bytes()))
    assert_left_nothing(media, dossier)


def test_applicant_may_supplement_while_paused_for_supplement(media, dossier, citizen):
    dossier.status = DossierStatus.IN_PROGRESS
    dossier.pause_reason = PauseReason.SUPPLEMENT
    dossier.save(update_fields=["status", "pause_reason"])
    att = attachment_add(
        actor=citizen, dossier=dossier, upload=upload(pdf_bytes()), purpose="supplement"
    )
    assert att.purpose == "supplement"


def test_applicant_may_not_attach_a_result(media, dossier, citizen):
    with pytest.raises(PermissionDenied):
        attachment_add(actor=citizen, dossier=dossier, upload=upload(pdf_bytes()), purpose="result")
    assert_left_nothing(media, dossier)


def test_status_is_rechecked_under_the_lock(media, dossier, citizen):
    # given: the caller holds a stale copy; the dossier was received meanwhile
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.RECEIVED)
    with pytest.raises(PermissionDenied):
        attachment_add(actor=citizen, dossier=dossier, upload=upload(pdf_bytes()))
    assert_left_nothing(media, dossier)


def test_refuses_unknown_purpose(media, dossier, citizen):
    with pytest.raises(DomainError) as exc:
        attachment_add(actor=citizen, dossier=dossier, upload=upload(pdf_bytes()), purpose="x")
    assert exc.value.code == "invalid_purpose"


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.SPECIALIST])
def test_official_of_receiving_agency_may_attach_a_result(media, dossier, agency, role):
    dossier.status = DossierStatus.RESULT_READY
    dossier.save(update_fields=["status"])
    official = make_official("canbo", role, agency)
    att = attachment_add(
        actor=official,
        dossier=dossier,
        upload=upload(docx_bytes(), "ket-qua.docx"),
        purpose="result",
    )
    assert att.purpose == "result"
    assert att.uploaded_by == official


def test_official_of_another_agency_or_role_is_refused(media, dossier, other_agency, agency):
    for user in (
        make_official("canbo-khac", Role.RECEPTION, other_agency),
        make_official("thanh-tra", Role.INSPECTOR, agency),
    ):
        with pytest.raises(PermissionDenied):
            attachment_add(actor=user, dossier=dossier, upload=upload(pdf_bytes()))
    assert_left_nothing(media, dossier)


# --- failure after the file was stored ----------------------------------------------------------


def test_failure_after_store_removes_file_and_row(media, dossier, citizen, monkeypatch):
    def broken_append(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(attachments_module.audit, "append", broken_append)
    with pytest.raises(RuntimeError):
        attachment_add(actor=citizen, dossier=dossier, upload=upload(pdf_bytes()))
    assert_left_nothing(media, dossier)


def test_failure_after_store_removes_moved_temporary_upload(
    media, dossier, citizen, monkeypatch, temp_upload
):
    temp = temp_upload(image_bytes("PNG"), "anh.png", "image/png")

    def broken_create(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(Attachment.objects, "create", broken_create)
    with pytest.raises(RuntimeError):
        attachment_add(actor=citizen, dossier=dossier, upload=temp)
    assert_left_nothing(media, dossier)
