"""Registering the agencies of other platforms this one exchanges documents with (QCVN
102:2016/BTTTT; docs/edxml.md "Partners"), and reading what they are trusted for.

Contract:
- `partner_register`: the platform administrator (or a command, actor None) registers or
  re-registers a partner from its code, name, endpoint and certificate bundle — PEM, the
  partner's seal certificate first, then the CA certificates up to its root (what the other
  platform's `motcua exchange_certificate` prints). Everything is checked before anything is
  written: the code is a QCVN 102 agency code and not an agency of this platform, the
  endpoint is an http(s) URL ending in "/", the seal certificate is an end-entity certificate
  valid now and chains through the bundle's CAs to a self-signed root. One
  `exchange.partner_registered` audit event on stream ("exchange_partner", code).
- `partner_of(certificate)`: the active partner whose pinned certificate is exactly this one
  and valid at `now`, else None (the seal of a package from another platform).
- `foreign_trust(partner)`: its CA certificates, for verifying the PDF signatures it sends.
- `own_bundle(agency)`: the bundle another platform registers for one of our agencies.

Error codes: forbidden, invalid_agency_code, local_agency, invalid_endpoint, name_required,
invalid_bundle, certificate_not_valid, certificate_chain, no_credential.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.accounts.services import validate_agency_code
from motcua.core import audit
from motcua.core.errors import DomainError, PermissionDenied
from motcua.documents.models import ExchangePartner
from motcua.signing.models import CertificateAuthority, CredentialKind
from motcua.signing.selectors import active_credential
from motcua.signing.verify import ForeignTrust

STREAM = "exchange_partner"
MAX_BUNDLE = 10  # certificates: the seal certificate and its CAs


def _fail(message: str, code: str) -> DomainError:
    return DomainError(message, code=code)


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _valid_at(certificate: x509.Certificate, now: datetime) -> bool:
    return certificate.not_valid_before_utc <= now < certificate.not_valid_after_utc


def read_bundle(pem: bytes) -> tuple[x509.Certificate, list[x509.Certificate]]:
    """The seal certificate and the CA certificates of a PEM bundle, checked (module contract)."""
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise _fail("Tệp chứng thư không đọc được (cần định dạng PEM).", "invalid_bundle") from None
    if not 2 <= len(certificates) <= MAX_BUNDLE:
        raise _fail(
            "Cần chứng thư niêm phong của cơ quan, tiếp theo là chứng thư các CA đến CA gốc.",
            "invalid_bundle",
        )
    seal, cas = certificates[0], certificates[1:]
    if _is_ca(seal) or not all(_is_ca(c) for c in cas):
        raise _fail(
            "Chứng thư đầu tiên phải là của cơ quan, các chứng thư sau phải là của CA.",
            "invalid_bundle",
        )
    now = timezone.now()
    if not all(_valid_at(c, now) for c in certificates):
        raise _fail("Có chứng thư đã hết hạn hoặc chưa có hiệu lực.", "certificate_not_valid")
    _check_chain(seal, cas)
    return seal, cas


def _check_chain(seal: x509.Certificate, cas: list[x509.Certificate]) -> None:
    child = seal
    for _ in range(len(cas)):
        issuer = next((c for c in cas if c.subject == child.issuer), None)
        if issuer is None:
            break
        try:
            child.verify_directly_issued_by(issuer)
        except (ValueError, TypeError, InvalidSignature):
            break
        if issuer.subject == issuer.issuer:
            return  # reached the self-signed root
        child = issuer
    raise _fail(
        "Chứng thư niêm phong không nối được tới CA gốc trong tệp đã gửi.", "certificate_chain"
    )


def _endpoint(value: str) -> str:
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not url.endswith("/"):
        raise _fail(
            "Địa chỉ nhận gói tin phải là URL http(s) kết thúc bằng “/”, ví dụ "
            "https://vanban.example.gov.vn/lien-thong/edxml/.",
            "invalid_endpoint",
        )
    if len(url) > 300:
        raise _fail("Địa chỉ nhận gói tin dài quá 300 ký tự.", "invalid_endpoint")
    return url


def _der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


@transaction.atomic
def partner_register(
    *,
    actor: Any,
    organ_id: str,
    name: str,
    endpoint: str,
    bundle_pem: bytes,
    organization_in_charge: str = "",
) -> ExchangePartner:
    """Register (or replace) a partner of another platform; see the module contract."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied()
    try:
        code = validate_agency_code(organ_id)
    except ValidationError as e:
        raise _fail(e.messages[0], "invalid_agency_code") from None
    if Agency.objects.filter(code=code).exists():
        raise _fail(f"{code} là mã của một cơ quan trên hệ thống này.", "local_agency")
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise _fail("Cần tên cơ quan (tối đa 200 ký tự).", "name_required")
    url = _endpoint(endpoint)
    seal, cas = read_bundle(bundle_pem)
    der = _der(seal)
    fields = {
        "name": name,
        "organization_in_charge": " ".join(organization_in_charge.split())[:200],
        "endpoint": url,
        "cert_der": der,
        "cert_sha256": hashlib.sha256(der).hexdigest(),
        "ca_pem": "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in cas),
        "is_active": True,
    }
    partner, created = ExchangePartner.objects.select_for_update().update_or_create(
        organ_id=code, defaults=fields, create_defaults={**fields, "created_by": actor}
    )
    audit.append(
        stream_type=STREAM,
        stream_id=code,
        kind="exchange.partner_registered",
        actor=actor,
        payload={
            "organ_id": code,
            "name": name,
            "endpoint": url,
            "cert_sha256": fields["cert_sha256"],
            "replaced": not created,
        },
        new_stream=created,
    )
    return partner


def partner_of(certificate: x509.Certificate, *, now: datetime) -> ExchangePartner | None:
    """See the module contract."""
    if not _valid_at(certificate, now):
        return None
    digest = hashlib.sha256(_der(certificate)).hexdigest()
    return ExchangePartner.objects.filter(cert_sha256=digest, is_active=True).first()


def seal_certificate(partner: ExchangePartner) -> x509.Certificate:
    return x509.load_der_x509_certificate(bytes(partner.cert_der))


def foreign_trust(partner: ExchangePartner) -> ForeignTrust:
    """See the module contract."""
    cas = x509.load_pem_x509_certificates(partner.ca_pem.encode("ascii"))
    roots = tuple(_der(c) for c in cas if c.subject == c.issuer)
    others = tuple(_der(c) for c in cas if c.subject != c.issuer)
    return ForeignTrust(roots=roots, intermediates=others)


def own_bundle(agency: Agency) -> bytes:
    """What a partner registers for `agency`: its active seal certificate, then the CAs that
    issued it up to the root (PEM), as `partner_register` reads it."""
    credential = active_credential(kind=CredentialKind.AGENCY, agency_id=agency.pk)
    if credential is None:
        raise _fail(f"{agency.name} chưa có chứng thư ký số.", "no_credential")
    chain = [bytes(credential.cert_der)]
    ca: CertificateAuthority | None = credential.issuer
    while ca is not None and len(chain) < MAX_BUNDLE:
        chain.append(bytes(ca.cert_der))
        ca = ca.parent
    return b"".join(
        x509.load_der_x509_certificate(d).public_bytes(serialization.Encoding.PEM) for d in chain
    )
