"""The TSA responder built from the platform's TSA credential (loaded once per process)."""

from __future__ import annotations

from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from motcua.core.errors import NotFound
from motcua.signing import keystore
from motcua.signing.models import CredentialKind
from motcua.signing.selectors import active_credential, asn1_cert, chain_of
from motcua.signing.tsa import TimestampAuthority


@lru_cache(maxsize=1)
def _cached(credential_id: int) -> TimestampAuthority:
    credential = active_credential(kind=CredentialKind.TSA)
    assert credential is not None
    assert credential.pk == credential_id
    key = keystore.unseal(credential.key_encrypted)
    assert isinstance(key, RSAPrivateKey)
    chain = tuple(asn1_cert(ca.cert_der) for ca in chain_of(credential))
    return TimestampAuthority(cert=asn1_cert(credential.cert_der), key=key, chain=chain)


def authority() -> TimestampAuthority:
    """The responder of the active TSA credential; NotFound when there is none."""
    credential = active_credential(kind=CredentialKind.TSA)
    if credential is None:
        raise NotFound("Chưa có chứng thư máy chủ dấu thời gian.", code="tsa_missing")
    return _cached(credential.pk)
