"""One global audit chain, step 2 of 3: every event gets a global number and is re-linked, in the order it was
written (id order), to the event before it; the per-stream head rows go; signed checkpoints come.

Existing events keep their content; their `prev_hash`/`hash` are recomputed under the global
formula (no checkpoint existed before, so nothing signed is invalidated)."""

import hashlib
import json
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations, models

GENESIS = "0" * 64


def _hash(prev, ev):
    # A frozen copy of motcua.core.audit.event_hash as of this migration.
    body = json.dumps(
        {
            "gseq": ev.gseq,
            "stream": f"{ev.stream_type}:{ev.stream_id}",
            "seq": ev.seq,
            "kind": ev.kind,
            "actor": ev.actor_id,
            "actor_label": ev.actor_label,
            "at": ev.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "payload": ev.payload,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


def link(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditHead = apps.get_model("core", "AuditHead")
    prev, gseq, batch = GENESIS, 0, []
    for ev in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        gseq += 1
        ev.gseq, ev.prev_hash = gseq, prev
        ev.hash = prev = _hash(prev, ev)
        batch.append(ev)
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(batch, ["gseq", "prev_hash", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["gseq", "prev_hash", "hash"])
    AuditHead.objects.update_or_create(
        pk=1, defaults={"last_gseq": gseq, "last_hash": prev if gseq else ""}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_global_chain"),
    ]

    operations = [
        migrations.RunPython(link, migrations.RunPython.noop),
    ]
