"""PKCS#12 upload by the agency admin: refused when the password is wrong, the key does not
match, the chain is not trusted or the certificate expired; the key is encrypted at rest."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.db import connection
from django.utils import timezone

from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.models import AuditEvent
from motcua.signing import keystore
from motcua.signing import pki as x509pki
from motcua.signing.models import CertificateAuthority, SigningCredential
from motcua.signing.selectors import crl_url, issuer_of
from motcua.signing.services.credentials import credential_upload
from tests.dossiers.conftest import _user

pytestmark = [pytest.mark.django_db]


def p12(key: Any, cert: Any, password: bytes = b"mat-khau", *, unlinked: bool = False) -> bytes:
    """A PKCS#12; `unlinked` puts the certificate beside the key, not bound to it (as some
    exporters do, and the only way to pack a key with a certificate it does not match)."""
    return pkcs12.serialize_key_and_certificates(
        b"agency",
        key,
        None if unlinked else cert,
        [cert] if unlinked else None,
        serialization.BestAvailableEncryption(password),
    )


def issued(days: int = 365, issuer: Any = None) -> tuple[Any, Any]:
    ca = CertificateAuthority.objects.get(slug="motcua-issuing")
    key = x509pki.new_key()
    cert = x509pki.end_entity_certificate(
        subject=x509pki.name("Sở Thử Nghiệm", "UBND"),
        key=key,
        issuer=issuer or issuer_of(ca),
        now=timezone.now(),
        days=days,
        crl_url=crl_url(ca),
    )
    return key, cert


@pytest.fixture
def admin(pki: Any) -> Any:
    return _user("dept-admin", pki.dept, ["agency_admin"])


def test_a_valid_pkcs12_is_stored_with_its_key_encrypted(pki: Any, admin: Any) -> None:
    key, cert = issued()
    credential = credential_upload(
        actor=admin, agency=pki.dept, data=p12(key, cert), password="mat-khau"
    )
    der = keystore.key_der(key)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key_encrypted FROM signing_signingcredential WHERE id = %s", [credential.pk]
        )
        stored = bytes(cursor.fetchone()[0])
    assert der not in stored
    assert der[16:48] not in stored
    assert keystore.key_der(keystore.unseal(stored)) == der
    assert AuditEvent.objects.filter(kind="signing.credential_uploaded").count() == 1


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("wrong_password", "p12_invalid"),
        ("mismatched_key", "key_mismatch"),
        ("untrusted_chain", "cert_untrusted"),
        ("expired", "cert_expired"),
        ("not_p12", "p12_invalid"),
    ],
)
def test_a_bad_pkcs12_is_refused(pki: Any, admin: Any, clock: Any, case: str, code: str) -> None:
    key, cert = issued()
    data, password = p12(key, cert), "mat-khau"
    if case == "wrong_password":
        password = "sai"
    elif case == "mismatched_key":
        data = p12(x509pki.new_key(), cert, unlinked=True)
    elif case == "untrusted_chain":
        root_key = x509pki.new_key()
        root = x509pki.ca_certificate(
            subject=x509pki.name("Lạ"), key=root_key, issuer=None, now=timezone.now(), days=9
        )
        key, cert = issued(issuer=x509pki.Issuer(cert=root, key=root_key))
        data = p12(key, cert)
    elif case == "expired":
        key, cert = issued(days=1)
        data = p12(key, cert)
        clock.shift(timedelta(days=2))
    elif case == "not_p12":
        data = b"%PDF-1.4 not a key store"
    before = SigningCredential.objects.count()
    with pytest.raises(DomainError) as raised:
        credential_upload(actor=admin, agency=pki.dept, data=data, password=password)
    assert raised.value.code == code
    assert SigningCredential.objects.count() == before


def test_only_the_agency_admin_uploads(pki: Any) -> None:
    key, cert = issued()
    with pytest.raises(PermissionDenied):
        credential_upload(
            actor=pki.u("signer"), agency=pki.dept, data=p12(key, cert), password="mat-khau"
        )


def test_the_demo_seed_step_is_idempotent(world: Any, signing_settings: Any, clock: Any) -> None:
    from io import StringIO

    from motcua.accounts.management.commands.seed_demo import Command
    from motcua.accounts.models import Agency

    out = StringIO()
    Command(stdout=out)._signing_pki()
    count = SigningCredential.objects.count()
    assert count == Agency.objects.count() + 1  # one per agency and the TSA
    assert CertificateAuthority.objects.filter(trusted=True).count() == 1
    Command(stdout=out)._signing_pki()
    assert SigningCredential.objects.count() == count
    assert out.getvalue().endswith("không đổi\n")


def test_an_agency_with_a_long_name_still_gets_its_certificate(
    world: Any, signing_settings: Any, clock: Any
) -> None:
    # the demo city has such names; cryptography counts the 64-byte bound in UTF-8 bytes
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    from motcua.signing.models import CredentialKind
    from motcua.signing.selectors import active_credential
    from motcua.signing.services.demo import pki_seed_demo

    long_name = "Trung tâm Phục vụ hành chính công và Kiểm soát thủ tục hành chính Thành phố"
    assert len(long_name.encode()) > 64
    world.ward.name = long_name
    world.ward.save(update_fields=["name"])
    pki_seed_demo()
    credential = active_credential(kind=CredentialKind.AGENCY, agency_id=world.ward.pk)
    assert credential is not None
    cert = x509.load_der_x509_certificate(bytes(credential.cert_der))
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert isinstance(cn, str)
    assert len(cn.encode()) <= 64
    assert cn.endswith("…")
    assert long_name.startswith(cn[:-1])
    assert x509pki.fit("UBND Phường Bến Thành") == "UBND Phường Bến Thành"


def test_the_demo_city_seeds_with_signing_as_make_run_does(
    signing_settings: Any, clock: Any, settings: Any
) -> None:
    """`make run` seeds the whole demo city with DEBUG on, so with the demo PKI: every agency
    gets a credential (a name too long for a certificate once broke this)."""
    from io import StringIO

    from django.core.management import call_command

    from motcua.accounts.models import Agency

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert SigningCredential.objects.filter(agency__isnull=False).count() == Agency.objects.count()
