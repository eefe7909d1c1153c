"""The audit log: one global, append-only hash chain of every event of every stream.

Contract:
- `append` runs inside the caller's transaction and refuses to run outside one. It locks the one
  head row (`AuditHead`, pk 1), so every append of every stream is strictly ordered: the event's
  `gseq` is the head's `last_gseq + 1`, its `prev_hash` the head's `last_hash`, its per-stream
  `seq` one more than the stream's newest event (read under the same lock). The lock is held
  until the caller commits, so services append their event last (PostgreSQL); on SQLite the
  IMMEDIATE transaction already serialises writers. That lock serialises every write of the
  city: what it costs and what would lift it is in docs/adr/0005-fast-submission.md.
- `new_stream=True` is the caller's promise that the stream has no event yet (its subject was
  created in this transaction): the event takes `seq` 1 without reading the stream. A broken
  promise fails on the unique (stream, seq) constraint; it never writes a duplicate number.
- `hash` = SHA-256 of `prev_hash` + the canonical JSON (sorted keys, no spaces, UTF-8) of the
  event's global number, stream, per-stream number, kind, actor id, actor label, time (UTC ISO
  8601, microseconds) and payload. Payloads refuse floats (jsonb rewrites them).
- `verify` recomputes the whole chain in `gseq` order, streaming, and checks it against every
  signed checkpoint (`motcua.core.audit_signing`): an edit, an insertion, a reorder or a deletion
  anywhere breaks a hash or a link; a rewrite with recomputed hashes no longer matches the hash a
  checkpoint signed; a deleted tail leaves fewer events than a checkpoint counted. Events after
  the newest checkpoint are protected by the chain only (a writer could replace that tail).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from motcua.core.models import AuditCheckpoint, AuditEvent, AuditHead

GENESIS = "0" * 64


def canonical_json(data: Any) -> str:
    return json.dumps(
        data,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        cls=DjangoJSONEncoder,
    )


def _reject_float(text: str) -> Any:
    raise TypeError(
        f"audit payloads take int, Decimal or str, not float ({text}): PostgreSQL's jsonb "
        "rewrites some floats, which would break the hash"
    )


def _normalise_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """Round-trip through JSON so the hashed payload is exactly what the database stores.
    Floats are refused (jsonb stores 1e16 as 10000000000000000); Decimals become strings."""
    return json.loads(canonical_json(payload), parse_float=_reject_float)


def event_hash(
    *,
    prev_hash: str,
    gseq: int,
    stream_type: str,
    stream_id: str,
    seq: int,
    kind: str,
    actor_id: int | None,
    actor_label: str,
    occurred_at: datetime,
    payload: dict[str, Any],
) -> str:
    body = canonical_json(
        {
            "gseq": gseq,
            "stream": f"{stream_type}:{stream_id}",
            "seq": seq,
            "kind": kind,
            "actor": actor_id,
            "actor_label": actor_label,
            "at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "payload": payload,
        }
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def hash_of(ev: AuditEvent, prev_hash: str) -> str:
    """The hash `ev` must have when it follows an event whose hash is `prev_hash`."""
    return event_hash(
        prev_hash=prev_hash,
        gseq=ev.gseq,
        stream_type=ev.stream_type,
        stream_id=ev.stream_id,
        seq=ev.seq,
        kind=ev.kind,
        actor_id=ev.actor_id,
        actor_label=ev.actor_label,
        occurred_at=ev.occurred_at,
        payload=ev.payload,
    )


def lock_head() -> AuditHead:
    """Lock the one head row (the migration creates it; created here on an empty database)."""
    heads = AuditHead.objects.select_for_update()
    head = heads.filter(pk=1).first()
    if head is None:
        AuditHead.objects.bulk_create([AuditHead(pk=1)], ignore_conflicts=True)
        head = heads.get(pk=1)
    return head


def _next_stream_seq(stream_type: str, stream_id: str) -> int:
    last = (
        AuditEvent.objects.filter(stream_type=stream_type, stream_id=stream_id)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
    return (last or 0) + 1


def append(
    *,
    stream_type: str,
    stream_id: str,
    kind: str,
    actor: Any = None,
    payload: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
    new_stream: bool = False,
) -> AuditEvent:
    """Append one event to a stream and to the global chain. Must run inside a transaction
    (services always do); costs one head lock, one indexed read (none for a `new_stream`),
    one insert, one head update."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.append must run inside transaction.atomic()")
    stream_id = str(stream_id)
    data = _normalise_payload(payload or {})  # refuse floats before taking the lock
    head = lock_head()
    event = AuditEvent(
        gseq=head.last_gseq + 1,
        prev_hash=head.last_hash or GENESIS,
        stream_type=stream_type,
        stream_id=stream_id,
        seq=1 if new_stream else _next_stream_seq(stream_type, stream_id),
        kind=kind,
        actor_id=getattr(actor, "pk", None),
        actor_label=str(actor) if actor is not None else "hệ thống",
        occurred_at=(occurred_at or timezone.now()).astimezone(UTC),
        payload=data,
    )
    event.hash = hash_of(event, event.prev_hash)
    event.save(force_insert=True)
    head.last_gseq, head.last_hash = event.gseq, event.hash
    head.save(update_fields=["last_gseq", "last_hash"])
    return event


def stream_events(stream_type: str, stream_id: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(stream_type=stream_type, stream_id=str(stream_id)).order_by("seq")
    )


# --- Verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    gseq: int  # the global number of the first bad event (or of the missing one)
    stream: str  # "dossier:<code>", or "" when no event is there
    seq: int | None
    event_id: int | None
    code: str  # stable English code
    reason: str  # Vietnamese

    def message(self) -> str:
        where = f" ({self.stream} #{self.seq}, id={self.event_id})" if self.stream else ""
        return f"BROKEN event #{self.gseq}{where} [{self.code}]: {self.reason}"


@dataclass(frozen=True)
class VerifyResult:
    events: int
    broken: Broken | None
    checkpoint: AuditCheckpoint | None = None  # the newest signed checkpoint checked

    @property
    def ok(self) -> bool:
        return self.broken is None

    @property
    def after_checkpoint(self) -> int:
        """Events newer than the newest checkpoint: protected by the chain only."""
        return self.events - (self.checkpoint.gseq if self.checkpoint else 0)


def _bad(ev: AuditEvent, gseq: int, code: str, reason: str) -> Broken:
    return Broken(gseq, f"{ev.stream_type}:{ev.stream_id}", ev.seq, ev.pk, code, reason)


def _check_event(ev: AuditEvent, expected: int, prev: str) -> Broken | None:
    if ev.gseq > expected:
        return _bad(ev, expected, "audit_missing", f"thiếu sự kiện #{expected} (bị xoá)")
    if ev.gseq != expected:
        return _bad(ev, expected, "audit_order", f"sai thứ tự: gặp sự kiện #{ev.gseq}")
    if ev.prev_hash != prev:
        return _bad(ev, expected, "audit_link", "liên kết với sự kiện trước bị sai")
    if hash_of(ev, prev) != ev.hash:
        return _bad(ev, expected, "audit_edited", "nội dung sự kiện đã bị sửa")
    return None


@contextmanager
def walk(events: QuerySet[AuditEvent], *, chunk_size: int = 2000) -> Iterator[Iterator[AuditEvent]]:
    """`events` in `gseq` order, `chunk_size` rows at a time. Closed on leaving: on PostgreSQL
    this is a server-side cursor, which must close before the transaction ends even when the
    walk stops early at a break."""
    rows = events.order_by("gseq").iterator(chunk_size=chunk_size)
    try:
        yield rows
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def check_chain(
    events: Iterable[AuditEvent],
    checkpoints: dict[int, AuditCheckpoint],
    *,
    start: int = 0,
    start_hash: str = GENESIS,
) -> tuple[int, str, Broken | None]:
    """Walk `events` (in `gseq` order, starting after event #`start` whose hash is
    `start_hash`); each event whose number a checkpoint names must have the signed hash.
    Returns the last number seen, its hash and the first break."""
    last, prev = start, start_hash
    for ev in events:
        broken = _check_event(ev, last + 1, prev)
        if broken:
            return last, prev, broken
        cp = checkpoints.get(ev.gseq)
        if cp is not None and cp.head_hash != ev.hash:
            return last, prev, _bad(ev, ev.gseq, "audit_rewritten", _rewritten(cp))
        last, prev = ev.gseq, ev.hash
    return last, prev, None


def _rewritten(cp: AuditCheckpoint) -> str:
    return (
        f"khác điểm kiểm tra đã ký #{cp.gseq} ({cp.signed_at:%Y-%m-%d %H:%M} UTC): chuỗi đã bị "
        "viết lại"
    )


def _check_tail(
    last: int, prev: str, newest: AuditCheckpoint | None, head: AuditHead | None = None
) -> Broken | None:
    """The walk ended at `last`: it must reach the newest checkpoint, and match the head
    (`head` as read before the walk, else read now)."""
    if newest is not None and last < newest.gseq:
        gone = f"#{last + 1}" if last + 1 == newest.gseq else f"#{last + 1}..#{newest.gseq}"
        reason = f"thiếu sự kiện {gone} mà điểm kiểm tra đã ký có (bị xoá)"
        return Broken(last + 1, "", None, None, "audit_missing", reason)
    head = head or AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_gseq, head.last_hash or GENESIS) != (last, prev):
        reason = f"đầu chuỗi ghi sự kiện #{head.last_gseq}: sự kiện cuối đã bị xoá, thêm hoặc thay"
        first = min(last, head.last_gseq) + 1
        return Broken(first, "", None, None, "audit_head", reason)
    return None


def _check_beyond(head: AuditHead | None) -> Broken | None:
    """Events after the head read before the walk are fine if an append wrote them, which moves
    the head in the same transaction: the newest event is read first, then the head again."""
    newest = AuditEvent.objects.order_by("-gseq").values_list("gseq", flat=True).first() or 0
    if head is None or newest <= head.last_gseq:
        return None
    now = AuditHead.objects.filter(pk=1).values_list("last_gseq", flat=True).first() or 0
    if newest <= now:
        return None
    reason = f"đầu chuỗi ghi sự kiện #{now}: sự kiện cuối đã bị xoá, thêm hoặc thay"
    return Broken(now + 1, "", None, None, "audit_head", reason)


def verify(
    checkpoints: list[AuditCheckpoint] | None = None, *, chunk_size: int = 2000
) -> VerifyResult:
    """Recompute the whole chain (streaming, `chunk_size` rows at a time) against `checkpoints`
    (signatures already checked by the caller, see `audit_signing.verify_signed`); the first
    break is reported. The head is read first and only the events up to it are walked, so an
    append during a long walk is not mistaken for a break."""
    cps = sorted(checkpoints or [], key=lambda c: c.gseq)
    by_gseq = {c.gseq: c for c in cps if c.gseq}
    newest = cps[-1] if cps else None
    head = AuditHead.objects.filter(pk=1).first()
    rows = AuditEvent.objects.all()
    if head is not None:
        rows = rows.filter(gseq__lte=head.last_gseq)
    with walk(rows, chunk_size=chunk_size) as events:
        last, prev, broken = check_chain(events, by_gseq)
    broken = broken or _check_tail(last, prev, newest, head) or _check_beyond(head)
    return VerifyResult(last, broken, newest)
