"""The audit chain: append-only events per stream, each hashing the one before it.

Contract:
- `append` runs inside the caller's transaction. It locks the stream head row, so two writers of
  one stream serialise; the event's `seq` is the head's `last_seq + 1`.
- `hash` = SHA-256 of `prev_hash` + the canonical JSON (sorted keys, no spaces, UTF-8) of the
  event's stream, seq, kind, actor id, actor label, time (UTC ISO 8601, microseconds) and payload.
- `verify` recomputes every chain; an edited, deleted, inserted or reordered event breaks it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from motcua.core.models import AuditEvent, AuditStream

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


def _lock_head(stream_type: str, stream_id: str) -> AuditStream:
    """Lock the stream head, creating it first if this is the stream's first event (one
    statement for an existing stream)."""
    heads = AuditStream.objects.select_for_update()
    try:
        return heads.get(stream_type=stream_type, stream_id=stream_id)
    except AuditStream.DoesNotExist:
        AuditStream.objects.bulk_create(
            [AuditStream(stream_type=stream_type, stream_id=stream_id)], ignore_conflicts=True
        )
        return heads.get(stream_type=stream_type, stream_id=stream_id)


def append(
    *,
    stream_type: str,
    stream_id: str,
    kind: str,
    actor: Any = None,
    payload: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> AuditEvent:
    """Append one event to a stream. Must run inside a transaction (services always do)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.append must run inside transaction.atomic()")
    stream_id = str(stream_id)
    head = _lock_head(stream_type, stream_id)
    at = (occurred_at or timezone.now()).astimezone(UTC)
    actor_id = getattr(actor, "pk", None)
    label = str(actor) if actor is not None else "hệ thống"
    data = _normalise_payload(payload or {})
    fields: dict[str, Any] = {
        "prev_hash": head.last_hash or GENESIS,
        "stream_type": stream_type,
        "stream_id": stream_id,
        "seq": head.last_seq + 1,
        "kind": kind,
        "actor_id": actor_id,
        "actor_label": label,
        "occurred_at": at,
        "payload": data,
    }
    digest = event_hash(**fields)
    event = AuditEvent.objects.create(**fields, hash=digest)
    head.last_seq, head.last_hash = fields["seq"], digest
    head.save(update_fields=["last_seq", "last_hash"])
    return event


def stream_events(stream_type: str, stream_id: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(stream_type=stream_type, stream_id=str(stream_id)).order_by("seq")
    )


@dataclass(frozen=True)
class Broken:
    stream: str
    seq: int
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    events: int
    broken: Broken | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def _check_stream(head: AuditStream | None, events: list[AuditEvent], stream: str) -> Broken | None:
    prev = GENESIS
    for expected_seq, ev in enumerate(events, start=1):
        if ev.seq != expected_seq:
            return Broken(
                stream, expected_seq, ev.pk, f"thiếu hoặc sai thứ tự sự kiện (gặp #{ev.seq})"
            )
        if ev.prev_hash != prev:
            return Broken(stream, ev.seq, ev.pk, "liên kết với sự kiện trước bị sai")
        digest = event_hash(
            prev_hash=prev,
            stream_type=ev.stream_type,
            stream_id=ev.stream_id,
            seq=ev.seq,
            kind=ev.kind,
            actor_id=ev.actor_id,
            actor_label=ev.actor_label,
            occurred_at=ev.occurred_at,
            payload=ev.payload,
        )
        if digest != ev.hash:
            return Broken(stream, ev.seq, ev.pk, "nội dung sự kiện đã bị sửa")
        prev = ev.hash
    last_seq = events[-1].seq if events else 0
    if head is None:
        return Broken(stream, 1, events[0].pk if events else None, "thiếu đầu chuỗi")
    if head.last_seq != last_seq or (head.last_hash or GENESIS) != prev:
        return Broken(stream, last_seq + 1, None, "sự kiện cuối chuỗi đã bị xoá hoặc thay")
    return None


def _iter_streams(chunk: int = 2000) -> Iterator[tuple[tuple[str, str], list[AuditEvent]]]:
    """Events grouped by stream, read in key order in chunks (bounded memory)."""
    current_key: tuple[str, str] | None = None
    bucket: list[AuditEvent] = []
    qs = AuditEvent.objects.order_by("stream_type", "stream_id", "seq")
    for ev in qs.iterator(chunk_size=chunk):
        key = (ev.stream_type, ev.stream_id)
        if key != current_key and current_key is not None:
            yield current_key, bucket
            bucket = []
        current_key = key
        bucket.append(ev)
    if current_key is not None:
        yield current_key, bucket


def verify() -> VerifyResult:
    """Recompute every stream's chain; the first break found is reported."""
    heads = {(h.stream_type, h.stream_id): h for h in AuditStream.objects.all()}
    seen: set[tuple[str, str]] = set()
    count = 0
    for key, events in _iter_streams():
        seen.add(key)
        count += len(events)
        broken = _check_stream(heads.get(key), events, f"{key[0]}:{key[1]}")
        if broken:
            return VerifyResult(count, broken)
    for key, head in heads.items():
        if key not in seen and head.last_seq:
            return VerifyResult(
                count, Broken(f"{key[0]}:{key[1]}", 1, None, "mọi sự kiện của chuỗi đã bị xoá")
            )
    return VerifyResult(count, None)
