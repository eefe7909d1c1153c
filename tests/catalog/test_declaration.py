"""The blank declaration form (tờ khai) of every procedure as a PDF, rendered once per
published version and served from the stored file."""

from __future__ import annotations

import io
import logging
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client
from pypdf import PdfReader

from motcua.catalog import declaration
from motcua.catalog.demo import seed
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services import procedure_draft_save, procedure_publish, version_data
from motcua.core.errors import NotFound
from tests.conftest import stored_names

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def squash(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def get_pdf(client: Client, code: str) -> Any:
    response = client.get(f"/thu-tuc/{code}/to-khai.pdf")
    assert response.status_code == 200, code
    assert response["Content-Type"] == "application/pdf"
    return response


def stored_files() -> list[Path]:
    names = stored_names(declaration.FOLDER)  # through the storage: disk or S3
    return [Path(settings.MEDIA_ROOT) / name for name in names if name.endswith(".pdf")]


def test_every_demo_procedure_has_its_declaration_pdf(client: Client) -> None:
    seed.seed_demo()
    procedures = list(Procedure.objects.select_related("current__procedure").order_by("code"))
    assert len(procedures) >= 40
    for procedure in procedures:
        version = procedure.current
        assert version is not None
        response = get_pdf(client, procedure.code)
        assert "inline" in response["Content-Disposition"]
        text = pdf_text(b"".join(response.streaming_content))
        assert "TỜ KHAI" in text
        assert squash(version.name) in text, procedure.code
        assert f"Mã thủ tục: {procedure.code}" in text
        assert "Kính gửi:" in text
        assert "NGƯỜI YÊU CẦU" in text
        for item in version.form_schema:
            assert squash(item["label"]) in text, (procedure.code, item["label"])
            for choice in item.get("choices", []):
                assert squash(choice) in text, (procedure.code, choice)
    assert len(stored_files()) == len(procedures)


@pytest.mark.backends  # stored once, on the local folder or S3
def test_the_file_is_rendered_once_per_version(client: Client, monkeypatch: Any) -> None:
    seed.seed_demo()
    first = b"".join(get_pdf(client, "1.001193").streaming_content)
    [stored] = stored_files()
    version = Procedure.objects.get(code="1.001193").current
    assert stored.name.startswith(f"{version.pk}-")

    def no_render(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("rendered again")

    monkeypatch.setattr(declaration, "html_to_pdf", no_render)
    client.cookies["django_language"] = "en"  # the form is the same Vietnamese file
    assert b"".join(get_pdf(client, "1.001193").streaming_content) == first
    assert get_pdf(client, "1.001193")["Cache-Control"] == "public, max-age=3600"
    monkeypatch.undo()

    data = version_data(version)
    data.form_schema = [*data.form_schema, {"name": "x", "label": "Trường mới", "type": "text"}]
    procedure_publish(version=procedure_draft_save(data=data))
    text = pdf_text(b"".join(get_pdf(client, "1.001193").streaming_content))
    assert "Trường mới" in text
    assert len(stored_files()) == 2  # the new version has its own file


def test_one_agency_is_named_and_a_form_without_fields_still_prints(client: Client) -> None:
    seed.seed_demo()
    version = (
        ProcedureVersion.objects.filter(status="published", form_schema=[])
        .prefetch_related("agencies")
        .first()
    )
    assert version is not None
    text = pdf_text(b"".join(get_pdf(client, version.procedure.code).streaming_content))
    agencies = list(version.agencies.all())
    if len(agencies) == 1:
        assert f"Kính gửi: {squash(agencies[0].name)}" in text
    assert "(*) Thông tin bắt buộc" not in text
    single = next(
        v
        for v in ProcedureVersion.objects.filter(status="published").prefetch_related("agencies")
        if len(v.agencies.all()) == 1
    )
    text = pdf_text(b"".join(get_pdf(client, single.procedure.code).streaming_content))
    assert f"Kính gửi: {squash(single.agencies.all()[0].name)}" in text


def test_unknown_procedure_and_draft_versions_have_no_form(client: Client) -> None:
    seed.seed_demo()
    assert client.get("/thu-tuc/9.999999/to-khai.pdf").status_code == 404
    version = Procedure.objects.get(code="1.001193").current
    draft = procedure_draft_save(data=version_data(version))
    with pytest.raises(NotFound):
        declaration.declaration_file(version=draft)
    assert client.post("/thu-tuc/1.001193/to-khai.pdf").status_code in (403, 405)


def test_procedure_page_links_the_declaration(client: Client) -> None:
    seed.seed_demo()
    html = client.get("/thu-tuc/LT.000001/").content.decode()
    assert 'href="/thu-tuc/LT.000001/to-khai.pdf"' in html
    assert "Tải tờ khai (PDF)" in html


@pytest.mark.backends  # stored once, on the local folder or S3
def test_a_concurrent_copy_is_removed(monkeypatch: Any, caplog: Any) -> None:
    seed.seed_demo()
    version = Procedure.objects.get(code="1.001193").current
    name = declaration.declaration_file(version=version)
    real_exists = default_storage.exists
    calls: list[str] = []

    def missed_once(path: str) -> bool:  # the other request stored it after our check
        calls.append(path)
        return len(calls) > 1 and real_exists(path)

    monkeypatch.setattr(default_storage, "exists", missed_once)
    assert declaration.declaration_file(version=version) == name
    assert len(stored_files()) == 1  # the second copy was deleted
    calls.clear()

    def broken_delete(_name: str) -> None:
        raise OSError("disk")

    monkeypatch.setattr(default_storage, "delete", broken_delete)
    with caplog.at_level(logging.ERROR):
        assert declaration.declaration_file(version=version) == name
    assert "could not delete duplicate declaration" in caplog.text
