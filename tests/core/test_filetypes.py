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


def test_sniff_never_decompresses_content_members(monkeypatch):
    # A member that would expand to 100 MB: sniffing reads the package metadata only
    # ([Content_Types].xml and the .rels parts), never the content.
    bomb = zip_bytes(
        {
            "[Content_Types].xml": b"<T/>",
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w/>",
            "word/media/big.png": b"\x00" * (100 * 1024 * 1024),
        }
    )
    assert len(bomb) < 200 * 1024
    opened = []
    real_open = zipfile.ZipFile.open

    def recording_open(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    monkeypatch.setattr(zipfile.ZipFile, "read", None)
    assert sniff_bytes(bomb) == DOCX
    assert sorted(opened) == ["[Content_Types].xml", "_rels/.rels"]


def test_sniff_refuses_a_bomb_in_the_package_metadata():
    """[Content_Types].xml that expands to 100 MB is refused after at most the cap is read."""
    bomb = zip_bytes(
        {
            "[Content_Types].xml": b"<Types>" + b" " * (100 * 1024 * 1024) + b"</Types>",
            "word/document.xml": b"<w/>",
        }
    )
    assert len(bomb) < 200 * 1024
    assert sniff_bytes(bomb) is None


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Types [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&d;</Types>"""


def test_sniff_refuses_package_xml_with_a_dtd_or_entities():
    laughs = zip_bytes({"[Content_Types].xml": BILLION_LAUGHS, "word/document.xml": b"<w/>"})
    assert sniff_bytes(laughs) is None
    broken = zip_bytes({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w/>"})
    assert sniff_bytes(broken) is None


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


# --- macros, found by name, content type, relationship and content (case-insensitively) -------

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
OFFICE_DOC_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
# A compound-file directory entry named "_VBA_PROJECT" (UTF-16LE), as in a real vbaProject.bin.
VBA_BIN = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "_VBA_PROJECT".encode("utf-16-le")
OLE_BIN = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Ole10Native".encode("utf-16-le")


def content_types(defaults=(), overrides=()):
    items = [
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        *(f'<Default Extension="{ext}" ContentType="{ct}"/>' for ext, ct in defaults),
        f'<Override PartName="/word/document.xml" ContentType="{DOC_MAIN}"/>',
        *(f'<Override PartName="{part}" ContentType="{ct}"/>' for part, ct in overrides),
    ]
    return f'<?xml version="1.0"?><Types xmlns="{CT_NS}">{"".join(items)}</Types>'.encode()


def rels(*relationships):
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(relationships, 1)
    )
    return f'<?xml version="1.0"?><Relationships xmlns="{REL_NS}">{items}</Relationships>'.encode()


def real_docx(extra=None, *, types=None, doc_rels=None):
    members = {
        "[Content_Types].xml": types or content_types(),
        "_rels/.rels": rels((OFFICE_DOC_REL, "word/document.xml")),
        "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="urn:w"/>',
        "word/_rels/document.xml.rels": doc_rels or rels(),
    }
    members.update(extra or {})
    return zip_bytes(members)


def test_a_realistic_docx_without_macros_is_accepted():
    assert sniff_bytes(real_docx()) == DOCX
    embedded_ole = real_docx(
        {"word/embeddings/oleObject1.bin": OLE_BIN},
        types=content_types(
            defaults=[("bin", "application/vnd.openxmlformats-officedocument.oleObject")]
        ),
    )
    assert sniff_bytes(embedded_ole) == DOCX


@pytest.mark.parametrize(
    "name",
    [
        "word/vbaProject.bin",
        "word/VbaProject.BIN",
        "WORD/VBAPROJECT.BIN",
        "word/media/vbaProject.bin",
        "word/vbaData.xml",
        "word/vbaProjectSignature.bin",
    ],
)
def test_docx_with_a_macro_part_in_any_case_is_refused(name):
    assert sniff_bytes(real_docx({name: VBA_BIN})) is None


def test_docx_with_a_macro_part_declared_by_override_content_type_is_refused():
    types = content_types(overrides=[("/word/stuff.dat", VBA_TYPE)])
    assert sniff_bytes(real_docx({"word/stuff.dat": b"\x00"}, types=types)) is None
    upper = content_types(overrides=[("/word/stuff.dat", VBA_TYPE.upper())])
    assert sniff_bytes(real_docx({"word/stuff.dat": b"\x00"}, types=upper)) is None


def test_docx_with_a_macro_part_declared_by_default_content_type_is_refused():
    types = content_types(defaults=[("dat", VBA_TYPE)])
    assert sniff_bytes(real_docx({"word/stuff.dat": b"\x00"}, types=types)) is None


@pytest.mark.parametrize(
    "content_type",
    [
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.vbaData+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    ],
)
def test_docx_with_a_macro_enabled_content_type_is_refused(content_type):
    types = content_types(overrides=[("/word/other.xml", content_type)])
    assert sniff_bytes(real_docx({"word/other.xml": b"<x/>"}, types=types)) is None


@pytest.mark.parametrize("kind", [VBA_REL, VBA_REL.upper()])
def test_docx_with_a_vba_relationship_to_a_part_of_any_name_is_refused(kind):
    doc_rels = rels((kind, "payload.dat"))
    assert sniff_bytes(real_docx({"word/payload.dat": b"\x00"}, doc_rels=doc_rels)) is None


def test_docx_with_a_vba_project_hidden_in_a_bin_part_of_another_name_is_refused():
    assert sniff_bytes(real_docx({"word/embeddings/oleObject1.bin": VBA_BIN})) is None
    assert sniff_bytes(real_docx({"word/embeddings/OLEOBJECT1.BIN": VBA_BIN})) is None


def xlsx_with(extra_members, *, override=None):
    """A workbook saved by openpyxl, repacked with extra members (and content type override)."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    if override:
        part, ct = override
        members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
            b"</Types>", f'<Override PartName="{part}" ContentType="{ct}"/></Types>'.encode()
        )
    members.update(extra_members)
    return zip_bytes(members)


def test_xlsx_with_macros_is_refused_by_name_type_or_content():
    assert sniff_bytes(xlsx_with({})) == XLSX
    assert sniff_bytes(xlsx_with({"xl/vbaProject.bin": VBA_BIN})) is None
    assert sniff_bytes(xlsx_with({"xl/VBAProject.Bin": VBA_BIN})) is None
    assert sniff_bytes(xlsx_with({"xl/x.dat": b"\x00"}, override=("/xl/x.dat", VBA_TYPE))) is None
    macro_main = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert sniff_bytes(xlsx_with({}, override=("/xl/workbook.xml", macro_main))) is None
    assert sniff_bytes(xlsx_with({"xl/media/a.bin": VBA_BIN})) is None
