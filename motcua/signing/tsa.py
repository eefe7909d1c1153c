"""The platform's RFC 3161 timestamp authority: a TimeStampReq in, a TimeStampResp out.

Contract (RFC 3161 §2.4, RFC 5816):
- A well-formed request with a SHA-2 message imprint is granted: the token is a CMS SignedData
  over a TSTInfo with the imprint, the request's nonce, a random serial, the TSA policy and the
  time of the clock (`django.utils.timezone.now`, UTC), signed RSA PKCS#1 v1.5 by the TSA
  certificate (critical timeStamping EKU), with the ESS signing-certificate-v2 attribute and
  the TSA certificate and its chain embedded (as if certReq were always true).
- Anything else is answered, never raised: bytes that do not parse get `rejection` with
  `bad_data_format`, another hash algorithm `rejection` with `bad_alg`.
- Demo and tests only: production sets MOTCUA_TSA_URL to an accredited TSA.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import algos, cms, core, tsp, x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

# A policy arc under the private-enterprise "example" OID (RFC 5612), naming the demo policy.
POLICY = "1.3.6.1.4.1.32473.1.1"
HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


@dataclass(frozen=True)
class TimestampAuthority:
    cert: x509.Certificate
    key: RSAPrivateKey
    chain: tuple[x509.Certificate, ...] = ()

    def respond(self, body: bytes, *, now: datetime) -> bytes:
        """The DER TimeStampResp answering the DER TimeStampReq `body`."""
        try:
            req = tsp.TimeStampReq.load(body, strict=True)
            req.native  # noqa: B018 - parses every field now, not lazily later
            imprint = req["message_imprint"]
            algorithm = imprint["hash_algorithm"]["algorithm"].native
        except (ValueError, TypeError, KeyError):
            return _refusal("bad_data_format")
        if algorithm not in HASHES or len(imprint["hashed_message"].native) * 8 != int(
            algorithm[3:]
        ):
            return _refusal("bad_alg")
        info = self._tst_info(imprint, req, now)
        token = self._token(info.dump(), now)
        status = tsp.PKIStatusInfo({"status": "granted"})
        return tsp.TimeStampResp({"status": status, "time_stamp_token": token}).dump()

    def _tst_info(
        self, imprint: tsp.MessageImprint, req: tsp.TimeStampReq, now: datetime
    ) -> tsp.TSTInfo:
        args = {
            "version": "v1",
            "policy": POLICY,
            "message_imprint": imprint,
            "serial_number": secrets.randbits(63),
            "gen_time": now,
            "tsa": x509.GeneralName(name="directory_name", value=self.cert.subject),
        }
        if req["nonce"].native is not None:
            args["nonce"] = req["nonce"]
        return tsp.TSTInfo(args)

    def _signed_attrs(self, content: bytes, now: datetime) -> cms.CMSAttributes:
        digest = hashes.Hash(hashes.SHA256())
        digest.update(content)
        cert_hash = hashes.Hash(hashes.SHA256())
        cert_hash.update(self.cert.dump())
        signing_cert = tsp.SigningCertificateV2(
            {"certs": [tsp.ESSCertIDv2({"cert_hash": cert_hash.finalize()})]}
        )
        return cms.CMSAttributes(
            [
                _attr("content_type", "tst_info"),
                _attr("signing_time", cms.Time({"utc_time": core.UTCTime(now)})),
                _attr("signing_certificate_v2", signing_cert),
                _attr("message_digest", digest.finalize()),
            ]
        )

    def _token(self, content: bytes, now: datetime) -> cms.ContentInfo:
        attrs = self._signed_attrs(content, now)
        signature = self.key.sign(attrs.dump(), PKCS1v15(), hashes.SHA256())
        sha256 = algos.DigestAlgorithm({"algorithm": "sha256"})
        signer = cms.SignerInfo(
            {
                "version": "v1",
                "sid": cms.SignerIdentifier(
                    {
                        "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                            {"issuer": self.cert.issuer, "serial_number": self.cert.serial_number}
                        )
                    }
                ),
                "digest_algorithm": sha256,
                "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}),
                "signed_attrs": attrs,
                "signature": signature,
            }
        )
        signed = cms.SignedData(
            {
                "version": "v3",
                "digest_algorithms": [sha256],
                "encap_content_info": {
                    "content_type": "tst_info",
                    "content": cms.ParsableOctetString(content),
                },
                "certificates": [self.cert, *self.chain],
                "signer_infos": [signer],
            }
        )
        return cms.ContentInfo({"content_type": "signed_data", "content": signed})


def _attr(kind: str, value: object) -> cms.CMSAttribute:
    return cms.CMSAttribute({"type": kind, "values": (value,)})


class _Refusal(core.Sequence):
    """TimeStampResp without a token (asn1crypto declares the token mandatory; RFC 3161 §2.4.2
    makes it OPTIONAL and absent unless granted)."""

    _fields = [("status", tsp.PKIStatusInfo)]


def _refusal(reason: str) -> bytes:
    status = tsp.PKIStatusInfo({"status": "rejection", "fail_info": tsp.PKIFailureInfo({reason})})
    return _Refusal({"status": status}).dump()
