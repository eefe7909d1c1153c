"""What must hold after any crash: each check reads the database the servers wrote (`using`)
and returns a list of problems, empty when the invariant holds."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from pathlib import Path

from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.core.models import AuditEvent, OutboxMessage, OutboxStatus
from motcua.core.outbox import idempotency_key
from motcua.dossiers.models import Attachment, Dossier, DossierCounter, Slip, StepInstance
from motcua.national_portal.fake_receiver import FakePortal
from motcua.national_portal.models import PortalSync
from motcua.testing.fake_http import FakeReceiver

# Events a dossier's stream holds besides its transitions (which bump the version).
VERSIONLESS = {"dossier.slip_generated", "dossier.attachment_added"}


def submissions(acked: dict[str, str], *, using: str) -> list[str]:
    """Every acknowledged submission exists once, under the code the client was told, and no
    dossier exists that no client was told about."""
    problems = []
    rows = list(Dossier.objects.using(using).values_list("idempotency_key", "code"))
    by_key = defaultdict(list)
    for key, code in rows:
        by_key[key].append(code)
    for key, code in acked.items():
        if by_key.get(key) != [code]:
            problems.append(f"khóa {key}: đã báo {code}, có {by_key.get(key)}")
    problems += [f"hồ sơ không ai được báo: {c}" for k, c in rows if k not in acked]
    return problems


def codes(*, using: str) -> list[str]:
    """Per agency and day the codes run 1..n, without a gap or a repeat, and the counter says n."""
    problems = []
    numbers: dict[str, list[int]] = defaultdict(list)
    for code in Dossier.objects.using(using).values_list("code", flat=True):
        prefix, _, number = code.rpartition("-")
        numbers[prefix].append(int(number))
    counters = {
        f"{c.agency.code}-{c.day:%y%m%d}": c.last
        for c in DossierCounter.objects.using(using).select_related("agency")
    }
    for prefix, seen in numbers.items():
        if sorted(seen) != list(range(1, len(seen) + 1)):
            problems.append(f"{prefix}: số thứ tự {sorted(seen)}")
        if counters.get(prefix) != len(seen):
            problems.append(f"{prefix}: bộ đếm {counters.get(prefix)}, có {len(seen)} hồ sơ")
    return problems


def whole_dossiers(media: Path, *, using: str) -> list[str]:
    """No half-written dossier: its version is the number of its transitions in the audit
    stream, each attachment's file is stored with its hash, a received dossier has its
    appointment and its steps."""
    problems = []
    events = Counter(
        AuditEvent.objects.using(using)
        .filter(stream_type="dossier")
        .exclude(kind__in=VERSIONLESS)
        .values_list("stream_id", flat=True)
    )
    steps = Counter(StepInstance.objects.using(using).values_list("dossier__code", flat=True))
    for d in Dossier.objects.using(using).all():
        if d.version != events[d.code]:
            problems.append(f"{d.code}: phiên bản {d.version}, {events[d.code]} sự kiện")
        if d.received_at is not None and (d.due_at is None or not steps[d.code]):
            problems.append(f"{d.code}: đã tiếp nhận mà thiếu hạn hoặc bước xử lý")
    for att in Attachment.objects.using(using).select_related("dossier"):
        problems += _stored(media, att.file.name, att.sha256, f"{att.dossier.code} tệp {att.pk}")
    return problems


def _stored(media: Path, name: str, sha256: str, label: str) -> list[str]:
    path = media / name
    if not path.is_file():
        return [f"{label}: không có tệp {name}"]
    if hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        return [f"{label}: tệp {name} sai mã băm"]
    return []


def audit_chain(*, using: str) -> list[str]:
    """gseq runs 1..n over all events, and each stream's seq runs 1..n."""
    problems = []
    rows = list(
        AuditEvent.objects.using(using).order_by("gseq").values_list("gseq", "stream_id", "seq")
    )
    if [g for g, _, _ in rows] != list(range(1, len(rows) + 1)):
        problems.append("gseq không liên tục")
    per_stream: dict[str, list[int]] = defaultdict(list)
    for _, stream, seq in rows:
        per_stream[stream].append(seq)
    problems += [
        f"luồng {stream}: seq {seqs}"
        for stream, seqs in per_stream.items()
        if sorted(seqs) != list(range(1, len(seqs) + 1))
    ]
    return problems


def slips(media: Path, *, using: str) -> list[str]:
    """Every received dossier has its receipt slip (form 01), stored with its hash."""
    problems = []
    receipts = defaultdict(list)
    for slip in Slip.objects.using(using).filter(kind="receipt").select_related("dossier"):
        receipts[slip.dossier.code].append(slip)
    for code in (
        Dossier.objects.using(using)
        .filter(received_at__isnull=False)
        .values_list("code", flat=True)
    ):
        if not receipts[code]:
            problems.append(f"{code}: chưa có giấy tiếp nhận")
        for slip in receipts[code]:
            problems += _stored(media, slip.file.name, slip.sha256, f"{code} phiếu {slip.pk}")
    return problems


def outbox(receivers: dict[str, FakeReceiver], *, using: str) -> list[str]:
    """Every message of a transported channel was sent and took effect exactly once at its
    receiver: the receiver holds one accepted first copy per row, and nothing else."""
    rows = list(OutboxMessage.objects.using(using).filter(channel__in=receivers))
    problems = [
        f"thư {m.pk} ({m.channel}): {m.status}" for m in rows if m.status != OutboxStatus.SENT
    ]
    for channel, receiver in receivers.items():
        expected = Counter(idempotency_key(m) for m in rows if m.channel == channel)
        first = Counter(r.headers.get("idempotency-key", "") for r in receiver.accepted())
        if first != expected:
            problems.append(f"{channel}: thiếu {expected - first}, thừa {first - expected}")
        if not expected:
            problems.append(f"{channel}: không có thư nào, kiểm thử không kiểm tra được gì")
    return problems


def portal_copy(portal: FakePortal, *, using: str) -> list[str]:
    """The national portal holds every dossier at its newest queued state, and each dossier's
    sync state says so (accepted = queued: it counts as synced for Decision 766 index 1.4)."""
    problems = []
    newest: dict[str, int] = {}
    for payload in (
        OutboxMessage.objects.using(using).filter(channel="dvcqg").values_list("payload", flat=True)
    ):
        newest[payload["code"]] = max(newest.get(payload["code"], 0), payload["version"])
    for code, version in newest.items():
        held = portal.dossiers.get(code, {}).get("PhienBan")
        if held != version:
            problems.append(f"{code}: cổng quốc gia giữ phiên bản {held}, mới nhất {version}")
    for sync in PortalSync.objects.using(using).select_related("dossier"):
        if not sync.accepted_version == sync.queued_version == newest.get(sync.dossier.code):
            problems.append(f"{sync}: chưa đồng bộ xong")
    return problems


def tasks(*, using: str) -> list[str]:
    """The queue is worked off: no task waits, runs or has failed."""
    left = DBTaskResult.objects.using(using).exclude(status=TaskResultStatus.SUCCESSFUL)
    return [f"{t.task_path} {t.status}: {t.traceback[-300:]}" for t in left]
