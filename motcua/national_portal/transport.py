"""The outbox transport of channel "dvcqg": POST one dossier state to the national portal.

Contract (core/outbox.py calls it outside any transaction, at least once per row):
- The body is the row's snapshot mapped to the DVCQG record (`mapping.dossier_record`) in the
  portal's envelope, with the row's `Idempotency-Key` and the configured bearer token; the answer
  must come within `TIMEOUT` seconds.
- Raises (so the outbox retries with back-off, then fails the row after `MAX_ATTEMPTS`) on
  anything that may pass: no connection, a timeout, HTTP 401/403/404/408/429/5xx, an answer that
  is not the portal's JSON.
- A definitive answer returns normally, and the row is marked sent: acceptance (`error_code` in
  `SUCCESS_CODES`) raises the dossier's `accepted_version`; a rejection of the content (HTTP 400
  or 422, or another `error_code`) is recorded on `PortalSync` at once instead of being retried
  eight times, because sending the same bytes again cannot succeed. The dossier then counts as
  not synced until an official fixes the data and `national_portal_resync` queues it again.
"""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings
from django.urls import reverse

from motcua.accounts.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.core.models import OutboxMessage
from motcua.core.outbox import idempotency_key
from motcua.national_portal.config import PortalConfig, portal_config
from motcua.national_portal.mapping import dossier_record, request_body
from motcua.national_portal.models import PortalSync
from motcua.national_portal.services import sync_record_answer

REJECTED_STATUSES = (400, 422)


class PortalUnavailable(Exception):
    """The portal gave no definitive answer; the outbox tries again later."""


def catalogue(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Frozen data of the dossier's published procedure version and its agency's name."""
    version = (
        ProcedureVersion.objects.select_related("procedure", "field")
        .prefetch_related("fees")
        .get(pk=snapshot["procedure_version_id"])
    )
    agency_name = Agency.objects.values_list("name", flat=True).get(pk=snapshot["agency_id"])
    return {
        "procedure_code": version.procedure.code,
        "procedure_name": version.name,
        "field_code": version.field.code,
        "field_name": version.field.name,
        "time_limit": format(version.time_limit_value.normalize(), "f"),
        "time_unit": version.time_limit_unit,
        "result_type": version.result_type,
        "agency_name": agency_name,
        "fees": [
            {"id": f.pk, "kind": f.kind, "description": f.description, "amount": f.amount}
            for f in version.fees.all()
        ],
    }


def build_body(message: OutboxMessage, config: PortalConfig) -> dict[str, Any]:
    snapshot = message.payload
    link = settings.MOTCUA["PUBLIC_BASE_URL"].rstrip("/") + reverse(
        "portal:track_detail", args=[snapshot["code"]]
    )
    record = dossier_record(snapshot, catalogue(snapshot), codes=config.status_codes, link=link)
    updating = PortalSync.objects.filter(
        dossier__code=snapshot["code"], accepted_version__gt=0
    ).exists()
    return request_body(
        record, service=config.service, agency_code=config.agency_code, updating=updating
    )


def _answer(response: requests.Response) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError as exc:
        raise PortalUnavailable(
            f"HTTP {response.status_code}: câu trả lời không phải JSON"
        ) from exc
    if not isinstance(answer, dict) or "error_code" not in answer:
        raise PortalUnavailable(f"HTTP {response.status_code}: thiếu error_code")
    return answer


def deliver_dvcqg(message: OutboxMessage) -> None:
    """Send one queued dossier state (see the module contract)."""
    config = portal_config()
    response = requests.post(
        config.url,
        json=build_body(message, config),
        headers={
            "Authorization": f"Bearer {config.token}",
            "Idempotency-Key": idempotency_key(message),
        },
        timeout=config.timeout,
    )
    if response.status_code not in REJECTED_STATUSES and not response.ok:
        raise PortalUnavailable(f"HTTP {response.status_code}")
    answer = _answer(response)
    code = str(answer["error_code"])
    sync_record_answer(
        dossier_code=message.payload["code"],
        version=int(message.payload["version"]),
        accepted=response.ok and code in config.success_codes,
        code=code,
        message=str(answer.get("message", "")),
    )
