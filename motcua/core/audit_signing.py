"""Signed checkpoints of the audit chain (Ed25519), and the key they are signed with.

Contract:
- The private key never enters the database. It comes from `MOTCUA_AUDIT_KEY` (a PEM, or the
  base64 of the 32-byte raw key) or from the PEM file `MOTCUA_AUDIT_KEY_FILE`; the demo
  (`seed_demo` with DEBUG on) generates that file under var/ when missing.
- A checkpoint signs the UTF-8 bytes of `message()`:
  `motcua-audit-checkpoint:v1:<gseq>:<head hash>:<signed at, UTC ISO 8601>:<key id>`, where the
  key id is the first 16 hex digits of SHA-256 over the 32-byte raw public key. An export holds
  these fields and the public key, so anyone can check it without the database (docs/audit.md).
- `checkpoint_create` first checks the previous checkpoint's signature and re-checks the chain
  from it to the head, so the signer never signs a chain that was changed since it last signed.
- The database alone cannot say which checkpoint is the newest (its writer can delete rows), so
  every checkpoint is also written, as its export, to the checkpoint file
  (`MOTCUA_AUDIT_CHECKPOINT_FILE`, default var/audit-checkpoint.json). `checkpoint_create`
  refuses to sign when the database lacks the checkpoint that file names, and `audit_verify`
  checks against it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.core import audit
from motcua.core.errors import Conflict, DomainError
from motcua.core.models import AuditCheckpoint, AuditEvent

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


class AuditKeyError(DomainError):
    """No usable signing or verification key."""


def default_key_file() -> Path:
    configured = str(settings.MOTCUA.get("AUDIT_KEY_FILE") or "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "audit-key.pem"


def checkpoint_file() -> Path:
    configured = str(settings.MOTCUA.get("AUDIT_CHECKPOINT_FILE") or "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "audit-checkpoint.json"


def _load_private(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise AuditKeyError("Khóa ký nhật ký phải là khóa Ed25519.", code="audit_key_invalid")
        return key
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text))


def signing_key() -> Ed25519PrivateKey:
    """The private key from `MOTCUA_AUDIT_KEY`, else the file `MOTCUA_AUDIT_KEY_FILE` (default
    var/audit-key.pem). Raises `AuditKeyError` when there is none."""
    inline = str(settings.MOTCUA.get("AUDIT_KEY") or "")
    try:
        if inline:
            return _load_private(inline)
        path = default_key_file()
        if path.is_file():
            return _load_private(path.read_text())
    except (ValueError, TypeError) as exc:
        raise AuditKeyError(
            f"Khóa ký nhật ký không đọc được: {exc}", code="audit_key_invalid"
        ) from exc
    raise AuditKeyError(
        "Chưa cấu hình khóa ký nhật ký (MOTCUA_AUDIT_KEY hoặc MOTCUA_AUDIT_KEY_FILE).",
        code="audit_key_missing",
    )


def generate_key_file(path: Path) -> bool:
    """Write a new PEM private key to `path` (mode 0600) unless it exists; True if written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.touch(mode=0o600)
    path.write_bytes(pem)
    return True


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(*_RAW)


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_raw(key)).hexdigest()[:16]


def load_public(text: str) -> Ed25519PublicKey:
    """A public key given as PEM or as base64 of the 32 raw bytes."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise AuditKeyError("Khóa công khai phải là khóa Ed25519.", code="audit_key_invalid")
        return key
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))


def message(*, gseq: int, head_hash: str, signed_at: datetime, key: str) -> bytes:
    at = signed_at.astimezone(UTC).isoformat(timespec="microseconds")
    return f"motcua-audit-checkpoint:v1:{gseq}:{head_hash}:{at}:{key}".encode()


def signature_ok(cp: AuditCheckpoint, public: Ed25519PublicKey) -> bool:
    if cp.key_id != key_id(public):
        return False
    body = message(gseq=cp.gseq, head_hash=cp.head_hash, signed_at=cp.signed_at, key=cp.key_id)
    try:
        public.verify(bytes.fromhex(cp.signature), body)
    except (InvalidSignature, ValueError):
        return False
    return True


def checkpoint_create(*, skip_if_unchanged: bool = True) -> AuditCheckpoint | None:
    """Sign the current head of the chain. Returns None when nothing was appended since the
    newest checkpoint (and `skip_if_unchanged`) or when the chain is empty. Raises
    `Conflict(audit_broken)` when the chain since the previous checkpoint does not verify."""
    key = signing_key()
    kid = key_id(key.public_key())
    with transaction.atomic():
        head = audit.lock_head()  # no append can slip in between the check and the signature
        previous = AuditCheckpoint.objects.order_by("-gseq", "-signed_at").first()
        _check_previous(previous, key.public_key())
        if head.last_gseq == 0 or (
            skip_if_unchanged and previous is not None and previous.gseq == head.last_gseq
        ):
            cp = None
        else:
            _recheck_since(previous)
            at = timezone.now()
            body = message(gseq=head.last_gseq, head_hash=head.last_hash, signed_at=at, key=kid)
            cp = AuditCheckpoint.objects.create(
                gseq=head.last_gseq,
                head_hash=head.last_hash,
                signed_at=at,
                key_id=kid,
                signature=key.sign(body).hex(),
            )
    newest = cp or previous
    if newest is not None and (cp is not None or not checkpoint_file().exists()):
        write_checkpoint_file(newest, key.public_key())  # after the commit (in autocommit)
    return cp


def _refuse(reason: str) -> Conflict:
    return Conflict(f"Không ký điểm kiểm tra: {reason}", code="audit_broken")


def _check_previous(previous: AuditCheckpoint | None, public: Ed25519PublicKey) -> None:
    """The newest stored checkpoint must carry our signature and be (or follow) the one the
    checkpoint file names, whose event must still have the signed hash."""
    if previous is not None and not signature_ok(previous, public):
        raise _refuse(f"chữ ký của điểm kiểm tra #{previous.gseq} không hợp lệ")
    named = read_checkpoint_file()
    if named is None:
        return
    cp, _ = named
    where = f"tệp {checkpoint_file()} ghi điểm kiểm tra #{cp.gseq}"
    if not signature_ok(cp, public):
        raise _refuse(f"{where} nhưng chữ ký của nó không hợp lệ")
    if not AuditCheckpoint.objects.filter(gseq=cp.gseq, head_hash=cp.head_hash).exists():
        raise _refuse(f"{where} mà cơ sở dữ liệu không còn (bị xoá)")
    if not AuditEvent.objects.filter(gseq=cp.gseq, hash=cp.head_hash).exists():
        raise _refuse(f"{where} mà sự kiện #{cp.gseq} không còn mã băm đã ký")


def read_checkpoint_file(
    path: Path | None = None,
) -> tuple[AuditCheckpoint, Ed25519PublicKey] | None:
    """The checkpoint the checkpoint file names (None when there is no file)."""
    path = path or checkpoint_file()
    if not path.is_file():
        return None
    return from_export(json.loads(path.read_text()))


def write_checkpoint_file(cp: AuditCheckpoint, public: Ed25519PublicKey) -> Path:
    """Write `cp`'s export to the checkpoint file atomically (a temporary file, then rename)."""
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(export(cp, public), indent=2, ensure_ascii=False))
    os.replace(tmp, path)
    return path


def _recheck_since(previous: AuditCheckpoint | None) -> None:
    """Re-check the chain from the event the previous checkpoint signed (included) to the head."""
    start, start_hash, signed = 0, audit.GENESIS, {}
    if previous is not None:
        first = AuditEvent.objects.filter(gseq=previous.gseq).first()
        start, start_hash = previous.gseq - 1, first.prev_hash if first else ""
        signed = {previous.gseq: previous}
    with audit.walk(AuditEvent.objects.filter(gseq__gt=start)) as events:
        last, prev, broken = audit.check_chain(events, signed, start=start, start_hash=start_hash)
    broken = broken or audit._check_tail(last, prev, previous)
    if broken is not None:
        raise Conflict(f"Không ký điểm kiểm tra: {broken.message()}", code="audit_broken")


def export(cp: AuditCheckpoint, public: Ed25519PublicKey) -> dict[str, Any]:
    """The publishable form of a checkpoint: everything needed to check it, no database."""
    return {
        "format": "motcua-audit-checkpoint/v1",
        "seq": cp.gseq,
        "hash": cp.head_hash,
        "time": cp.signed_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "key_id": cp.key_id,
        "public_key": base64.b64encode(public_raw(public)).decode(),
        "signature": cp.signature,
        "message": message(
            gseq=cp.gseq, head_hash=cp.head_hash, signed_at=cp.signed_at, key=cp.key_id
        ).decode(),
    }


def from_export(data: dict[str, Any]) -> tuple[AuditCheckpoint, Ed25519PublicKey]:
    """An unsaved checkpoint and the public key, read from `export()`'s JSON."""
    cp = AuditCheckpoint(
        gseq=int(data["seq"]),
        head_hash=str(data["hash"]),
        signed_at=datetime.fromisoformat(str(data["time"])),
        key_id=str(data["key_id"]),
        signature=str(data["signature"]),
    )
    return cp, load_public(str(data["public_key"]))


def verify_signed(
    public: Ed25519PublicKey | None, published: list[AuditCheckpoint] | None = None
) -> audit.VerifyResult:
    """Check every checkpoint's signature (the stored ones and `published` ones read from
    exports), then the whole chain against them. Without a public key, stored checkpoints
    cannot be trusted: `AuditKeyError`."""
    stored = list(AuditCheckpoint.objects.order_by("gseq", "signed_at"))
    checkpoints = stored + list(published or [])
    if checkpoints and public is None:
        raise AuditKeyError(
            "Không có khóa công khai để kiểm tra chữ ký điểm kiểm tra (--public-key).",
            code="audit_key_missing",
        )
    for cp in checkpoints:
        if public is not None and not signature_ok(cp, public):
            reason = f"chữ ký của điểm kiểm tra #{cp.gseq} (khóa {cp.key_id}) không hợp lệ"
            broken = audit.Broken(cp.gseq, "", None, None, "audit_signature", reason)
            return audit.VerifyResult(0, broken, None)
    return audit.verify(checkpoints)


def configured_public() -> Ed25519PublicKey | None:
    try:
        return signing_key().public_key()
    except AuditKeyError:
        return None
