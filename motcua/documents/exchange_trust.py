"""Whom an edXML seal is trusted from (QCVN 102:2016/BTTTT; docs/edxml.md "The seal").

Contract:
- `certificate_trusted(certificate, now=...)`: the certificate is valid at `now`, chains through
  the stored CAs (`signing.models.CertificateAuthority`, each signature checked, each CA valid
  at `now`) to a CA marked `trusted`, and is not revoked by its issuing CA (the revocation the
  platform's CRL would list). Nothing is fetched.
- `owner_of(certificate)`: the agency the platform issued or uploaded this credential for
  (`SigningCredential`, matched by issuer serial and the exact DER), None when unknown. The
  caller compares it with the envelope's `From` organ: a trusted seal of another agency is
  not that agency's document (Decree 30/2020/NĐ-CP Art. 21: authenticity before registration).
"""

from __future__ import annotations

from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from motcua.accounts.models import Agency
from motcua.signing.models import CertificateAuthority, CredentialKind, SigningCredential

MAX_CHAIN = 8


def _valid_at(certificate: x509.Certificate, now: datetime) -> bool:
    return certificate.not_valid_before_utc <= now < certificate.not_valid_after_utc


def _issuer_among(
    child: x509.Certificate, cas: list[tuple[CertificateAuthority, x509.Certificate]]
) -> tuple[CertificateAuthority, x509.Certificate] | None:
    for ca, ca_cert in cas:
        if ca_cert.subject != child.issuer:
            continue
        try:
            child.verify_directly_issued_by(ca_cert)
        except (ValueError, TypeError, InvalidSignature):
            continue
        return ca, ca_cert
    return None


def certificate_trusted(certificate: x509.Certificate, *, now: datetime) -> bool:
    """See the module contract."""
    if not _valid_at(certificate, now):
        return False
    cas = [
        (ca, x509.load_der_x509_certificate(bytes(ca.cert_der)))
        for ca in CertificateAuthority.objects.order_by("pk")
    ]
    child, direct = certificate, None
    for _ in range(MAX_CHAIN):
        found = _issuer_among(child, cas)
        if found is None or not _valid_at(found[1], now):
            return False
        direct = direct or found[0]
        if found[0].trusted:
            break
        child = found[1]
    else:
        return False
    return not SigningCredential.objects.filter(
        issuer=direct, serial=format(certificate.serial_number, "x"), revoked_at__lte=now
    ).exists()


def owner_of(certificate: x509.Certificate) -> Agency | None:
    """See the module contract."""
    der = certificate.public_bytes(serialization.Encoding.DER)
    rows = SigningCredential.objects.filter(
        kind=CredentialKind.AGENCY, serial=format(certificate.serial_number, "x")
    ).select_related("agency")
    for credential in rows:
        if bytes(credential.cert_der) == der:
            return credential.agency
    return None
