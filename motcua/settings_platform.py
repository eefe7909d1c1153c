"""The platform's own settings, `settings.MOTCUA`, read from the environment (each key's
comment says what it is and where its rule comes from). `motcua.settings` assigns
`MOTCUA = platform_settings()` and then merges the voice-of-the-people keys
(`settings_voice.py`)."""

from __future__ import annotations

import os
from typing import Any

from motcua.settings_level4 import env_bool as _env_bool


def platform_settings() -> dict[str, Any]:
    return {
        # Public base URL printed in QR codes on slips. Unset: the address `make run` serves on
        # (HOST and PORT, default 127.0.0.1:8000); a public site sets its own.
        "PUBLIC_BASE_URL": os.environ.get("MOTCUA_PUBLIC_BASE_URL")
        or f"http://{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}",
        # Dossiers received after this local time count from the next working day
        # (Decree 23/2015 Art. 7, Decree 63/2024 Art. 7; docs/rules.md §2). Per-procedure override.
        "RECEIPT_CUTOFF": os.environ.get("MOTCUA_RECEIPT_CUTOFF", "15:00"),
        # Default office hours when an agency records none (provinces vary; docs/rules.md §3).
        "DEFAULT_OFFICE_HOURS": [["07:30", "11:30"], ["13:00", "17:00"]],
        # Range of years the working-day calendar precomputes.
        "CALENDAR_YEARS": (2015, 2045),
        # Attachment limits (issue 3 §8).
        "ATTACHMENT_MAX_BYTES": int(
            os.environ.get("MOTCUA_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
        ),
        "DOSSIER_MAX_BYTES": int(os.environ.get("MOTCUA_DOSSIER_MAX_BYTES", 100 * 1024 * 1024)),
        # Warn this many working days before a due time (issue 3 §5).
        "DUE_SOON_WORKING_DAYS": int(os.environ.get("MOTCUA_DUE_SOON_WORKING_DAYS", "1")),
        # Ed25519 key that signs audit checkpoints, kept outside the database (docs/audit.md):
        # the key itself (PEM or base64 of 32 bytes), else a PEM file (var/audit-key.pem).
        "AUDIT_KEY": os.environ.get("MOTCUA_AUDIT_KEY", ""),
        "AUDIT_KEY_FILE": os.environ.get("MOTCUA_AUDIT_KEY_FILE", ""),
        # The newest signed checkpoint, kept outside the database
        # (default var/audit-checkpoint.json).
        "AUDIT_CHECKPOINT_FILE": os.environ.get("MOTCUA_AUDIT_CHECKPOINT_FILE", ""),
        # API tokens expire this many days after creation.
        "TOKEN_DAYS": int(os.environ.get("MOTCUA_TOKEN_DAYS", "90")),
        # /metrics (docs/operations.md): peers allowed without a token (addresses or CIDRs), and
        # a bearer token that opens it from anywhere (empty: no token).
        "METRICS_ALLOW": [
            a.strip()
            for a in os.environ.get("MOTCUA_METRICS_ALLOW", "127.0.0.1,::1").split(",")
            if a.strip()
        ],
        "METRICS_TOKEN": os.environ.get("MOTCUA_METRICS_TOKEN", ""),
        # After dossier 9,999 of a day at one agency: "widen" (default) continues with 5 digits
        # so no dossier is refused; "refuse" keeps the 4-digit format of Circular 01/2018
        # Art. 19 and refuses (docs/rules.md §5, docs/adr/0005-fast-submission.md).
        "DOSSIER_SEQUENCE_OVERFLOW": os.environ.get("MOTCUA_DOSSIER_SEQUENCE_OVERFLOW", "widen"),
        # How each outbox channel is delivered (motcua.core.outbox): channel → dotted path of a
        # function that sends one message and raises on failure. A channel left out stays pending.
        "OUTBOX_TRANSPORTS": {
            "portal": "motcua.core.outbox.deliver_portal",
            # edXML packages and status messages to other platforms (documents/exchange_send)
            "lienthong": "motcua.documents.exchange_send.deliver",
        },
        # A task RUNNING longer than this is taken to be abandoned by a killed worker and runs
        # again (motcua.core.task_recovery; `motcua scheduler` checks on every round).
        "TASK_LEASE_SECONDS": int(os.environ.get("MOTCUA_TASK_LEASE_SECONDS", "900")),
        # An outbox row claimed by a deliverer that died is claimed again after this
        # (core/outbox.py).
        "OUTBOX_LEASE_SECONDS": int(os.environ.get("MOTCUA_OUTBOX_LEASE_SECONDS", "60")),
        # Sync with the national public-service portal, DVCQG (docs/national-portal.md). An empty
        # URL switches it off: no "dvcqg" outbox row is written and no transport is registered.
        "NATIONAL_PORTAL": {
            "URL": os.environ.get("MOTCUA_DVCQG_URL", ""),
            "TOKEN": os.environ.get("MOTCUA_DVCQG_TOKEN", ""),
            "AGENCY_CODE": os.environ.get("MOTCUA_DVCQG_AGENCY_CODE", ""),
            "TIMEOUT": float(os.environ.get("MOTCUA_DVCQG_TIMEOUT", "10")),
        },
        # API calls without a session skip the page-only middleware (motcua/api/lean.py)
        "LEAN_API": _env_bool("MOTCUA_LEAN_API", True),
        # officials pass a second factor (TOTP or a recovery code) before any workspace page
        "OTP_REQUIRED": os.environ.get("MOTCUA_OTP_REQUIRED", "1") != "0",
        # OpenID Connect sign-in for citizens (VNeID, the national portal; docs/oidc.md). An empty
        # issuer switches it off. VNeID does not publish the name of its personal-ID claim, so it is
        # configuration; the default names the data (the 12-digit personal identification number,
        # Law on Identity 2023 Art. 12), not the card, whose name changed from CCCD to căn cước.
        "OIDC": {
            "ISSUER": os.environ.get("MOTCUA_OIDC_ISSUER", ""),
            "CLIENT_ID": os.environ.get("MOTCUA_OIDC_CLIENT_ID", ""),
            "CLIENT_SECRET": os.environ.get("MOTCUA_OIDC_CLIENT_SECRET", ""),
            "SCOPES": os.environ.get("MOTCUA_OIDC_SCOPES", "openid profile"),
            "CCCD_CLAIM": os.environ.get("MOTCUA_OIDC_CCCD_CLAIM", "citizen_id"),
            "NAME_CLAIM": os.environ.get("MOTCUA_OIDC_NAME_CLAIM", "name"),
            "LABEL": os.environ.get("MOTCUA_OIDC_LABEL", "Đăng nhập bằng VNeID"),
        },
    }
