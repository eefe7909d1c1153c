"""The platform's integrity seal over an edXML package, and the one error type of edXML.

The seal is **our own**, not XML-DSig. QCVN 102:2016/BTTTT packages exchanged on the national
document axis carry an XML-DSig `Signature` made by the sender's document system; its exact
profile (references, transforms) is not confirmed here (docs/edxml.md), and a partial XML-DSig
that a receiver half-checks is worse than none. So the platform seals what it sends with a
scheme that is simple to verify completely:

1. Signed bytes: a wrapper `mc:Signed` holding copies of `edXMLHeader` (without the seal) and,
   when present, `edXMLManifest`, serialised and canonicalised with C14N 2.0
   (`xml.etree.ElementTree.canonicalize`). Attachments are covered through the SHA-256 that
   each manifest `Reference` carries.
2. Signature: RSA PKCS#1 v1.5 with SHA-256 (`cryptography`), by the sending organisation's key.
3. Placement: `mc:Signature` {SignatureMethod, CanonicalizationMethod, SignatureValue,
   X509Certificate (DER, base64)}, the last child of `edXMLHeader`, in the platform's namespace
   so it cannot be mistaken for the QCVN element of the same name.

The seal is computed over the *parsed* package (`signed_bytes` takes elements, never the raw
text), so it is exactly what a verifier recomputes. The package is written without indentation:
whitespace between elements is text and is sealed like any other.

No Django model; `gettext` only for messages (Decree 30/2020/NĐ-CP Art. 21: an electronic
document received is checked for authenticity and integrity before registration).
"""

from __future__ import annotations

import base64
import binascii
import copy
from xml.etree import ElementTree as ET  # builds and serialises; parsing is defusedxml

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
# The platform's own namespace: the seal and the attachment digest, never QCVN elements.
MC_NS = "urn:motcua:edxml:1"
SIGNATURE_METHOD = "rsa-pkcs1v15-sha256"
C14N_METHOD = "http://www.w3.org/TR/xml-c14n2/"

ET.register_namespace("edXML", NS)
ET.register_namespace("mc", MC_NS)


class EdxmlError(DomainError):
    """An edXML package was refused (parse) or could not be made (build).

    Codes: `edxml.malformed`, `edxml.signature`, `edxml.digest`, `edxml.untrusted`,
    `edxml.too_large` (parse); `edxml.field_too_long`, `edxml.invalid_field`,
    `edxml.key_mismatch` (build)."""


def q(tag: str) -> str:
    """A QCVN 102 element name in Clark notation."""
    return f"{{{NS}}}{tag}"


def mc(tag: str) -> str:
    """One of the platform's own element names in Clark notation."""
    return f"{{{MC_NS}}}{tag}"


def signed_bytes(header: ET.Element, manifest: ET.Element | None) -> bytes:
    """C14N 2.0 of `edXMLHeader` without the seal, followed by `edXMLManifest` if any."""
    wrapper = ET.Element(mc("Signed"))
    header_copy = copy.deepcopy(header)
    for seal in header_copy.findall(mc("Signature")):
        header_copy.remove(seal)
    header_copy.tail = None
    wrapper.append(header_copy)
    if manifest is not None:
        manifest_copy = copy.deepcopy(manifest)
        manifest_copy.tail = None
        wrapper.append(manifest_copy)
    text = ET.tostring(wrapper, encoding="unicode")
    return ET.canonicalize(xml_data=text).encode("utf-8")


def seal(
    header: ET.Element,
    manifest: ET.Element | None,
    *,
    key: rsa.RSAPrivateKey,
    certificate: x509.Certificate,
) -> ET.Element:
    """The `mc:Signature` element over `header` + `manifest` (not yet attached)."""
    public = certificate.public_key()
    if not isinstance(public, rsa.RSAPublicKey) or (
        public.public_numbers() != key.public_key().public_numbers()
    ):
        raise EdxmlError(
            _("Khóa ký không khớp với chứng thư số của cơ quan gửi."), code="edxml.key_mismatch"
        )
    value = key.sign(signed_bytes(header, manifest), padding.PKCS1v15(), hashes.SHA256())
    element = ET.Element(mc("Signature"))
    ET.SubElement(element, mc("SignatureMethod")).text = SIGNATURE_METHOD
    ET.SubElement(element, mc("CanonicalizationMethod")).text = C14N_METHOD
    ET.SubElement(element, mc("SignatureValue")).text = base64.b64encode(value).decode("ascii")
    der = certificate.public_bytes(serialization.Encoding.DER)
    ET.SubElement(element, mc("X509Certificate")).text = base64.b64encode(der).decode("ascii")
    return element


def verify(header: ET.Element, manifest: ET.Element | None) -> x509.Certificate:
    """Check the seal in `header`; return the embedded certificate (trust is the caller's)."""
    seals = header.findall(mc("Signature"))
    if len(seals) != 1:
        raise _signature_error()
    element = seals[0]
    if (
        _text(element, "SignatureMethod") != SIGNATURE_METHOD
        or _text(element, "CanonicalizationMethod") != C14N_METHOD
    ):
        raise _signature_error()
    try:
        value = b64decode_strict(_text(element, "SignatureValue"))
        certificate = x509.load_der_x509_certificate(
            b64decode_strict(_text(element, "X509Certificate"))
        )
        public = certificate.public_key()
    except (ValueError, binascii.Error) as e:
        raise _signature_error() from e
    if not isinstance(public, rsa.RSAPublicKey):
        raise _signature_error()
    try:
        public.verify(value, signed_bytes(header, manifest), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as e:
        raise _signature_error() from e
    return certificate


def b64decode_strict(text: str) -> bytes:
    """Canonical base64 (RFC 4648 §4, padding required); line breaks and spaces are allowed."""
    compact = "".join(text.split()).encode("ascii")  # UnicodeEncodeError is a ValueError
    data = binascii.a2b_base64(compact, strict_mode=True)
    # strict_mode still takes "QUJD=" (padding after a full group) and "QR==" (unused bits set);
    # only the canonical encoding is accepted, so one file has one text.
    if base64.b64encode(data) != compact:
        raise ValueError("non-canonical base64")
    return data


def _text(element: ET.Element, tag: str) -> str:
    child = element.find(mc(tag))
    return (child.text or "") if child is not None else ""


def _signature_error() -> EdxmlError:
    return EdxmlError(
        _("Chữ ký số của gói tin không hợp lệ: gói tin đã bị thay đổi hoặc chữ ký bị hỏng."),
        code="edxml.signature",
    )
