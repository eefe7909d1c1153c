"""Verification of a signed PDF: valid or not, who signed, when, and why not in plain words.

Contract:
- Input: the file's bytes and, optionally, the result code the visitor came from (QR link).
  Nothing is stored. Bytes over `SIGNING["VERIFY_MAX_BYTES"]`, bytes that are not a PDF and a
  PDF that does not parse give an invalid report with its reason (never an exception).
- Every embedded signature is checked with pyHanko's validator (`async_validate_pdf_signature`)
  against the platform's trusted roots, with the CRLs the platform issues at this moment
  supplied (no fetching; revocation "hard-fail"), the signature timestamp against the same.
  The file is valid when every signature passes and nothing but validation data (DSS) or
  document timestamps was added after the last one (ModificationLevel ≤ LTA_UPDATES).
- The report names the last signature: signer (subject CN), agency (O), the time the signer
  claims, the timestamp time and its TSA, and the certificate status: good, revoked, expired
  or unknown (not chained to a root we trust).
- `foreign`: the CA certificates of another platform's PKI (an exchange partner's, documents
  `models_exchange`), trusted for this one verification besides the platform's roots. Their
  CRLs are not ours, so revocation is then fetched from each certificate's CRL points (still
  "hard-fail": a CRL that cannot be fetched makes the signature invalid).
- `record_match` says whether the file's SHA-256 is the platform's stored copy of the result
  code (or, without a code, of any result or slip); None when there is no such record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from typing import Any

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.cache import cache
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from motcua.signing import _sync
from motcua.signing.selectors import current_crls, intermediates, trust_roots
from motcua.signing.services.signer import validation_context

REASONS = {
    "ok": "Chữ ký số hợp lệ: tệp còn nguyên vẹn từ khi ký và chứng thư còn hiệu lực.",
    "too_large": "Tệp quá lớn để kiểm tra.",
    "not_pdf": "Tệp không phải là tệp PDF.",
    "malformed": "Tệp PDF bị hỏng, không đọc được.",
    "no_signature": "Tệp không có chữ ký số nào.",
    "modified": "Tệp đã bị sửa đổi sau khi ký: nội dung không còn như lúc ký.",
    "unknown_ca": "Chữ ký không do tổ chức cấp chứng thư mà hệ thống tin cậy cấp.",
    "revoked": "Chứng thư ký số đã bị thu hồi.",
    "expired": "Chứng thư ký số đã hết hạn.",
    "bad_timestamp": "Dấu thời gian của chữ ký không hợp lệ.",
    "bad_signature": "Chữ ký số không hợp lệ.",
}
REVOKED = {
    AdESFailure.REVOKED,
    AdESIndeterminate.REVOKED_NO_POE,
    AdESIndeterminate.REVOKED_CA_NO_POE,
}
EXPIRED = {AdESIndeterminate.EXPIRED, AdESIndeterminate.OUT_OF_BOUNDS_NO_POE}
UNSIGNED_TAIL = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)


@dataclass
class Report:
    valid: bool
    reason_code: str
    sha256: str = ""
    signatures: int = 0
    signer: str = ""
    agency: str = ""
    signed_at: datetime | None = None
    timestamp_at: datetime | None = None
    tsa: str = ""
    certificate_status: str = ""  # good / revoked / expired / unknown
    result_code: str = ""
    record_match: bool | None = None
    details: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return REASONS[self.reason_code]

    @property
    def sha256_spaced(self) -> str:
        return spaced(self.sha256)


def spaced(digest: str) -> str:
    """A hex digest in groups of 8, so it wraps on a narrow screen."""
    return " ".join(digest[i : i + 8] for i in range(0, len(digest), 8))


def _name_part(name: asn1_x509.Name, key: str) -> str:
    return str(name.native.get(key, "")) if name else ""


def _cert_status(status: PdfSignatureStatus) -> str:
    indic = status.trust_problem_indic
    if status.revoked or indic in REVOKED:
        return "revoked"
    if indic in EXPIRED:
        return "expired"
    return "good" if status.trusted else "unknown"


def _problem(status: PdfSignatureStatus, last: bool) -> str:
    if not status.intact:
        return "modified"
    if not status.valid:
        return "bad_signature"
    cert = _cert_status(status)
    if cert != "good":
        return "unknown_ca" if cert == "unknown" else cert
    ts = status.timestamp_validity
    if ts is not None and not (ts.intact and ts.valid and ts.trusted):
        return "bad_timestamp"
    level = status.modification_level
    if not status.bottom_line or (last and level not in UNSIGNED_TAIL):
        return "modified"
    return ""


def _describe(report: Report, status: PdfSignatureStatus) -> None:
    subject = status.signing_cert.subject
    report.signer = _name_part(subject, "common_name")
    report.agency = _name_part(subject, "organization_name") or report.signer
    report.signed_at = status.signer_reported_dt
    report.certificate_status = _cert_status(status)
    ts = status.timestamp_validity
    if ts is not None:
        report.timestamp_at = ts.timestamp
        report.tsa = _name_part(ts.signing_cert.subject, "common_name")


@dataclass(frozen=True)
class ForeignTrust:
    """Another PKI's CA certificates (DER): self-signed ones are roots, the rest intermediates."""

    roots: tuple[bytes, ...]
    intermediates: tuple[bytes, ...] = ()


def _context(foreign: ForeignTrust | None) -> ValidationContext:
    if foreign is None:
        return validation_context()
    return ValidationContext(
        trust_roots=[*trust_roots(), *(asn1_x509.Certificate.load(d) for d in foreign.roots)],
        other_certs=[
            *intermediates(),
            *(asn1_x509.Certificate.load(d) for d in foreign.intermediates),
        ],
        crls=current_crls(),
        allow_fetching=True,
        revocation_mode="hard-fail",
    )


def _check_signatures(data: bytes, report: Report, foreign: ForeignTrust | None) -> None:
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception:
        report.reason_code = "malformed"
        return
    report.signatures = len(signatures)
    if not signatures:
        report.reason_code = "no_signature"
        return
    context = _context(foreign)
    problems = []
    for index, embedded in enumerate(signatures):
        try:
            status = _sync.run(
                async_validate_pdf_signature(
                    embedded, signer_validation_context=context, ts_validation_context=context
                )
            )
        except Exception as exc:
            report.details.append(f"{embedded.field_name}: {exc}")
            problems.append("modified")
            continue
        problems.append(_problem(status, last=index == len(signatures) - 1))
        if index == len(signatures) - 1:
            _describe(report, status)
    failing = [p for p in problems if p]
    report.reason_code = failing[-1] if failing else "ok"
    report.valid = not failing


def verify_pdf(
    data: bytes, *, code: str = "", record: Any = None, foreign: ForeignTrust | None = None
) -> Report:
    """The verification report of `data` (see the module contract). `record` is the stored
    copy's SHA-256 lookup: a callable (sha256, code) → (result code, matched) or None."""
    report = Report(valid=False, reason_code="ok", sha256=hashlib.sha256(data).hexdigest())
    if len(data) > int(settings.MOTCUA["SIGNING"]["VERIFY_MAX_BYTES"]):
        report.reason_code = "too_large"
        return report
    if data.lstrip()[:5] != b"%PDF-":
        report.reason_code = "not_pdf"
        return report
    _check_signatures(data, report, foreign)
    if record is not None:
        found = record(report.sha256, code)
        if found is not None:
            report.result_code, report.record_match = found
    return report


STORED_REPORT_SECONDS = 300  # as long as a CRL is reused (selectors.CRL_REISSUE)


def verify_stored(data: bytes, *, code: str, record: Any, state: tuple[Any, ...]) -> Report:
    """`verify_pdf` of a stored result, cached for a few minutes per (code, SHA-256 of the
    bytes, revocation state): the QR page is public and each full validation costs ~0.1 s of
    CPU, so repeated visits must not each pay it. A new revocation or CA changes `state`, so
    it shows at once; an expiry shows within `STORED_REPORT_SECONDS`."""
    digest = hashlib.sha256(data).hexdigest()  # of the bytes read now, not the recorded hash
    version = hashlib.sha256(repr(state).encode()).hexdigest()[:16]
    key = f"signing:stored:{code}:{digest}:{version}"
    cached = cache.get(key)
    if isinstance(cached, Report):
        return cached
    report = verify_pdf(data, code=code, record=record)
    cache.set(key, report, STORED_REPORT_SECONDS)
    return report
