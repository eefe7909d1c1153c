"""The document store's city: the dossier tests' `world`, a procedure whose birth certificate
component is reusable, a result signed with a real PAdES signature (pyHanko, a throw-away
self-signed certificate) and a verified upload."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.catalog.models import RequiredDocument
from motcua.catalog.services import (
    DocumentData,
    ProcedureData,
    procedure_draft_save,
    procedure_publish,
)
from motcua.core.pdf import html_to_pdf
from motcua.docstore.models import StoreItem
from motcua.docstore.services import store_add_result, store_add_verified
from motcua.dossiers.models import Attachment, AttachmentPurpose, Dossier
from motcua.dossiers.services import results
from motcua.dossiers.services.attachments import attachment_add
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import World, applicant, world  # noqa: F401
from tests.dossiers.test_lifecycle_edges import counter, do

REUSE_CODE = "9.000020"
CLOCK = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 09:00 in Hồ Chí Minh City, a Wednesday


def _self_signed() -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "UBND Phường Bến Thành (thử)")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(CLOCK - timedelta(days=1))
        .not_valid_after(CLOCK + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return (
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


def signed_pdf() -> bytes:
    """A one-page PDF rendered by the platform's renderer, signed PAdES by pyHanko. Signed in a
    thread of its own: pyHanko runs an event loop, and Playwright's sync API holds one in the
    browser tests' thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_signed_pdf).result()


def _signed_pdf() -> bytes:
    cert_pem, key_pem = _self_signed()
    cert = load_cert_from_pemder_bytes(cert_pem)
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=load_private_key_from_pemder_data(key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )
    pdf = html_to_pdf("<p>Giấy khai sinh số 7</p>")
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name="Signature1"),
        signer=signer,
    )
    return out.getvalue()


def load_cert_from_pemder_bytes(data: bytes) -> Any:
    _, _, der = pem.unarmor(data)
    return asn1_x509.Certificate.load(der)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@dataclass
class Store:
    w: World
    result: StoreItem  # the signed result of the citizen's first dossier
    verified: StoreItem  # a component of that dossier an official checked against its original
    first: Dossier


def publish_reusable(w: World) -> None:
    data = ProcedureData(
        code=REUSE_CODE,
        name="Đăng ký thường trú thử nghiệm",
        field_code="HT",
        level="commune",
        time_limit_value=Decimal(3),
        time_limit_unit="working_days",
        applicants="Công dân",
        result_type="Xác nhận thường trú",
        agency_codes=[w.ward.code],
        channels=["counter", "online"],
        online_type="end_to_end",
        documents=[
            DocumentData(name="Giấy khai sinh", reusable=True),
            DocumentData(name="Đơn đăng ký", is_required=False),
        ],
    )
    procedure_publish(version=procedure_draft_save(data=data))


def documents(code: str = REUSE_CODE) -> dict[str, RequiredDocument]:
    from motcua.catalog.models import Procedure

    version = Procedure.objects.get(code=code).current
    return {d.name: d for d in RequiredDocument.objects.filter(version=version)}


def first_dossier_with_result(w: World) -> tuple[Dossier, Attachment, Attachment]:
    """A counter dossier of the citizen: a component uploaded at the desk, then processed and
    recorded with a signed electronic result."""
    code = counter(w)
    dossier = Dossier.objects.get(code=code)
    component = attachment_add(
        actor=w.u("reception"),
        dossier=dossier,
        upload=upload("cccd.pdf", html_to_pdf("<p>CCCD</p>")),
        required_document_id=dossier.procedure_version.documents.order_by("order", "id")[1].pk,
    )
    do(w, code, "review")
    do(w, code, "sign")
    results.result_record(
        actor=w.u("signer"), code=code, summary="Đã cấp", document=upload("kq.pdf", signed_pdf())
    )
    result = Attachment.objects.get(dossier__code=code, purpose=AttachmentPurpose.RESULT)
    return Dossier.objects.get(code=code), component, result


@pytest.fixture
def store(world: World) -> Store:  # noqa: F811
    with time_machine.travel(CLOCK, tick=False):
        publish_reusable(world)
        first, component, result = first_dossier_with_result(world)
        result_item = store_add_result(attachment=result)
        verified = store_add_verified(
            actor=world.u("reception"), code=first.code, attachment_id=component.pk
        )
    return Store(world, result_item, verified, first)


def second_dossier(w: World, user: str = "citizen") -> Dossier:
    """An online dossier of the reusable procedure, submitted without any file."""
    dossier, _ = dossier_submit(
        actor=w.u(user),
        procedure_code=REUSE_CODE,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={},
        idempotency_key=f"second-{user}",
    )
    return dossier
