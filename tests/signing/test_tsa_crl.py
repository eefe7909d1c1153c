"""The platform's timestamp authority answers a real RFC 3161 request over HTTP, and each CA's
CRL is published at the URL its certificates name."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from asn1crypto import crl as asn1_crl
from asn1crypto import tsp
from cryptography import x509
from django.test import Client

from motcua.signing.models import CredentialKind
from motcua.signing.selectors import active_credential, asn1_cert, load_cert
from motcua.signing.services.credentials import credential_revoke
from motcua.signing.tsa import _Refusal
from tests.dossiers.conftest import _user

pytestmark = [pytest.mark.django_db]


def request_der(nonce: int = 12345) -> bytes:
    imprint = tsp.MessageImprint(
        {
            "hash_algorithm": {"algorithm": "sha256"},
            "hashed_message": hashlib.sha256(b"van ban").digest(),
        }
    )
    req = tsp.TimeStampReq(
        {"version": 1, "message_imprint": imprint, "nonce": nonce, "cert_req": True}
    )
    return req.dump()


def test_the_tsa_grants_a_token_over_the_imprint_and_nonce(pki: Any) -> None:
    response = Client().post("/pki/tsa", request_der(), content_type="application/timestamp-query")
    assert response["Content-Type"] == "application/timestamp-reply"
    reply = tsp.TimeStampResp.load(response.content)
    assert reply["status"]["status"].native == "granted"
    signed = reply["time_stamp_token"]["content"]
    info = signed["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == hashlib.sha256(b"van ban").digest()
    assert info["nonce"].native == 12345
    assert info["gen_time"].native.isoformat() == "2026-12-02T02:00:00+00:00"
    tsa = active_credential(kind=CredentialKind.TSA)
    assert tsa is not None
    embedded = [choice.chosen.dump() for choice in signed["certificates"]]
    assert asn1_cert(tsa.cert_der).dump() in embedded
    eku = load_cert(tsa.cert_der).extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical
    assert x509.oid.ExtendedKeyUsageOID.TIME_STAMPING in eku.value


def test_the_tsa_rejects_garbage_and_weak_hashes(pki: Any) -> None:
    client = Client()
    garbage = client.post("/pki/tsa", b"\x30\x03abc", content_type="application/timestamp-query")
    status = _Refusal.load(garbage.content)["status"]
    assert (status["status"].native, status["fail_info"].native) == (
        "rejection",
        {"bad_data_format"},
    )
    weak = tsp.TimeStampReq.load(request_der())
    weak["message_imprint"]["hash_algorithm"] = {"algorithm": "sha1"}
    weak["message_imprint"]["hashed_message"] = hashlib.sha1(b"x").digest()
    refused = client.post("/pki/tsa", weak.dump(), content_type="application/timestamp-query")
    assert _Refusal.load(refused.content)["status"]["fail_info"].native == {"bad_alg"}
    wrong_type = client.post("/pki/tsa", request_der(), content_type="application/json")
    assert wrong_type.status_code == 415


def test_the_crl_is_published_where_certificates_point_and_lists_revocations(pki: Any) -> None:
    credential = active_credential(kind=CredentialKind.AGENCY, agency_id=pki.ward.pk)
    assert credential is not None
    points = load_cert(credential.cert_der).extensions.get_extension_for_class(
        x509.CRLDistributionPoints
    )
    url = points.value[0].full_name[0].value
    assert url == "http://testserver/pki/motcua-issuing.crl"
    path = url.removeprefix("http://testserver")
    before = asn1_crl.CertificateList.load(Client().get(path).content)
    assert before["tbs_cert_list"]["revoked_certificates"].native in (None, [])
    credential_revoke(
        actor=_user("w-admin", pki.ward, ["agency_admin"]), credential_id=credential.pk
    )
    response = Client().get(path)
    assert response["Content-Type"] == "application/pkix-crl"
    revoked = asn1_crl.CertificateList.load(response.content)["tbs_cert_list"]
    serials = [r["user_certificate"].native for r in revoked["revoked_certificates"]]
    assert serials == [int(credential.serial, 16)]
