"""Download headers: safe names, RFC 5987 for Vietnamese, nosniff, digest; streamed storage."""

from __future__ import annotations

import base64
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from motcua.catalog.models import RequiredDocument
from motcua.core.downloads import ascii_filename, content_disposition, file_response, safe_filename

pytestmark = pytest.mark.backends  # CI runs these again on RQ and S3 too


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Giấy khai sinh.pdf", "Giấy khai sinh.pdf"),
        ('a"b\\c/d:e.pdf', "a_b_c_d_e.pdf"),
        ("x\r\nSet-Cookie: a=b.pdf", "x_Set-Cookie_ a=b.pdf"),
        ("..\\..\\etc/passwd", "etc_passwd"),
        ("", "tep"),
        ("\x00\x01", "tep"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_ascii_fallback_folds_vietnamese() -> None:
    assert ascii_filename("Đơn đề nghị cấp phép.pdf") == "Don de nghi cap phep.pdf"


def test_content_disposition_plain_and_rfc5987() -> None:
    assert content_disposition("a-receipt.pdf", inline=True) == 'inline; filename="a-receipt.pdf"'
    header = content_disposition('Tờ khai; "x".pdf', inline=False)
    assert header == (
        "attachment; filename=\"To khai_ _x_.pdf\"; filename*=UTF-8''T%E1%BB%9D%20khai_%20_x_.pdf"
    )
    assert "\r" not in header
    assert "\n" not in header


def test_file_response_streams_the_stored_bytes_with_the_headers(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    data = b"%PDF-1.4 test"
    name = default_storage.save("slips/x/abc.pdf", ContentFile(data))
    digest = hashlib.sha256(data).hexdigest()
    stored = FieldFile(None, RequiredDocument._meta.get_field("template"), name)
    response = file_response(
        stored=stored,
        filename="Phiếu.pdf",
        content_type="application/pdf",
        sha256=digest,
    )
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="Phieu.pdf"; ')
    expected = base64.b64encode(bytes.fromhex(digest)).decode()
    assert response["Repr-Digest"] == f"sha-256=:{expected}:"


def test_a_file_gone_or_never_stored_is_a_404_not_an_error(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    field = RequiredDocument._meta.get_field("template")
    name = default_storage.save("slips/x/gone.pdf", ContentFile(b"%PDF-1.4"))
    default_storage.delete(name)
    for stored in (FieldFile(None, field, name), FieldFile(None, field, "")):
        with pytest.raises(Http404) as err:
            file_response(stored=stored, filename="x.pdf", content_type="application/pdf")
        assert "Tệp không còn trên hệ thống" in str(err.value)
