"""Writes of the national portal sync: queue a dossier state, record the portal's answer.

`sync_queue` is called by every dossier transition (`dossiers.services._common.record`), inside
its transaction and under the dossier lock: when the sync is configured and the transition
changed a field the portal shows, it writes one outbox row (channel "dvcqg", subject the dossier)
holding a snapshot of the state at the new version, and raises `PortalSync.queued_version`. A
transition that rolls back leaves neither (the outbox contract, core/outbox.py).

Why a snapshot, not the state at send time: the row and its `Idempotency-Key` then always carry
the same bytes (a retry is a true replay, so the receiver's first-copy rule gives exactly one
effect), and the version in the body is the version of the content, so the receiver's "ignore an
older version" rule orders states correctly whatever order the retries arrive in. The transport
also skips a row older than a version the portal already accepted (for receivers that do not
read `PhienBan`). Frozen catalogue data (procedure names, fees) is read at send time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.functions import Greatest
from django.utils import timezone

from motcua.core.models import OutboxMessage
from motcua.national_portal.config import is_configured
from motcua.national_portal.mapping import SNAPSHOT_FIELDS, SNAPSHOT_TIMES
from motcua.national_portal.models import PortalSync

CHANNEL = "dvcqg"
KIND = "dvcqg.sync"
# Dossier columns the portal shows: a transition that changes none of them queues nothing.
SYNCED_FIELDS = frozenset(
    {*SNAPSHOT_FIELDS, *SNAPSHOT_TIMES, "procedure_version_id", "receiving_agency_id"}
)


def snapshot(dossier: Any) -> dict[str, Any]:
    """The dossier's state at its current version, JSON-safe (times as ISO strings)."""
    data: dict[str, Any] = {
        "code": dossier.code,
        "version": dossier.version,
        "agency_id": dossier.receiving_agency_id,
        "procedure_version_id": dossier.procedure_version_id,
    }
    data.update({name: getattr(dossier, name) for name in SNAPSHOT_FIELDS})
    for name in SNAPSHOT_TIMES:
        value = getattr(dossier, name)
        data[name] = value.isoformat() if value else None
    return data


def _outbox_row(dossier: Any) -> OutboxMessage:
    return OutboxMessage(
        kind=KIND,
        channel=CHANNEL,
        subject_type="dossier",
        subject_id=dossier.code,
        payload=snapshot(dossier),
    )


def queue_rows(dossiers: Iterable[Any]) -> int:
    """Queue the current state of each (locked) dossier: the outbox rows and the sync state, in
    two statements whatever the number of dossiers."""
    dossiers = list(dossiers)
    if not dossiers:
        return 0
    OutboxMessage.objects.bulk_create([_outbox_row(d) for d in dossiers])
    PortalSync.objects.bulk_create(
        [PortalSync(dossier_id=d.pk, queued_version=d.version) for d in dossiers],
        update_conflicts=True,
        unique_fields=["dossier"],
        update_fields=["queued_version"],
    )
    return len(dossiers)


def sync_queue(dossier: Any, *, changed: list[str] | None) -> None:
    """Queue the dossier's new state for DVCQG when the sync is on and `changed` (the columns the
    transition wrote; None: unknown, e.g. a new dossier) touches a synced field. Must run in the
    transition's transaction, after the save that bumped the version."""
    if not is_configured():
        return
    if changed is not None and SYNCED_FIELDS.isdisjoint(changed):
        return
    queue_rows([dossier])


def sync_record_answer(
    *, dossier_code: str, version: int, accepted: bool, code: str, message: str
) -> None:
    """Record the portal's definitive answer for one state (called by the transport, outside any
    transaction: a single UPDATE, so a crash leaves either the old or the new state). Versions
    only grow, so a late answer for an older state never hides a newer one."""
    rows = PortalSync.objects.filter(dossier__code=dossier_code)
    fields: dict[str, Any] = {"last_code": code[:32], "last_message": message[:500]}
    if accepted:
        fields.update(
            accepted_version=Greatest("accepted_version", version), accepted_at=timezone.now()
        )
    else:
        fields.update(rejected_version=Greatest("rejected_version", version))
    rows.update(**fields)
