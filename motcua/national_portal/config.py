"""The national portal's connection settings (`settings.MOTCUA["NATIONAL_PORTAL"]`).

An empty URL switches the sync off: no outbox row is written and no transport is registered.
What DVCQG does not publish (the status codes, the success codes) is configuration with a default;
docs/national-portal.md names the sources of each default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

# DVCQG dossier status codes (TrangThaiHoSo) as provincial one-stop systems send them (1 new,
# 2 received, 3 not received, 4 in progress, 5 supplement requested, 7 withdrawn, 8 stopped,
# 9 processed, 10 returned). Not published by the portal: overridable in settings.
DEFAULT_STATUS_CODES = {
    "submitted": "1",
    "received": "2",
    "rejected": "3",
    "in_progress": "4",
    "needs_supplement": "5",
    "withdrawn": "7",
    "cancelled": "8",
    "result_ready": "9",
    "returned": "10",
}


@dataclass(frozen=True)
class PortalConfig:
    url: str
    token: str
    agency_code: str  # madonvi: the code of the system's owner at the portal
    timeout: float  # seconds, for connect and for the answer
    service: str  # the portal service that takes a dossier (DongBoHoSoMC)
    success_codes: frozenset[str]
    status_codes: dict[str, str]


def portal_config() -> PortalConfig:
    raw: dict[str, Any] = settings.MOTCUA.get("NATIONAL_PORTAL", {})
    return PortalConfig(
        url=str(raw.get("URL", "")),
        token=str(raw.get("TOKEN", "")),
        agency_code=str(raw.get("AGENCY_CODE", "")),
        timeout=float(raw.get("TIMEOUT", 10)),
        service=str(raw.get("SERVICE", "DongBoHoSoMC")),
        success_codes=frozenset(str(c) for c in raw.get("SUCCESS_CODES", ("0", "00"))),
        status_codes={**DEFAULT_STATUS_CODES, **raw.get("STATUS_CODES", {})},
    )


def is_configured() -> bool:
    """True when a portal URL is set (the sync is on)."""
    return bool(settings.MOTCUA.get("NATIONAL_PORTAL", {}).get("URL"))
