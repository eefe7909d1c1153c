"""The PKI writes: the demo CAs, agency credentials (PKCS#12 upload) and revocation.

Error codes of `credential_upload`: forbidden, p12_invalid (not PKCS#12 or wrong password),
p12_no_key, key_mismatch, cert_untrusted, cert_expired, cert_not_for_signing.

Assumptions:
- A credential is trusted when its certificate was issued (signature checked) by a registered
  CA whose chain ends at a root marked `trusted`; the PKCS#12's own extra certificates are not
  trusted for that.
- The private key is stored encrypted (`keystore.seal`), the password is never stored.
- Revocation is final; the issuing CA's CRL lists the credential from the next request on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import pkcs12
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Agency, Role
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.dossiers.permissions import require_role
from motcua.signing import keystore, pki
from motcua.signing.models import CertificateAuthority, CredentialKind, SigningCredential
from motcua.signing.selectors import load_cert

STREAM = "signing"
DER = serialization.Encoding.DER


def _fail(message: str, code: str) -> DomainError:
    return DomainError(message, code=code)


def _issuing_ca(cert: x509.Certificate) -> CertificateAuthority:
    """The registered CA that signed `cert`, checked up to a trusted root."""
    for ca in CertificateAuthority.objects.select_related("parent"):
        try:
            cert.verify_directly_issued_by(load_cert(ca.cert_der))
        except (ValueError, TypeError, InvalidSignature):
            continue
        top = ca
        while top.parent is not None:
            top = top.parent
        if top.trusted:
            return ca
    raise _fail("Chứng thư không do tổ chức cấp chứng thư tin cậy cấp.", code="cert_untrusted")


def _check_usable(cert: x509.Certificate, key: object, now: datetime) -> None:
    if not isinstance(key, RSAPrivateKey):
        raise _fail("Tệp PKCS#12 không chứa khoá RSA.", code="p12_no_key")
    if key.public_key().public_numbers() != cert.public_key().public_numbers():  # type: ignore[union-attr]
        raise _fail("Khoá bí mật không khớp với chứng thư.", code="key_mismatch")
    if not cert.not_valid_before_utc <= now < cert.not_valid_after_utc:
        raise _fail("Chứng thư đã hết hạn hoặc chưa có hiệu lực.", code="cert_expired")
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.content_commitment or usage.digital_signature):
        raise _fail("Chứng thư không dùng để ký số.", code="cert_not_for_signing")


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _load_p12(data: bytes, password: str) -> tuple[object, x509.Certificate]:
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except (ValueError, TypeError) as exc:
        raise _fail(
            "Không mở được tệp PKCS#12 (sai mật khẩu hoặc tệp hỏng).", code="p12_invalid"
        ) from exc
    if cert is None:  # some exporters do not link the key to its certificate: the end entity
        cert = next((c for c in extra if not _is_ca(c)), None)
    if key is None or cert is None:
        raise _fail("Tệp PKCS#12 phải chứa khoá bí mật và chứng thư.", code="p12_no_key")
    return key, cert


def _store(
    *, kind: str, agency: Agency | None, cert: x509.Certificate, key: object, ca: Any, actor: Any
) -> SigningCredential:
    return SigningCredential.objects.create(
        kind=kind,
        agency=agency,
        issuer=ca,
        subject=cert.subject.rfc4514_string(),
        serial=format(cert.serial_number, "x"),
        cert_der=cert.public_bytes(DER),
        key_encrypted=keystore.seal(key),  # type: ignore[arg-type]
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        uploaded_by=actor,
    )


def _audit(credential: SigningCredential, kind: str, actor: Any, **extra: Any) -> None:
    audit.append(
        stream_type=STREAM,
        stream_id=f"credential-{credential.pk}",
        kind=kind,
        actor=actor,
        payload={
            "credential": credential.pk,
            "agency": credential.agency_id,
            "serial": credential.serial,
            "subject": credential.subject,
            **extra,
        },
    )


@transaction.atomic
def credential_upload(
    *, actor: Any, agency: Agency, data: bytes, password: str
) -> SigningCredential:
    """Store the agency's signing credential from a PKCS#12 file (checked, key encrypted)."""
    require_role(actor, (Role.AGENCY_ADMIN,), agency)
    key, cert = _load_p12(data, password)
    _check_usable(cert, key, timezone.now())
    ca = _issuing_ca(cert)
    serial = format(cert.serial_number, "x")
    if SigningCredential.objects.filter(issuer=ca, serial=serial).exists():
        raise Conflict("Chứng thư này đã được tải lên.", code="credential_exists")
    credential = _store(
        kind=CredentialKind.AGENCY, agency=agency, cert=cert, key=key, ca=ca, actor=actor
    )
    _audit(credential, "signing.credential_uploaded", actor)
    return credential


@transaction.atomic
def credential_revoke(*, actor: Any, credential_id: int, reason: str = "") -> SigningCredential:
    """Revoke a credential: it signs nothing more and its CA's CRL lists it."""
    credential = SigningCredential.objects.select_for_update().filter(pk=credential_id).first()
    if credential is None:
        raise NotFound()
    if credential.agency is not None:
        require_role(actor, (Role.AGENCY_ADMIN,), credential.agency)
    elif not getattr(actor, "is_superuser", False):
        raise NotFound()
    if credential.revoked_at is not None:
        raise Conflict("Chứng thư đã bị thu hồi.", code="already_revoked")
    credential.revoked_at = timezone.now()
    credential.revocation_reason = reason.strip()[:32]
    credential.save(update_fields=["revoked_at", "revocation_reason"])
    _audit(credential, "signing.credential_revoked", actor, reason=credential.revocation_reason)
    return credential


def issue_credential(
    *,
    kind: str,
    agency: Agency | None,
    ca: CertificateAuthority,
    issuer: pki.Issuer,
    crl_url: str,
    common_name: str,
    organisation: str,
    days: int = 3 * 365,
) -> SigningCredential:
    """A new key and certificate from one of the platform's own CAs (the demo, the tests).
    Runs inside the caller's transaction."""
    key = pki.new_key()
    cert = pki.end_entity_certificate(
        subject=pki.name(common_name, organisation),
        key=key,
        issuer=issuer,
        now=timezone.now(),
        days=days,
        crl_url=crl_url,
        timestamping=kind == CredentialKind.TSA,
    )
    credential = _store(kind=kind, agency=agency, cert=cert, key=key, ca=ca, actor=None)
    _audit(credential, "signing.credential_issued", None, credential_kind=str(kind))
    return credential
