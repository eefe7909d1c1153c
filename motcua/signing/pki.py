"""X.509 building blocks of the platform's own PKI: CA and end-entity certificates and CRLs.

Pure functions over `cryptography`; no Django import. The demo seed and the tests build a root,
an intermediate, a timestamping certificate and one certificate per agency with them.

Assumptions:
- RSA 2048 with SHA-256 (accepted by every PAdES validator; Circular 16/2019/TT-BTTTT lists
  RSA ≥ 2048 for digital signature certificates).
- Every certificate issued by a CA names that CA's CRL in its CRL distribution point, so a
  validator outside the platform can fetch it (RFC 5280 §4.2.1.13).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_SIZE = 2048


@dataclass(frozen=True)
class Issuer:
    cert: x509.Certificate
    key: CertificateIssuerPrivateKeyTypes


@dataclass(frozen=True)
class Revoked:
    serial: int
    at: datetime
    reason: x509.ReasonFlags = x509.ReasonFlags.unspecified


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


NAME_MAX = 64  # RFC 5280 Appendix A: ub-common-name and ub-organization-name


def fit(value: str, limit: int = NAME_MAX) -> str:
    """`value` within the X.520 length bound, which the cryptography library counts in UTF-8
    bytes (a Vietnamese letter takes 2 or 3): cut at the last space that fits and marked with
    "…", so a long agency name such as "Trung tâm Phục vụ hành chính công ..." still gets its
    certificate. The full name stays in the platform's record of the credential."""
    value = " ".join(value.split())
    if len(value.encode()) <= limit:
        return value
    room = limit - len("…".encode())
    cut = value
    while len(cut.encode()) > room:
        cut = cut[:-1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.-") + "…"


def name(common_name: str, organisation: str = "", country: str = "VN") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, country)]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, fit(organisation)))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, fit(common_name)))
    return x509.Name(parts)


def _builder(
    subject: x509.Name, key: rsa.RSAPrivateKey, issuer: Issuer | None, *, now: datetime, days: int
) -> x509.CertificateBuilder:
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )
    authority = issuer.cert.public_key() if issuer else public
    return builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(authority),  # type: ignore[arg-type]
        critical=False,
    )


def _crl_point(url: str) -> x509.CRLDistributionPoints:
    point = x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(url)],
        relative_name=None,
        reasons=None,
        crl_issuer=None,
    )
    return x509.CRLDistributionPoints([point])


def _usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def ca_certificate(
    *,
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: Issuer | None,
    now: datetime,
    days: int,
    crl_url: str = "",
) -> x509.Certificate:
    """A CA certificate: self-signed when `issuer` is None (a root), else an intermediate
    (path length 0: it issues end-entity certificates only)."""
    builder = _builder(subject, key, issuer, now=now, days=days)
    builder = builder.add_extension(
        x509.BasicConstraints(ca=True, path_length=None if issuer is None else 0), critical=True
    ).add_extension(_usage(sign=False, ca=True), critical=True)
    if crl_url:
        builder = builder.add_extension(_crl_point(crl_url), critical=False)
    signer = issuer.key if issuer else key
    return builder.sign(signer, hashes.SHA256())


def end_entity_certificate(
    *,
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: Issuer,
    now: datetime,
    days: int,
    crl_url: str,
    timestamping: bool = False,
) -> x509.Certificate:
    """A document-signing certificate (non-repudiation), or with `timestamping` a TSA
    certificate (the critical timeStamping EKU, RFC 3161 §2.3)."""
    builder = _builder(subject, key, issuer, now=now, days=days)
    builder = (
        builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign=True, ca=False), critical=True)
        .add_extension(_crl_point(crl_url), critical=False)
    )
    if timestamping:
        eku = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING])
        builder = builder.add_extension(eku, critical=True)
    return builder.sign(issuer.key, hashes.SHA256())


def crl(
    *, issuer: Issuer, revoked: list[Revoked], number: int, now: datetime, days: int
) -> x509.CertificateRevocationList:
    """The CRL of `issuer` listing `revoked`, valid from `now` for `days` days."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(now)
        .next_update(now + timedelta(days=days))
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer.cert.public_key()  # type: ignore[arg-type]
            ),
            critical=False,
        )
    )
    for item in revoked:
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(item.serial)
            .revocation_date(item.at)
            .add_extension(x509.CRLReason(item.reason), critical=False)
            .build()
        )
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(issuer.key, hashes.SHA256())
