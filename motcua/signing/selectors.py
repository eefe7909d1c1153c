"""Reads of signing: certificates as crypto objects, the current CRLs, an agency's credential.

Assumptions:
- A CRL is issued on request, signed by the CA's key and valid for `SIGNING["CRL_DAYS"]`: it
  always reflects the revocations in the database at that moment (there is no stale copy to
  publish late). Only CAs whose key the platform holds (the demo CAs) have a CRL here; an
  external CA publishes its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from motcua.core.errors import NotFound
from motcua.signing import keystore, pki
from motcua.signing.models import CertificateAuthority, CredentialKind, SigningCredential

CRL_REISSUE = timedelta(minutes=5)
_CRLS: dict[tuple[Any, ...], tuple[datetime, bytes]] = {}  # per process: (issued at, DER)


def public_url(path: str) -> str:
    return settings.MOTCUA["PUBLIC_BASE_URL"].rstrip("/") + path


def crl_url(ca: CertificateAuthority) -> str:
    return public_url(reverse("signing:crl", kwargs={"slug": ca.slug}))


def tsa_url() -> str:
    return settings.MOTCUA["SIGNING"]["TSA_URL"] or public_url(reverse("signing:tsa"))


def load_cert(der: bytes | memoryview) -> x509.Certificate:
    return x509.load_der_x509_certificate(bytes(der))


def asn1_cert(der: bytes | memoryview) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(bytes(der))


def issuer_of(ca: CertificateAuthority) -> pki.Issuer:
    """The CA as an issuer (certificate and decrypted key); NotFound when it has no key."""
    if not ca.key_encrypted:
        raise NotFound("Nền tảng không giữ khoá của tổ chức cấp chứng thư này.")
    key = keystore.unseal(ca.key_encrypted)
    assert isinstance(key, RSAPrivateKey)
    return pki.Issuer(cert=load_cert(ca.cert_der), key=key)


def trust_roots() -> list[asn1_x509.Certificate]:
    return [asn1_cert(ca.cert_der) for ca in CertificateAuthority.objects.filter(trusted=True)]


def intermediates() -> list[asn1_x509.Certificate]:
    return [asn1_cert(ca.cert_der) for ca in CertificateAuthority.objects.filter(trusted=False)]


def ca_crl(ca: CertificateAuthority, *, now: datetime | None = None) -> bytes:
    """The DER CRL of `ca` at `now`: every credential it issued that is revoked.

    Issued afresh when the revocations change and otherwise kept for `CRL_REISSUE` (each CRL is
    an RSA signature with the CA key); the copy served is never older than that."""
    now = now or timezone.now()
    rows = SigningCredential.objects.filter(issuer=ca, revoked_at__lte=now)
    revoked = [
        pki.Revoked(serial=int(c.serial, 16), at=c.revoked_at)
        for c in rows.order_by("pk")
        if c.revoked_at is not None
    ]
    state = (bytes(ca.cert_der), tuple((r.serial, r.at) for r in revoked))
    cached = _CRLS.get(state)
    if cached is not None and timedelta(0) <= now - cached[0] < CRL_REISSUE:
        return cached[1]
    issued = pki.crl(
        issuer=issuer_of(ca),
        revoked=revoked,
        number=int(now.timestamp()),  # grows with time (RFC 5280 §5.2.3)
        now=now,
        days=int(settings.MOTCUA["SIGNING"]["CRL_DAYS"]),
    )
    body = issued.public_bytes(serialization.Encoding.DER)
    if len(_CRLS) > 64:
        _CRLS.clear()
    _CRLS[state] = (now, body)
    return body


def current_crls(*, now: datetime | None = None) -> list[asn1_crl.CertificateList]:
    """Fresh CRLs of every CA whose key the platform holds (supplied to validators)."""
    cas = CertificateAuthority.objects.exclude(key_encrypted=b"")
    return [asn1_crl.CertificateList.load(ca_crl(ca, now=now)) for ca in cas]


def ca_by_slug(slug: str) -> CertificateAuthority:
    ca = CertificateAuthority.objects.filter(slug=slug).first()
    if ca is None:
        raise NotFound("Không có tổ chức cấp chứng thư này.")
    return ca


def active_credential(*, kind: str, agency_id: int | None = None) -> SigningCredential | None:
    """The newest credential of `kind` (for `agency_id`) valid now and not revoked."""
    at = timezone.now()
    rows = SigningCredential.objects.filter(
        kind=kind, revoked_at__isnull=True, not_before__lte=at, not_after__gt=at
    ).select_related("issuer")
    if kind == CredentialKind.AGENCY:
        rows = rows.filter(agency__isnull=False, agency__pk=agency_id or 0)
    return rows.order_by("-created_at", "-pk").first()


def chain_of(credential: SigningCredential) -> list[CertificateAuthority]:
    """The CAs from the credential's issuer up to its root."""
    chain: list[CertificateAuthority] = []
    ca: CertificateAuthority | None = credential.issuer
    while ca is not None:
        chain.append(ca)
        ca = ca.parent
    return chain


def verify_page_url(code: str = "") -> str:
    """The public verification page, of one result when `code` is given (the seal's QR)."""
    if code:
        return public_url(reverse("signing:verify_code", kwargs={"code": code}))
    return public_url(reverse("signing:verify"))


def record_lookup(sha256: str, code: str) -> tuple[str, bool] | None:
    """The platform's record of a file: with `code`, (code, whether the stored copy has this
    SHA-256), None for an unknown code; without, the result or slip stored with this SHA-256."""
    from motcua.dossiers.models import Slip
    from motcua.signing.models import ResultCode

    if code:
        row = ResultCode.objects.filter(code=code).first()
        return None if row is None else (row.code, row.sha256 == sha256)
    row = ResultCode.objects.filter(sha256=sha256).first()
    if row is not None:
        return row.code, True
    if Slip.objects.filter(sha256=sha256).exists():
        return "", True
    return None


def result_code_get(code: str) -> Any:
    """The public record of a result code (no personal data in it); NotFound otherwise."""
    from motcua.signing.models import ResultCode

    row = ResultCode.objects.select_related("agency", "attachment").filter(code=code).first()
    if row is None:
        raise NotFound("Không có kết quả với mã này.", code="result_code_unknown")
    return row


def revocation_state() -> tuple[int, int, str]:
    """What a verification report depends on besides the file: the CAs and the revocations
    (count of CAs, count of revoked credentials, newest revocation). A cached report is
    keyed by it, so a revocation shows at once."""
    from django.db.models import Count, Max

    revoked = SigningCredential.objects.filter(revoked_at__isnull=False).aggregate(
        n=Count("pk"), last=Max("revoked_at")
    )
    return CertificateAuthority.objects.count(), revoked["n"], str(revoked["last"])
