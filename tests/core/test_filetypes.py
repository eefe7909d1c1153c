"""Content sniffing and display names (pure: no database)."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook
from PIL import Image

from motcua.core import filetypes
from motcua.core.filetypes import (
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    display_name,
    sanitize_filename,
    sniff,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The smallest Windows executable header: what a renamed "hoso.pdf" really is.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def image_bytes(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
        }
    )


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "Họ và tên"
    wb.save(buf)
    return buf.getvalue()


def sniff_bytes(data: bytes) -> filetypes.FileType | None:
    """Sniff the way the service does: a head, plus the whole file as a seekable object."""
    return sniff(data[: filetypes.SNIFF_BYTES], open_zip=lambda: io.BytesIO(data))


# --- sniff -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF_BYTES, PDF),
        (image_bytes("JPEG"), JPEG),
        (image_bytes("PNG"), PNG),
        (docx_bytes(), DOCX),
        (xlsx_bytes(), XLSX),
    ],
    ids=["pdf", "jpeg", "png", "docx", "xlsx"],
)
def test_sniff_accepts_each_type_by_content(data, expected):
    assert sniff_bytes(data) == expected


def test_sniff_returns_mime_and_extension():
    assert (PDF.mime, PDF.extension) == ("application/pdf", ".pdf")
    assert (XLSX.mime, XLSX.extension) == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    )


def test_sniff_without_open_zip_reads_head_as_whole_file():
    assert sniff(docx_bytes()) == DOCX


@pytest.mark.parametrize(
    "data",
    [
        EXE_BYTES,  # an .exe renamed to .pdf: the name is never consulted
        b"",
        b"%PD",  # truncated PDF magic
        b"\x89PNG\r\n",  # truncated PNG header
        b"\xff\xd8",  # truncated JPEG header
        b"GIF89a\x01\x00\x01\x00",  # a real image type we do not accept
        b"<html><script>alert(1)</script>",
        b"  %PDF-1.4",  # magic must be at the very start
    ],
    ids=["exe", "empty", "pdf-short", "png-short", "jpeg-short", "gif", "html", "pdf-offset"],
)
def test_sniff_rejects_other_content(data):
    assert sniff_bytes(data) is None


def test_sniff_rejects_zip_that_is_neither_docx_nor_xlsx():
    plain = zip_bytes({"a.txt": b"hello", "b/c.xml": b"<x/>"})
    assert sniff_bytes(plain) is None


def test_sniff_rejects_zip_without_content_types():
    assert sniff_bytes(zip_bytes({"word/document.xml": b"<w/>"})) is None


def test_sniff_rejects_ooxml_claiming_both_types():
    both = zip_bytes(
        {"[Content_Types].xml": b"<T/>", "word/document.xml": b"<w/>", "xl/workbook.xml": b"<x/>"}
    )
    assert sniff_bytes(both) is None


def test_sniff_rejects_macro_enabled_package():
    docm = zip_bytes(
        {
            "[Content_Types].xml": b"<T/>",
            "word/document.xml": b"<w/>",
            "word/vbaProject.bin": b"\x00",
        }
    )
    assert sniff_bytes(docm) is None


def test_sniff_rejects_truncated_zip():
    data = docx_bytes()
    assert sniff_bytes(data[: len(data) // 2]) is None
    assert sniff_bytes(b"PK\x03\x04") is None


def test_sniff_refuses_zip_with_too_many_entries_without_parsing_them(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_ZIP_ENTRIES", 3)
    crowded = zip_bytes(
        {"[Content_Types].xml": b"<T/>", "word/document.xml": b"<w/>", "a": b"", "b": b""}
    )

    def no_parsing(*args, **kwargs):
        raise AssertionError("central directory parsed despite the declared count")

    monkeypatch.setattr(filetypes.zipfile, "ZipFile", no_parsing)
    assert sniff_bytes(crowded) is None


def test_sniff_never_decompresses_members(monkeypatch):
    # A member that would expand to 100 MB: sniffing must stay on the directory.
    bomb = zip_bytes(
        {
            "[Content_Types].xml": b"<T/>",
            "word/document.xml": b"<w/>",
            "word/media/big.bin": b"\x00" * (100 * 1024 * 1024),
        }
    )
    assert len(bomb) < 200 * 1024

    def no_open(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_open)
    monkeypatch.setattr(zipfile.ZipFile, "read", no_open)
    assert sniff_bytes(bomb) == DOCX


def test_accepted_labels():
    assert filetypes.accepted_labels() == "PDF, JPEG, PNG, DOCX, XLSX"


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("don-de-nghi.pdf", "don-de-nghi.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("C:\\Users\\An\\Desktop\\Tờ khai.docx", "Tờ khai.docx"),
        ("/tmp/x/.bashrc", "bashrc"),
        ("...hidden.pdf", "hidden.pdf"),
        ('bao<cao>:"q1"|?*.xlsx', "bao cao q1.xlsx"),
        ("a\x00b\x1fc\nd.pdf", "a b c d.pdf"),
        ("  nhiều    khoảng\ttrắng  .pdf", "nhiều khoảng trắng.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # right-to-left override dropped
        ("CON.pdf", "_CON.pdf"),
        ("lpt1", "_lpt1"),
        ("báo cáo. ", "báo cáo"),
        ("", "tep-dinh-kem"),
        ("   ", "tep-dinh-kem"),
        ("../..", "tep-dinh-kem"),
        ("\\", "tep-dinh-kem"),
    ],
)
def test_sanitize_filename(raw, clean):
    assert sanitize_filename(raw) == clean


def test_sanitize_filename_normalises_vietnamese_to_nfc():
    decomposed = "Gia\u0301y khai sinh.pdf"  # á as a + combining acute
    assert sanitize_filename(decomposed) == "Giáy khai sinh.pdf"
    assert sanitize_filename("Đơn đề nghị cấp giấy phép xây dựng.pdf") == (
        "Đơn đề nghị cấp giấy phép xây dựng.pdf"
    )


def test_sanitize_filename_limits_length_keeping_extension():
    name = sanitize_filename("ồ" * 400 + ".docx")
    assert len(name) == 150
    assert name.endswith(".docx")
    assert name.startswith("ồồồ")


def test_sanitize_filename_does_not_treat_long_suffix_as_extension():
    name = sanitize_filename("a" * 200 + "." + "b" * 40)
    assert len(name) == 150
    assert name == ("a" * 200 + "." + "b" * 40)[:150]


@pytest.mark.parametrize(
    ("raw", "ftype", "shown"),
    [
        ("scan.pdf", PDF, "scan.pdf"),
        ("scan.PDF", PDF, "scan.PDF"),
        ("ảnh.jpeg", JPEG, "ảnh.jpeg"),
        ("ảnh.png", JPEG, "ảnh.jpg"),  # the content decides
        ("hoso.exe", PDF, "hoso.pdf"),
        ("no-extension", DOCX, "no-extension.docx"),
        ("", XLSX, "tep-dinh-kem.xlsx"),
        ("../../etc/passwd", PNG, "passwd.png"),
    ],
)
def test_display_name_extension_follows_content(raw, ftype, shown):
    assert display_name(raw, ftype) == shown
