"""PAdES B-LT signatures with the issuing agency's credential (the `core.pdf.sign_pdf` hook).

Contract:
- `sign_for_agency(pdf, agency=..., verify_url=...)` returns the PDF with one more signature:
  PAdES (ETSI.CAdES.detached), SHA-256, an RFC 3161 signature timestamp from the configured TSA
  (`SIGNING["TSA_URL"]`, default the platform's own /pki/tsa) over HTTP, and the validation data
  (certificates and CRLs of the signer and of the TSA) in the document security store, so the
  signature is checked later without the platform (B-LT). `use_pades_lta` adds a document
  timestamp (B-LTA).
- An agency without a usable credential (none, revoked, expired) gets the PDF back unchanged
  and a warning in the log: slips are still issued, unsigned, as before.
- The visible seal follows Decree 30/2020 Annex I §II.8 for an organisation's signature on a
  document whose signer block the platform does not lay out: top-right of page 1, in Times New
  Roman (Liberation Serif) 10 pt, the agency, the signing time in ISO 8601 with the Vietnam
  offset, and a QR code to the verification page (docs/rules.md §Signed electronic results).
- On an official document the platform lays out, the caller passes the spot its template
  reserved for the signer's signature and the body's name (`seal_over=SealSpot(...)`): the
  organisation's signature image is then that body's red seal (`seal_image`), `SEAL_DIAMETER`
  across, overlapping the left third of that spot and centred on it vertically (Annex I §II.8),
  on the spot's page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from asn1crypto import keys
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.timestamps import TimestampRequestError
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.stamp import QRStampStyle, StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from motcua.core.errors import DomainError
from motcua.core.pdf import Anchor
from motcua.signing import _sync, keystore
from motcua.signing.models import CredentialKind, SigningCredential
from motcua.signing.seal_font import SealFontFactory
from motcua.signing.seal_image import seal_image
from motcua.signing.selectors import (
    active_credential,
    asn1_cert,
    chain_of,
    current_crls,
    intermediates,
    public_url,
    trust_roots,
    tsa_url,
)

logger = logging.getLogger(__name__)

SEAL_SIZE = (230, 62)  # points: the stamp box, QR on its left
SEAL_MARGIN = 22
STAMP_TEXT = "Ký số bởi: %(signer)s\nThời gian ký: %(when)s\nXác thực: %(url)s"
SEAL_DIAMETER = 32 * 72 / 25.4  # points: a 32 mm seal, the usual size of a body's round seal


@dataclass(frozen=True)
class SealSpot:
    """Where the organisation's seal goes: over the signer's spot `at`, naming `name`."""

    at: Anchor
    name: str


class _LoadedKeySigner(signers.SimpleSigner):
    """SimpleSigner that signs with the key already loaded (pyHanko re-parses the DER, with
    OpenSSL's RSA check, on each of its two signing calls per document). RSA PKCS#1 v1.5 only:
    the mechanism of every key the platform issues or accepts."""

    def __init__(self, *, key: RSAPrivateKey, **kwargs: Any) -> None:
        super().__init__(signing_key=keys.PrivateKeyInfo.load(keystore.key_der(key)), **kwargs)
        self.loaded_key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        return self.loaded_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


def _signer(credential: SigningCredential) -> signers.SimpleSigner:
    key = keystore.unseal(credential.key_encrypted)
    assert isinstance(key, RSAPrivateKey)
    chain = [asn1_cert(ca.cert_der) for ca in chain_of(credential)]
    return _LoadedKeySigner(
        key=key,
        signing_cert=asn1_cert(credential.cert_der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


def validation_context() -> ValidationContext:
    """Trust our roots; revocation from the CRLs the platform issues now (no fetching)."""
    return ValidationContext(
        trust_roots=trust_roots(),
        other_certs=intermediates(),
        crls=current_crls(),
        allow_fetching=False,
        revocation_mode="hard-fail",
    )


def _media_box(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, ...]:
    """The MediaBox of page `page` (0 first), inherited from the page tree when not its own."""
    node = writer.find_page_for_modification(page)[0].get_object()
    while "/MediaBox" not in node and "/Parent" in node:
        node = node["/Parent"].get_object()
    return tuple(float(v) for v in node["/MediaBox"])


def _seal_box(writer: IncrementalPdfFileWriter) -> tuple[int, int, int, int]:
    """Top right of page 1 (a slip or result, no signer block)."""
    _x0, _y0, x1, y1 = _media_box(writer, 0)
    width, height = SEAL_SIZE
    right, top = int(x1) - SEAL_MARGIN, int(y1) - SEAL_MARGIN
    return (right - width, top - height, right, top)


def seal_box_over(spot: Anchor, page_height: float) -> tuple[float, float, float, float]:
    """The seal's box in PDF coordinates (from the bottom left): its right edge a third of the
    way into the signer's `spot`, its centre level with the spot's (Annex I §II.8)."""
    right = spot.left + spot.width / 3
    middle = page_height - (spot.top + spot.height / 2)
    half = SEAL_DIAMETER / 2
    return (right - SEAL_DIAMETER, middle - half, right, middle + half)


def _field_name(writer: IncrementalPdfFileWriter) -> str:
    taken = {name for name, _, _ in fields.enumerate_sig_fields(writer)}
    n = 1
    while f"ChuKyCoQuan{n}" in taken:
        n += 1
    return f"ChuKyCoQuan{n}"


def _appearance(
    writer: IncrementalPdfFileWriter, name: str, seal_over: SealSpot | None
) -> tuple[Any, fields.SigFieldSpec]:
    """The stamp style and the field of the signature: the QR stamp at the top right, or the
    agency's seal over the signer's spot."""
    if seal_over is None:
        style: Any = QRStampStyle(
            stamp_text=STAMP_TEXT,
            text_box_style=TextBoxStyle(font=SealFontFactory(font_size=10), font_size=10),
            border_width=0,
            background=None,
        )
        return style, fields.SigFieldSpec(name, on_page=0, box=_seal_box(writer))
    spot = seal_over.at
    _bx0, by0, _bx1, by1 = _media_box(writer, spot.page)
    x0, y0, x1, y1 = (round(v) for v in seal_box_over(spot, by1 - by0))
    image = PdfImage(seal_image(seal_over.name))
    style = StaticStampStyle(background=image, border_width=0, background_opacity=1.0)
    spec = fields.SigFieldSpec(name, on_page=spot.page, box=(x0, y0, x1, y1))
    return style, spec


def sign_with(
    pdf: bytes,
    *,
    credential: SigningCredential,
    verify_url: str,
    lta: bool = False,
    seal_over: SealSpot | None = None,
) -> bytes:
    """Sign `pdf` with `credential` (see the module contract)."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    name = _field_name(writer)
    meta = PdfSignatureMetadata(
        field_name=name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        embed_validation_info=True,
        use_pades_lta=lta,
        validation_context=validation_context(),
    )
    style, spec = _appearance(writer, name, seal_over)
    pdf_signer = PdfSigner(
        meta,
        signer=_signer(credential),
        timestamper=RequestsHTTPTimeStamper(
            tsa_url(), timeout=settings.MOTCUA["SIGNING"]["TSA_TIMEOUT"]
        ),
        stamp_style=style,
        new_field_spec=spec,
    )
    when = timezone.localtime(timezone.now(), timezone.get_fixed_timezone(7 * 60))
    out = _sync.run(
        pdf_signer.async_sign_pdf(
            writer,
            appearance_text_params={"url": verify_url, "when": when.isoformat(timespec="seconds")},
        )
    )
    return out.getvalue()


def sign_for_agency(
    pdf: bytes,
    *,
    agency: Any = None,
    verify_url: str = "",
    seal_over: SealSpot | None = None,
    required: bool = False,
) -> bytes:
    """The `PDF_SIGNER` hook: sign with `agency`'s credential, or return `pdf` unchanged (or,
    when `required`, refuse with `no_credential`); `seal_over` places the agency's seal over the
    signer's spot (module contract)."""
    credential = (
        active_credential(kind=CredentialKind.AGENCY, agency_id=agency.pk) if agency else None
    )
    if credential is None and required:
        raise DomainError(
            f"{agency.name if agency else 'Cơ quan'} chưa có chứng thư ký số còn hiệu lực: "
            "không ký số được văn bản điện tử. Đề nghị quản trị hệ thống cấp chứng thư rồi "
            "thử lại.",
            code="no_credential",
        )
    if credential is None:
        logger.warning("no signing credential for agency %s: issued unsigned", agency)
        return pdf
    try:
        return sign_with(
            pdf,
            credential=credential,
            verify_url=verify_url or public_url("/xac-thuc/"),
            seal_over=seal_over,
        )
    except (SigningError, TimestampRequestError, OSError) as exc:
        # the TSA did not answer or refused: the caller's transaction is rolled back and the
        # official sees why, instead of an error page (a slip or result is never issued with a
        # signature missing its timestamp)
        logger.warning("signing for agency %s failed: %s", agency, exc)
        raise DomainError(
            "Không ký số được văn bản (máy chủ dấu thời gian không trả lời). Vui lòng thử lại "
            "sau ít phút; hồ sơ chưa thay đổi.",
            code="signing_failed",
        ) from exc
