"""Encryption at rest of private keys (Fernet: AES-128-CBC with HMAC-SHA256).

Contract:
- The key that encrypts never enters the database. It comes from `MOTCUA_SIGNING_KEY` (a Fernet
  key, urlsafe base64 of 32 bytes) or from the file `MOTCUA_SIGNING_KEY_FILE` (default
  var/signing-key); the demo seed generates that file when missing (as for the audit key,
  motcua/core/audit_signing.py).
- `seal` and `unseal` take and give the PKCS#8 DER of a private key; a wrong key or changed
  bytes raise `SigningKeyError`, never return another key.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from django.conf import settings

from motcua.core.errors import DomainError


class SigningKeyError(DomainError):
    """No usable key to encrypt or decrypt private keys at rest."""


def key_file() -> Path:
    configured = str(settings.MOTCUA["SIGNING"].get("KEY_FILE") or "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "signing-key"


def _fernet() -> Fernet:
    inline = str(settings.MOTCUA["SIGNING"].get("KEY") or "")
    path = key_file()
    text = inline or (path.read_text().strip() if path.is_file() else "")
    if not text:
        raise SigningKeyError(
            "Chưa cấu hình khóa mã hoá chữ ký số (MOTCUA_SIGNING_KEY hoặc "
            "MOTCUA_SIGNING_KEY_FILE).",
            code="signing_key_missing",
        )
    try:
        return Fernet(text.encode())
    except ValueError as exc:
        raise SigningKeyError(
            "Khóa mã hoá chữ ký số không hợp lệ.", code="signing_key_invalid"
        ) from exc


def generate_key_file(path: Path | None = None) -> bool:
    """Write a new Fernet key to `path` (mode 0600) unless it exists; True if written."""
    path = path or key_file()
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(Fernet.generate_key())
    return True


def key_der(key: PrivateKeyTypes) -> bytes:
    return key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def seal(key: PrivateKeyTypes) -> bytes:
    """The private key, encrypted for storage."""
    return _fernet().encrypt(key_der(key))


def unseal(token: bytes | memoryview) -> PrivateKeyTypes:
    """The private key stored as `token` by `seal`."""
    try:
        der = _fernet().decrypt(bytes(token))
    except InvalidToken as exc:
        raise SigningKeyError(
            "Không giải mã được khoá ký số (sai khóa mã hoá?).", code="signing_key_invalid"
        ) from exc
    # The bytes are authenticated by Fernet's HMAC and the key was checked when it was stored;
    # OpenSSL's RSA consistency check would cost ~0.2 s on every use.
    return serialization.load_der_private_key(
        der, password=None, unsafe_skip_rsa_key_validation=True
    )


def configured() -> bool:
    """Whether an at-rest key is set (inline or as an existing file)."""
    return bool(settings.MOTCUA["SIGNING"].get("KEY")) or key_file().is_file()
