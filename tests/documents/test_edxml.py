"""edXML packages (QCVN 102:2016/BTTTT): round trip, the seal, and every refusal by its code.

Real cryptography: RSA keys and self-signed certificates made once per module, with fixed
validity dates (no wall clock)."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from motcua.documents.edxml import (
    MAX_PACKAGE_BYTES,
    STATUS_CODES,
    Attachment,
    EdxmlError,
    Envelope,
    Organ,
    StatusMessage,
    Trace,
    build,
    build_status,
    parse,
    parse_status,
)
from motcua.documents.edxml.seal import MC_NS, NS

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BINARY = bytes(range(256)) * 3 + b"\x00\xff\r\n"


@dataclasses.dataclass(frozen=True)
class Credential:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


def _credential(common_name: str) -> Credential:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2026, 1, 1, tzinfo=HCM))
        .not_valid_after(datetime(2028, 1, 1, tzinfo=HCM))
        .sign(key, hashes.SHA256())
    )
    return Credential(key, certificate)


@pytest.fixture(scope="module")
def sender() -> Credential:
    return _credential("UBND Phường Bến Nghé")


@pytest.fixture(scope="module")
def other() -> Credential:
    return _credential("Sở Tư pháp")


def trusting(*credentials: Credential) -> Callable[[x509.Certificate], bool]:
    fingerprints = {c.certificate.fingerprint(hashes.SHA256()) for c in credentials}
    return lambda cert: cert.fingerprint(hashes.SHA256()) in fingerprints


def full_envelope() -> Envelope:
    """Every field set to a value other than its default, Vietnamese text, 2 To, 2 files."""
    return Envelope(
        document_id="6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f",
        from_organ=Organ("000.00.31.H29", "UBND Thành phố Hồ Chí Minh", "UBND Phường Bến Nghé"),
        to_organs=[
            Organ("000.00.12.H29", "UBND Thành phố Hồ Chí Minh", "Sở Tư pháp"),
            Organ("000.00.15.H29", "UBND Thành phố Hồ Chí Minh", "Sở Xây dựng & Quy hoạch"),
        ],
        code_number="0123",
        code_notation="UBND-VP",
        place="Thành phố Hồ Chí Minh",
        promulgation_date=date(2026, 3, 5),
        doc_type=2,
        type_detail=7,
        type_name="Công văn",
        subject='V/v đề nghị phối hợp xác minh hồ sơ <đất đai> "số 12"',
        content="Kính gửi: Sở Tư pháp.\nỦy ban nhân dân phường đề nghị…\n\tTrân trọng.",
        signer_competence="KT. CHỦ TỊCH",
        signer_position="Phó Chủ tịch",
        signer_full_name="Nguyễn Thị Ánh Tuyết",
        priority=3,
        due_date=date(2026, 3, 12),
        page_amount=4,
        to_places=["Như trên", "Lưu: VT, ĐC"],
        steering_type=1,
        response_for=["0a0b0c0d-0000-4000-8000-000000000001", "000.00.12.H29,2026/02/01,12/STP"],
        trace=[
            Trace("000.00.31.H29", datetime(2026, 3, 5, 14, 30, 15, tzinfo=HCM), "Văn thư", "VXP"),
            Trace("000.00.12.H29", datetime(2026, 3, 5, 8, 1, 2, tzinfo=ZoneInfo("UTC")), "VXP"),
        ],
        attachments=[
            Attachment("Công văn 0123.pdf", "application/pdf", b"%PDF-1.7 n\xe1\xbb\x99i dung"),
            Attachment("bản đồ.bin", "application/octet-stream", BINARY),
        ],
    )


def status_message() -> StatusMessage:
    return StatusMessage(
        document_id="6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f",
        from_organ=Organ("000.00.12.H29", "UBND Thành phố Hồ Chí Minh", "Sở Tư pháp"),
        to_organ=Organ("000.00.31.H29", "UBND Thành phố Hồ Chí Minh", "UBND Phường Bến Nghé"),
        status_code="03",
        description="Đã phân công cho Phòng Hộ tịch,\nhạn 10/3.",
        time=datetime(2026, 3, 6, 9, 15, 0, tzinfo=HCM),
    )


def refused(code: str, call: Callable[[], Any]) -> EdxmlError:
    with pytest.raises(EdxmlError) as info:
        call()
    assert info.value.code == code, info.value.message
    return info.value


def b64(data: bytes) -> bytes:
    return base64.b64encode(data)


# --- round trip ------------------------------------------------------------------------------


def test_every_field_round_trips(sender: Credential) -> None:
    envelope = full_envelope()

    data = build(envelope, key=sender.key, certificate=sender.certificate)
    back = parse(data, trusted=trusting(sender))

    assert back == envelope
    assert back.attachments[1].data == BINARY
    assert back.trace[1].time == datetime(2026, 3, 5, 15, 1, 2, tzinfo=HCM)


def test_package_layout_follows_qcvn_102(sender: Credential) -> None:
    envelope = full_envelope()
    root = ET.fromstring(build(envelope, key=sender.key, certificate=sender.certificate))
    ns = {"e": NS, "mc": MC_NS}

    assert root.tag == f"{{{NS}}}edXML"
    header = root.find("e:edXMLEnvelope/e:edXMLHeader", ns)
    assert header is not None
    assert header.findtext("e:MessageHeader/e:Code/e:CodeNotation", namespaces=ns) == "UBND-VP"
    assert header.findtext("e:MessageHeader/e:OtherInfo/e:Priority", namespaces=ns) == "3"
    dates = header.findtext("e:MessageHeader/e:PromulgationInfo/e:PromulgationDate", namespaces=ns)
    assert dates == "2026/03/05"
    stamps = [e.text for e in header.findall("e:TraceHeaderList/e:TraceHeader/e:Timestamp", ns)]
    assert stamps == ["2026/03/05 14:30:15", "2026/03/05 15:01:02"]
    assert [e.tag for e in header][-1] == f"{{{MC_NS}}}Signature"
    references = root.findall("e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest/e:Reference", ns)
    digests = [r.findtext("mc:DigestSHA256", namespaces=ns) for r in references]
    assert digests == [hashlib.sha256(a.data).hexdigest() for a in envelope.attachments]
    encoded = root.findall("e:AttachmentEncoded/e:Attachment/e:ContentTransferEncoded", ns)
    assert [base64.b64decode(e.text or "") for e in encoded] == [
        a.data for a in envelope.attachments
    ]
    cert = header.findtext("mc:Signature/mc:X509Certificate", namespaces=ns)
    assert base64.b64decode(cert or "") == sender.der


def test_seal_survives_other_prefixes_and_wrapped_base64(sender: Credential) -> None:
    data = build(full_envelope(), key=sender.key, certificate=sender.certificate)
    payload = b64(BINARY)
    wrapped = b"\n".join(payload[i : i + 76] for i in range(0, len(payload), 76))

    rewritten = data.replace(b"edXML:", b"q:").replace(b"xmlns:edXML=", b"xmlns:q=")
    rewritten = rewritten.replace(payload, wrapped)

    assert rewritten.count(b"<q:") > 50
    assert parse(rewritten, trusted=trusting(sender)) == full_envelope()


def test_crlf_in_text_comes_back_as_lf(sender: Credential) -> None:
    envelope = dataclasses.replace(full_envelope(), content="Dòng 1\r\nDòng 2")

    back = parse(
        build(envelope, key=sender.key, certificate=sender.certificate), trusted=trusting(sender)
    )

    assert back.content == "Dòng 1\nDòng 2"


def test_minimal_envelope_round_trips(sender: Credential) -> None:
    envelope = Envelope(
        document_id="6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f",
        from_organ=Organ("000.00.31.H29", "", "UBND Phường Bến Nghé"),
        to_organs=[Organ("000.00.12.H29", "", "Sở Tư pháp")],
        code_number="1",
        code_notation="UBND",
        place="",
        promulgation_date=date(2026, 1, 2),
        doc_type=1,
        type_name="Công văn",
        subject="",
    )

    data = build(envelope, key=sender.key, certificate=sender.certificate)

    assert parse(data, trusted=trusting(sender)) == envelope
    assert b"DueDate" not in data


# --- refusals on parse -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def package(sender: Credential) -> bytes:
    return build(full_envelope(), key=sender.key, certificate=sender.certificate)


def test_changed_subject_is_refused(package: bytes, sender: Credential) -> None:
    subject = full_envelope().subject.replace("<", "&lt;").replace(">", "&gt;").encode()
    assert package.count(subject) == 1
    tampered = package.replace(subject, subject.replace(b"12", b"13"))

    error = refused("edxml.signature", lambda: parse(tampered, trusted=trusting(sender)))
    assert "Chữ ký số" in error.message


def test_changed_attachment_byte_is_refused(package: bytes, sender: Credential) -> None:
    changed = BINARY[:10] + bytes([BINARY[10] ^ 1]) + BINARY[11:]
    tampered = package.replace(b64(BINARY), b64(changed))
    assert tampered != package

    error = refused("edxml.digest", lambda: parse(tampered, trusted=trusting(sender)))
    assert "bản đồ.bin" in error.message


def _edit(package: bytes, change: Callable[[ET.Element, dict[str, str]], None]) -> bytes:
    root = ET.fromstring(package)
    change(root, {"e": NS, "mc": MC_NS})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def test_removed_reference_is_refused(package: bytes, sender: Credential) -> None:
    def drop_reference(root: ET.Element, ns: dict[str, str]) -> None:
        manifest = root.find("e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest", ns)
        assert manifest is not None
        manifest.remove(manifest.findall("e:Reference", ns)[0])

    tampered = _edit(package, drop_reference)

    refused("edxml.signature", lambda: parse(tampered, trusted=trusting(sender)))


def test_reserialised_package_still_parses(package: bytes, sender: Credential) -> None:
    """The control for the edits above: an edit that changes nothing is accepted."""
    same = _edit(package, lambda root, ns: None)

    assert parse(same, trusted=trusting(sender)) == full_envelope()


def test_extra_attachment_without_reference_is_refused(package: bytes, sender: Credential) -> None:
    def add_attachment(root: ET.Element, ns: dict[str, str]) -> None:
        encoded = root.find("e:AttachmentEncoded", ns)
        assert encoded is not None
        item = ET.SubElement(encoded, f"{{{NS}}}Attachment")
        ET.SubElement(item, f"{{{NS}}}ContentId").text = "cid:extra"
        ET.SubElement(item, f"{{{NS}}}ContentTransferEncoded").text = b64(b"x").decode()

    tampered = _edit(package, add_attachment)

    refused("edxml.malformed", lambda: parse(tampered, trusted=trusting(sender)))


def test_swapped_certificate_is_refused(
    package: bytes, sender: Credential, other: Credential
) -> None:
    tampered = package.replace(b64(sender.der), b64(other.der))
    assert tampered != package

    refused("edxml.signature", lambda: parse(tampered, trusted=trusting(sender, other)))


def test_untrusted_certificate_is_refused(
    package: bytes, sender: Credential, other: Credential
) -> None:
    seen: list[x509.Certificate] = []

    def trusted(cert: x509.Certificate) -> bool:
        seen.append(cert)
        return trusting(other)(cert)

    error = refused("edxml.untrusted", lambda: parse(package, trusted=trusted))
    assert seen == [sender.certificate]
    assert "tin cậy" in error.message


def test_missing_seal_is_refused(package: bytes, sender: Credential) -> None:
    def drop_seal(root: ET.Element, ns: dict[str, str]) -> None:
        header = root.find("e:edXMLEnvelope/e:edXMLHeader", ns)
        assert header is not None
        header.remove(header.find("mc:Signature", ns))  # type: ignore[arg-type]

    tampered = _edit(package, drop_seal)

    refused("edxml.signature", lambda: parse(tampered, trusted=trusting(sender)))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE edXML [
 <!ENTITY a "lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">&d;</edXML>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">&x;</edXML>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, b"<edXML><unclosed>"])
def test_dtd_entities_and_broken_xml_are_refused(data: bytes, sender: Credential) -> None:
    refused("edxml.malformed", lambda: parse(data, trusted=trusting(sender)))


def test_package_inside_a_dtd_document_is_refused(package: bytes, sender: Credential) -> None:
    declaration, rest = package.split(b"?>", 1)
    with_dtd = declaration + b'?><!DOCTYPE edXML [<!ENTITY v "x">]>' + rest

    refused("edxml.malformed", lambda: parse(with_dtd, trusted=trusting(sender)))


def test_oversized_input_is_refused(package: bytes, sender: Credential) -> None:
    parse(package, trusted=trusting(sender), max_bytes=len(package))

    refused(
        "edxml.too_large",
        lambda: parse(package, trusted=trusting(sender), max_bytes=len(package) - 1),
    )
    error = refused(
        "edxml.too_large", lambda: parse(b" " * (MAX_PACKAGE_BYTES + 1), trusted=trusting(sender))
    )
    assert "50 MB" in error.message


@pytest.mark.parametrize(
    "bad", [b"@@@@not-base64@@@@", b"QUJD=", b"QR==", b"QUJDRA=", "QUJÁ".encode()]
)
def test_malformed_base64_is_refused(package: bytes, sender: Credential, bad: bytes) -> None:
    tampered = package.replace(b64(BINARY), bad)
    assert tampered != package

    error = refused("edxml.malformed", lambda: parse(tampered, trusted=trusting(sender)))
    assert "base64" in error.message


def test_wrong_length_base64_is_malformed(package: bytes, sender: Credential) -> None:
    """Valid base64 of other bytes is a digest failure; truncated base64 is malformed."""
    tampered = package.replace(b64(BINARY), b64(BINARY)[:-1])

    error = refused("edxml.malformed", lambda: parse(tampered, trusted=trusting(sender)))
    assert "base64" in error.message


def test_status_package_is_not_an_envelope(sender: Credential) -> None:
    data = build_status(status_message(), key=sender.key, certificate=sender.certificate)

    refused("edxml.malformed", lambda: parse(data, trusted=trusting(sender)))


def test_not_an_edxml_root_is_refused(sender: Credential) -> None:
    data = b'<?xml version="1.0"?><other xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>'

    refused("edxml.malformed", lambda: parse(data, trusted=trusting(sender)))


# --- refusals on build -----------------------------------------------------------------------


def _organ(**changes: str) -> Organ:
    return dataclasses.replace(full_envelope().from_organ, **changes)


@pytest.mark.parametrize(
    ("changes", "label", "limit"),
    [
        ({"from_organ": _organ(organ_id="0" * 14)}, "OrganId", 13),
        ({"from_organ": _organ(organ_name="Ủ" * 201)}, "OrganName", 200),
        ({"code_number": "1" * 12}, "CodeNumber", 11),
        ({"code_notation": "Đ" * 31}, "CodeNotation", 30),
        ({"type_name": "ă" * 101}, "TypeName", 100),
        ({"subject": "ư" * 501}, "Subject", 500),
        ({"signer_position": "P" * 101}, "Position", 100),
        ({"signer_full_name": "N" * 51}, "FullName", 50),
        ({"to_places": ["a" * 500, "b" * 499]}, "ToPlaces", 1000),
    ],
)
def test_too_long_field_is_refused_at_build(
    sender: Credential, changes: dict[str, Any], label: str, limit: int
) -> None:
    envelope = dataclasses.replace(full_envelope(), **changes)

    error = refused(
        "edxml.field_too_long",
        lambda: build(envelope, key=sender.key, certificate=sender.certificate),
    )
    assert f"({label})" in error.message
    assert str(limit) in error.message


def test_fields_at_their_limits_are_accepted(sender: Credential) -> None:
    envelope = dataclasses.replace(
        full_envelope(),
        from_organ=_organ(organ_id="0" * 13, organ_name="Ủ" * 200),
        code_number="1" * 11,
        subject="ư" * 500,
        to_places=["a" * 499, "b" * 499],
    )

    back = parse(
        build(envelope, key=sender.key, certificate=sender.certificate), trusted=trusting(sender)
    )

    assert back == envelope


@pytest.mark.parametrize(
    "changes",
    [
        {"priority": 5},
        {"priority": True},
        {"page_amount": -1},
        {"document_id": "not-a-uuid"},
        {"document_id": "6F1C2A4E8B3D4C5E9F701A2B3C4D5E6F"},
        {"to_organs": []},
        {"to_organs": [Organ("", "", "Sở Tư pháp")]},
        {"promulgation_date": datetime(2026, 3, 5, 8, 0, tzinfo=HCM)},
        {"trace": [Trace("000.00.31.H29", datetime(2026, 3, 5, 14, 30))]},
        {"subject": "Trích yếu\x07"},
        {"attachments": [Attachment("", "application/pdf", b"x")]},
    ],
)
def test_invalid_field_is_refused_at_build(sender: Credential, changes: dict[str, Any]) -> None:
    envelope = dataclasses.replace(full_envelope(), **changes)

    refused(
        "edxml.invalid_field",
        lambda: build(envelope, key=sender.key, certificate=sender.certificate),
    )


def test_key_of_another_certificate_is_refused(sender: Credential, other: Credential) -> None:
    refused(
        "edxml.key_mismatch",
        lambda: build(full_envelope(), key=other.key, certificate=sender.certificate),
    )


# --- status messages -------------------------------------------------------------------------


def test_status_message_round_trips(sender: Credential) -> None:
    status = status_message()

    data = build_status(status, key=sender.key, certificate=sender.certificate)

    assert parse_status(data, trusted=trusting(sender)) == status
    assert b"<edXML:StatusCode>03</edXML:StatusCode>" in data


def test_tampered_status_message_is_refused(sender: Credential) -> None:
    data = build_status(status_message(), key=sender.key, certificate=sender.certificate)
    tampered = data.replace(b">03<", b">05<")
    assert tampered != data

    refused("edxml.signature", lambda: parse_status(tampered, trusted=trusting(sender)))


def test_status_from_an_untrusted_sender_is_refused(sender: Credential, other: Credential) -> None:
    data = build_status(status_message(), key=sender.key, certificate=sender.certificate)

    refused("edxml.untrusted", lambda: parse_status(data, trusted=trusting(other)))


def test_status_codes_can_be_configured(sender: Credential) -> None:
    codes = {**STATUS_CODES, "99": "Đã lưu trữ"}
    status = dataclasses.replace(status_message(), status_code="99")

    data = build_status(status, key=sender.key, certificate=sender.certificate, codes=codes)

    assert parse_status(data, trusted=trusting(sender), codes=codes) == status
    refused("edxml.malformed", lambda: parse_status(data, trusted=trusting(sender)))
    refused(
        "edxml.invalid_field",
        lambda: build_status(status, key=sender.key, certificate=sender.certificate),
    )


def test_envelope_is_not_a_status_message(package: bytes, sender: Credential) -> None:
    refused("edxml.signature", lambda: parse_status(package, trusted=trusting(sender)))


def test_status_time_keeps_its_instant(sender: Credential) -> None:
    utc_time = datetime(2026, 3, 6, 2, 15, 0, tzinfo=ZoneInfo("UTC"))
    status = dataclasses.replace(status_message(), time=utc_time)

    back = parse_status(
        build_status(status, key=sender.key, certificate=sender.certificate),
        trusted=trusting(sender),
    )

    assert back.time == utc_time
    assert back.time.utcoffset() == timedelta(hours=7)


# --- a trusted sender's package that is sealed but wrong inside -------------------------------


def _resealed(package: bytes, credential: Credential, change: Callable[..., None]) -> bytes:
    """`change` applied to the parsed package, then sealed again by `credential`: what a
    trusted but faulty sender system would send."""
    from motcua.documents.edxml.seal import seal

    def edit(root: ET.Element, ns: dict[str, str]) -> None:
        change(root, ns)
        header = root.find("e:edXMLEnvelope/e:edXMLHeader", ns)
        assert header is not None
        for old in header.findall("mc:Signature", ns):
            header.remove(old)
        manifest = root.find("e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest", ns)
        header.append(
            seal(header, manifest, key=credential.key, certificate=credential.certificate)
        )

    return _edit(package, edit)


def _set(path: str, text: str) -> Callable[[ET.Element, dict[str, str]], None]:
    def change(root: ET.Element, ns: dict[str, str]) -> None:
        element = root.find(path, ns)
        assert element is not None, path
        element.text = text

    return change


def _remove(parent: str, child: str) -> Callable[[ET.Element, dict[str, str]], None]:
    def change(root: ET.Element, ns: dict[str, str]) -> None:
        element = root.find(parent, ns)
        assert element is not None, parent
        element.remove(element.find(child, ns))  # type: ignore[arg-type]

    return change


def _duplicate_attachment(root: ET.Element, ns: dict[str, str]) -> None:
    encoded = root.find("e:AttachmentEncoded", ns)
    assert encoded is not None
    encoded.append(encoded.findall("e:Attachment", ns)[0])


MH = "e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader"


@pytest.mark.parametrize(
    "change",
    [
        _remove(f"{MH}/e:OtherInfo", "e:PageAmount"),
        _remove(MH, "e:From"),
        _remove("e:edXMLEnvelope/e:edXMLHeader", "e:MessageHeader"),
        _set(f"{MH}/e:DocumentType/e:Type", "hai"),
        _set(f"{MH}/e:OtherInfo/e:Priority", "٣"),
        _set(f"{MH}/e:OtherInfo/e:Priority", "9"),
        _set(f"{MH}/e:PromulgationInfo/e:PromulgationDate", "05/03/2026"),
        _set(f"{MH}/e:DueDate", "2026-02-30"),
        _set(
            "e:edXMLEnvelope/e:edXMLHeader/e:TraceHeaderList/e:TraceHeader/e:Timestamp", "hôm nay"
        ),
        _set(f"{MH}/e:Code/e:CodeNumber", "1" * 12),
        _set(f"{MH}/e:DocumentId", "12/UBND"),
        _duplicate_attachment,
    ],
)
def test_sealed_but_malformed_package_is_refused(
    package: bytes, sender: Credential, change: Callable[..., None]
) -> None:
    bad = _resealed(package, sender, change)

    refused("edxml.malformed", lambda: parse(bad, trusted=trusting(sender)))


def test_iso_dates_from_other_systems_are_read(package: bytes, sender: Credential) -> None:
    iso = _resealed(package, sender, _set(f"{MH}/e:DueDate", "2026-03-12"))

    assert parse(iso, trusted=trusting(sender)).due_date == date(2026, 3, 12)


def test_manifest_is_required(package: bytes, sender: Credential) -> None:
    bad = _resealed(package, sender, _remove("e:edXMLEnvelope/e:edXMLBody", "e:edXMLManifest"))

    refused("edxml.malformed", lambda: parse(bad, trusted=trusting(sender)))


@pytest.mark.parametrize(
    ("parent", "child"),
    [
        ("e:edXMLEnvelope/e:edXMLHeader/e:MessageStatus", "e:To"),
        ("e:edXMLEnvelope/e:edXMLHeader", "e:MessageStatus"),
    ],
)
def test_status_without_its_parts_is_refused(sender: Credential, parent: str, child: str) -> None:
    data = build_status(status_message(), key=sender.key, certificate=sender.certificate)
    bad = _resealed(data, sender, _remove(parent, child))

    refused("edxml.malformed", lambda: parse_status(bad, trusted=trusting(sender)))


def _seal_field(tag: str, text: str) -> Callable[[ET.Element, dict[str, str]], None]:
    return _set(f"e:edXMLEnvelope/e:edXMLHeader/mc:Signature/mc:{tag}", text)


@pytest.mark.parametrize(
    ("tag", "text"),
    [
        ("SignatureMethod", "rsa-pkcs1v15-sha1"),
        ("CanonicalizationMethod", "http://www.w3.org/2001/10/xml-exc-c14n#"),
        ("X509Certificate", "bm90IGEgY2VydGlmaWNhdGU="),
        ("SignatureValue", "***"),
    ],
)
def test_seal_with_other_parameters_is_refused(
    package: bytes, sender: Credential, tag: str, text: str
) -> None:
    bad = _edit(package, _seal_field(tag, text))

    refused("edxml.signature", lambda: parse(bad, trusted=trusting(sender)))


def test_seal_with_a_non_rsa_certificate_is_refused(package: bytes, sender: Credential) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "EC")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(datetime(2026, 1, 1, tzinfo=HCM))
        .not_valid_after(datetime(2028, 1, 1, tzinfo=HCM))
        .sign(key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    bad = _edit(package, _seal_field("X509Certificate", base64.b64encode(der).decode()))

    refused("edxml.signature", lambda: parse(bad, trusted=lambda cert: True))
    refused(
        "edxml.key_mismatch",
        lambda: build(full_envelope(), key=sender.key, certificate=certificate),
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"due_date": datetime(2026, 3, 12, 17, 0, tzinfo=HCM)},
        {"to_organs": ["000.00.12.H29"]},
        {"attachments": [Attachment("a.pdf", "application/pdf", "văn bản")]},  # type: ignore[arg-type]
    ],
)
def test_wrong_types_are_refused_at_build(sender: Credential, changes: dict[str, Any]) -> None:
    envelope = dataclasses.replace(full_envelope(), **changes)

    refused(
        "edxml.invalid_field",
        lambda: build(envelope, key=sender.key, certificate=sender.certificate),
    )
