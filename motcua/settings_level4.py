"""Settings of the level-4 services (issue 9): payments, signing, the document store and
notifications, read from the environment like the rest of `motcua.settings`, which merges them
with `level4_settings(debug)`. Kept apart so each app's settings sit in one short block.

Variables: MOTCUA_VNPAY_TMN_CODE, MOTCUA_VNPAY_HASH_SECRET, MOTCUA_VNPAY_URL,
MOTCUA_VNPAY_SETTLEMENT_URL, MOTCUA_PAYMENT_EXPIRE_MINUTES (docs/payments.md);
MOTCUA_SIGNING_KEY, MOTCUA_SIGNING_KEY_FILE, MOTCUA_TSA_URL, MOTCUA_TSA_TIMEOUT,
MOTCUA_VERIFY_MAX_BYTES, MOTCUA_CRL_DAYS (docs/signing.md); MOTCUA_EMAIL_HOST / _PORT / _USER /
_PASSWORD / _USE_TLS / _TIMEOUT / _FROM, MOTCUA_SMS_KINDS, MOTCUA_SMS_URL / _TOKEN / _SENDER /
_TIMEOUT (docs/notifications.md).
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


class Payments(NamedTuple):
    """VNPAY merchant account (docs/payments.md). The demo code and secret exist only under
    DEBUG; without a hash secret `payment_start` refuses, so production cannot take payments
    unsigned. The pay page and settlement file default to the local simulator (`make run`)."""

    tmn_code: str
    hash_secret: str
    url: str
    settlement_url: str
    expire_minutes: int  # how long a payment link stays valid (vnp_ExpireDate)


def payments(debug: bool) -> Payments:
    env = os.environ.get
    return Payments(
        tmn_code=env("MOTCUA_VNPAY_TMN_CODE", "MOTCUA01" if debug else ""),
        hash_secret=env(
            "MOTCUA_VNPAY_HASH_SECRET", "DEMOSECRETMOTCUAVNPAYSIMULATOR01" if debug else ""
        ),
        url=env("MOTCUA_VNPAY_URL", "http://127.0.0.1:8010/paymentv2/vpcpay.html"),
        settlement_url=env(
            "MOTCUA_VNPAY_SETTLEMENT_URL", "http://127.0.0.1:8010/merchant/settlement"
        ),
        expire_minutes=int(env("MOTCUA_PAYMENT_EXPIRE_MINUTES", "15")),
    )


def signing() -> dict[str, Any]:
    """PAdES signatures of results and slips with the issuing agency's credential
    (core/pdf.sign_pdf; docs/signing.md): the `MOTCUA` entries."""
    env = os.environ.get
    return {
        "PDF_SIGNER": "motcua.signing.services.signer.sign_for_agency",
        "SIGNING": {
            # Fernet key (urlsafe base64, 32 bytes) that encrypts private keys at rest; else the
            # file MOTCUA_SIGNING_KEY_FILE (default var/signing-key), which the demo seed makes.
            "KEY": env("MOTCUA_SIGNING_KEY", ""),
            "KEY_FILE": env("MOTCUA_SIGNING_KEY_FILE", ""),
            # RFC 3161 timestamp authority; empty: the platform's own at PUBLIC_BASE_URL/pki/tsa.
            "TSA_URL": env("MOTCUA_TSA_URL", ""),
            "TSA_TIMEOUT": float(env("MOTCUA_TSA_TIMEOUT", "10")),
            # largest PDF the public verification page and API accept
            "VERIFY_MAX_BYTES": int(env("MOTCUA_VERIFY_MAX_BYTES", str(20 * 1024 * 1024))),
            # days a published CRL is valid (its nextUpdate)
            "CRL_DAYS": int(env("MOTCUA_CRL_DAYS", "1")),
        },
    }


def email(debug: bool) -> dict[str, Any]:
    """E-mail through Django's backend: SMTP when MOTCUA_EMAIL_HOST is set; without it the
    console under DEBUG (`make run` works offline and shows each message), and no "email"
    transport otherwise (the rows wait, counted by `motcua outbox_status`)."""
    env = os.environ.get
    host = env("MOTCUA_EMAIL_HOST", "")
    names: dict[str, Any] = {
        "EMAIL_HOST": host,
        "EMAIL_PORT": int(env("MOTCUA_EMAIL_PORT", "587")),
        "EMAIL_HOST_USER": env("MOTCUA_EMAIL_USER", ""),
        "EMAIL_HOST_PASSWORD": env("MOTCUA_EMAIL_PASSWORD", ""),
        "EMAIL_USE_TLS": env_bool("MOTCUA_EMAIL_USE_TLS", True),
        "EMAIL_TIMEOUT": int(env("MOTCUA_EMAIL_TIMEOUT", "10")),
        "DEFAULT_FROM_EMAIL": env("MOTCUA_EMAIL_FROM", "Một Cửa <no-reply@motcua.local>"),
    }
    if host:
        names["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    elif debug:
        names["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    return names


def notifications() -> dict[str, Any]:
    """The `MOTCUA["NOTIFICATIONS"]` entry (motcua/notifications; docs/notifications.md)."""
    env = os.environ.get
    return {
        # the kinds also sent by SMS (comma-separated); empty: the default of
        # motcua/notifications/fanout.py (receipt, supplement, payment due, apology, result ready)
        "SMS_KINDS": [k.strip() for k in env("MOTCUA_SMS_KINDS", "").split(",") if k.strip()],
        # the SMS gateway (motcua/notifications/sms.py); an empty URL: no "sms" transport
        "SMS": {
            "URL": env("MOTCUA_SMS_URL", ""),
            "TOKEN": env("MOTCUA_SMS_TOKEN", ""),
            "SENDER": env("MOTCUA_SMS_SENDER", "MOTCUA"),
            "TIMEOUT": float(env("MOTCUA_SMS_TIMEOUT", "10")),
        },
    }


def level4_settings(debug: bool, motcua: dict[str, Any]) -> dict[str, Any]:
    """Django's e-mail settings to add to the module; fills `motcua` (the MOTCUA dict) with
    the signer, the signing and notification entries and the e-mail and SMS transports."""
    names = email(debug)
    motcua.update(signing())
    motcua["NOTIFICATIONS"] = notifications()
    transports = motcua["OUTBOX_TRANSPORTS"]
    if names["EMAIL_HOST"] or debug:
        transports["email"] = "motcua.notifications.transports.deliver_email"
    if motcua["NOTIFICATIONS"]["SMS"]["URL"]:
        transports["sms"] = "motcua.notifications.transports.deliver_sms"
    # the document store (motcua/docstore) has no settings of its own
    return names
