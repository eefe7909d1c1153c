"""The demo PKI: a test root CA, an intermediate, the TSA certificate and one signing
certificate per agency. Idempotent: what exists is kept, what is missing is created.

Not for production: a real deployment uploads each agency's PKCS#12 from an accredited CA
(`credentials.credential_upload`) and points MOTCUA_TSA_URL at an accredited TSA.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.signing import keystore, pki
from motcua.signing.models import CertificateAuthority, CredentialKind
from motcua.signing.selectors import active_credential, crl_url, issuer_of
from motcua.signing.services.credentials import issue_credential

ROOT = ("motcua-root", "Một Cửa Demo Root CA")
ISSUING = ("motcua-issuing", "Một Cửa Demo Issuing CA")
ORGANISATION = "Một Cửa (thử nghiệm)"


@dataclass
class SeedReport:
    created_cas: int = 0
    created_credentials: int = 0


def _ca(slug: str, title: str, parent: CertificateAuthority | None, report: SeedReport) -> Any:
    existing = CertificateAuthority.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    key = pki.new_key()
    ca = CertificateAuthority(slug=slug, name=title, parent=parent, trusted=parent is None)
    cert = pki.ca_certificate(
        subject=pki.name(title, ORGANISATION),
        key=key,
        issuer=issuer_of(parent) if parent else None,
        now=timezone.now(),
        days=10 * 365 if parent is None else 5 * 365,
        crl_url=crl_url(parent) if parent else "",
    )
    ca.cert_der = cert.public_bytes(serialization.Encoding.DER)
    ca.key_encrypted = keystore.seal(key)
    ca.save()
    report.created_cas += 1
    return ca


def pki_seed_demo() -> SeedReport:
    """Create what is missing of the demo PKI (generates the at-rest key file if needed)."""
    report = SeedReport()
    if not keystore.configured():
        keystore.generate_key_file()
    with transaction.atomic():
        root = _ca(*ROOT, None, report)
        issuing = _ca(*ISSUING, root, report)
        issuer = issuer_of(issuing)
        common = {"ca": issuing, "issuer": issuer, "crl_url": crl_url(issuing)}
        if active_credential(kind=CredentialKind.TSA) is None:
            issue_credential(
                kind=CredentialKind.TSA,
                agency=None,
                common_name="Một Cửa Demo TSA",
                organisation=ORGANISATION,
                **common,
            )
            report.created_credentials += 1
        for agency in Agency.objects.order_by("pk"):
            if active_credential(kind=CredentialKind.AGENCY, agency_id=agency.pk) is None:
                issue_credential(
                    kind=CredentialKind.AGENCY,
                    agency=agency,
                    common_name=agency.name[:64],
                    organisation=(agency.parent.name if agency.parent else agency.name)[:64],
                    **common,
                )
                report.created_credentials += 1
    return report
