"""The audit chain (`motcua.core.audit`): appends, `verify()` and the `audit_verify` command."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from motcua.accounts.models import User
from motcua.core import audit
from motcua.core.models import AuditEvent, AuditStream

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 3, 1, 2, 3, 456789, tzinfo=UTC)


def run_command() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue().strip()


def append(stream_id: str, kind: str, n: int, **kwargs) -> AuditEvent:
    return audit.append(
        stream_type="dossier",
        stream_id=stream_id,
        kind=kind,
        payload={"n": n, **kwargs},
        occurred_at=T0 + timedelta(minutes=n),
    )


@pytest.fixture
def chains() -> dict[str, list[AuditEvent]]:
    """Three streams: A with 4 events, B with 2, C with 1 (appends interleaved)."""
    with transaction.atomic():
        a1 = append("A", "submitted", 1)
        b1 = append("B", "submitted", 2)
        a2 = append("A", "received", 3, note="Đã nhận hồ sơ")
        a3 = append("A", "step_completed", 4)
        c1 = append("C", "submitted", 5)
        b2 = append("B", "received", 6)
        a4 = append("A", "returned", 7)
    return {"A": [a1, a2, a3, a4], "B": [b1, b2], "C": [c1]}


# --- Appending ----------------------------------------------------------------------------------


def test_append_builds_one_chain_per_stream(chains):
    for stream_id, events in chains.items():
        stored = audit.stream_events("dossier", stream_id)
        assert [e.pk for e in stored] == [e.pk for e in events]
        assert [e.seq for e in stored] == list(range(1, len(events) + 1))
        assert stored[0].prev_hash == audit.GENESIS
        for prev, ev in pairwise(stored):
            assert ev.prev_hash == prev.hash
        head = AuditStream.objects.get(stream_type="dossier", stream_id=stream_id)
        assert head.last_seq == len(events)
        assert head.last_hash == stored[-1].hash
    assert len({e.hash for events in chains.values() for e in events}) == 7


def test_append_hash_matches_the_documented_formula(chains):
    ev = chains["A"][1]
    assert ev.hash == audit.event_hash(
        prev_hash=chains["A"][0].hash,
        stream_type="dossier",
        stream_id="A",
        seq=2,
        kind="received",
        actor_id=None,
        actor_label="hệ thống",
        occurred_at=T0 + timedelta(minutes=3),
        payload={"n": 3, "note": "Đã nhận hồ sơ"},
    )


def test_append_records_the_actor():
    user = User.objects.create_user(username="canbo1", password="x")
    with transaction.atomic():
        ev = audit.append(stream_type="dossier", stream_id=42, kind="received", actor=user)
    assert ev.actor_id == user.pk
    assert ev.actor_label == str(user)
    assert ev.stream_id == "42"
    assert audit.verify().ok


def test_append_defaults():
    with transaction.atomic():
        ev = audit.append(stream_type="procedure", stream_id="p1", kind="published")
    ev.refresh_from_db()
    assert ev.payload == {}
    assert ev.actor_id is None
    assert ev.actor_label == "hệ thống"
    assert ev.occurred_at.tzinfo is not None


def test_payload_with_non_json_types_still_verifies():
    payload = {
        "amount": Decimal("150000.50"),
        "on": date(2025, 9, 2),
        "at": datetime(2025, 9, 2, 8, 30, tzinfo=UTC),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "nested": {"z": [1, Decimal("2.5"), None, True], "a": "Hồ Chí Minh"},
        "big": 2**62,
    }
    with transaction.atomic():
        ev = audit.append(stream_type="dossier", stream_id="X", kind="fee", payload=payload)
    ev.refresh_from_db()
    assert ev.payload["amount"] == "150000.50"
    assert audit.verify().ok
    assert run_command() == "OK 1 events"


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_raises():
    with pytest.raises(RuntimeError, match=r"transaction\.atomic"):
        audit.append(stream_type="dossier", stream_id="A", kind="submitted")
    assert not AuditEvent.objects.exists()


# --- Verifying an intact chain ------------------------------------------------------------------


def test_verify_empty():
    result = audit.verify()
    assert result.ok
    assert result.events == 0
    assert run_command() == "OK 0 events"


def test_verify_ok(chains):
    result = audit.verify()
    assert result.ok
    assert result.broken is None
    assert result.events == 7
    assert run_command() == "OK 7 events"


def test_verify_reads_in_chunks(chains, monkeypatch):
    original = audit._iter_streams
    monkeypatch.setattr(audit, "_iter_streams", lambda chunk=2000: original(chunk=2))
    assert audit.verify().ok
    assert audit.verify().events == 7


# --- Tampering ----------------------------------------------------------------------------------


def only(ev: AuditEvent):
    return AuditEvent.objects.filter(pk=ev.pk)


def edit_payload(c):
    only(c["A"][1]).update(payload={"n": 3, "note": "Đã trả hồ sơ"})


def edit_payload_key_order_only(c):
    only(c["A"][1]).update(payload={"note": "Đã nhận hồ sơ", "n": 3})


def edit_kind(c):
    only(c["A"][2]).update(kind="rejected")


def edit_occurred_at(c):
    only(c["B"][0]).update(occurred_at=c["B"][0].occurred_at + timedelta(microseconds=1))


def edit_actor_label(c):
    only(c["A"][0]).update(actor_label="Nguyễn Văn A")


def edit_actor(c):
    user = User.objects.create_user(username="giamao", password="x")
    only(c["A"][0]).update(actor=user)


def edit_stream_id(c):
    # move the last event of B to a new stream D
    only(c["B"][1]).update(stream_id="D")


def edit_hash_and_next_link(c):
    # recompute the edited event's hash and fix the next event's link: the next event's own
    # hash covers its prev_hash, so it breaks there
    ev = c["A"][1]
    forged = audit.event_hash(
        prev_hash=ev.prev_hash,
        stream_type="dossier",
        stream_id="A",
        seq=2,
        kind="received",
        actor_id=None,
        actor_label=ev.actor_label,
        occurred_at=ev.occurred_at,
        payload={"n": 3, "note": "sửa"},
    )
    only(ev).update(payload={"n": 3, "note": "sửa"}, hash=forged)
    only(c["A"][2]).update(prev_hash=forged)


def edit_last_event_fully(c):
    # re-hash the newest event consistently: only the head still knows the true hash
    ev = c["A"][3]
    forged = audit.event_hash(
        prev_hash=ev.prev_hash,
        stream_type="dossier",
        stream_id="A",
        seq=4,
        kind="rejected",
        actor_id=None,
        actor_label=ev.actor_label,
        occurred_at=ev.occurred_at,
        payload={},
    )
    only(ev).update(kind="rejected", payload={}, hash=forged)


def delete_middle(c):
    c["A"][1].delete()


def delete_first(c):
    c["A"][0].delete()


def delete_last(c):
    c["A"][3].delete()


def delete_last_of_single_event_stream(c):
    c["C"][0].delete()


def delete_whole_stream(c):
    AuditEvent.objects.filter(stream_type="dossier", stream_id="B").delete()


def delete_head(c):
    AuditStream.objects.filter(stream_type="dossier", stream_id="B").delete()


def swap_seq(c):
    first, second = c["A"][1], c["A"][2]
    only(first).update(seq=1000)  # out of the way of the unique (stream, seq) constraint
    only(second).update(seq=2)
    only(first).update(seq=3)


def swap_seq_and_links(c):
    # reorder and also swap the prev_hash values so the first link still looks right
    first, second = c["A"][1], c["A"][2]
    only(first).update(seq=1000)
    only(second).update(seq=2, prev_hash=first.prev_hash)
    only(first).update(seq=3, prev_hash=second.prev_hash)


def renumber_after_delete(c):
    # delete event 2 and renumber 3, 4 down to 2, 3 and lower the head
    c["A"][1].delete()
    only(c["A"][2]).update(seq=2)
    only(c["A"][3]).update(seq=3)
    AuditStream.objects.filter(stream_id="A").update(last_seq=3)


def insert_forged_at_end(c):
    last = c["A"][3]
    at = last.occurred_at + timedelta(minutes=1)
    AuditEvent.objects.create(
        stream_type="dossier",
        stream_id="A",
        seq=5,
        kind="approved",
        actor_label="hệ thống",
        occurred_at=at,
        payload={},
        prev_hash=last.hash,
        hash=audit.event_hash(
            prev_hash=last.hash,
            stream_type="dossier",
            stream_id="A",
            seq=5,
            kind="approved",
            actor_id=None,
            actor_label="hệ thống",
            occurred_at=at,
            payload={},
        ),
    )


def insert_forged_in_middle(c):
    # make room by shifting 2..4 up (highest first), then put a forged event at seq 2
    for ev in reversed(c["A"][1:]):
        only(ev).update(seq=ev.seq + 1)
    first = c["A"][0]
    at = first.occurred_at + timedelta(seconds=1)
    AuditEvent.objects.create(
        stream_type="dossier",
        stream_id="A",
        seq=2,
        kind="approved",
        actor_label="hệ thống",
        occurred_at=at,
        payload={},
        prev_hash=first.hash,
        hash=audit.event_hash(
            prev_hash=first.hash,
            stream_type="dossier",
            stream_id="A",
            seq=2,
            kind="approved",
            actor_id=None,
            actor_label="hệ thống",
            occurred_at=at,
            payload={},
        ),
    )


def insert_forged_new_stream(c):
    at = T0
    AuditEvent.objects.create(
        stream_type="dossier",
        stream_id="Z",
        seq=1,
        kind="submitted",
        actor_label="hệ thống",
        occurred_at=at,
        payload={},
        prev_hash=audit.GENESIS,
        hash=audit.event_hash(
            prev_hash=audit.GENESIS,
            stream_type="dossier",
            stream_id="Z",
            seq=1,
            kind="submitted",
            actor_id=None,
            actor_label="hệ thống",
            occurred_at=at,
            payload={},
        ),
    )


def insert_copy_of_event(c):
    # replay event 1 of B as B's third event
    ev = c["B"][0]
    AuditEvent.objects.create(
        stream_type=ev.stream_type,
        stream_id=ev.stream_id,
        seq=3,
        kind=ev.kind,
        actor_label=ev.actor_label,
        occurred_at=ev.occurred_at,
        payload=ev.payload,
        prev_hash=ev.prev_hash,
        hash=ev.hash,
    )


TAMPERS: list[tuple[Callable[[dict], None], str, int]] = [
    # (tamper, stream reported, seq reported)
    (edit_payload, "dossier:A", 2),
    (edit_kind, "dossier:A", 3),
    (edit_occurred_at, "dossier:B", 1),
    (edit_actor_label, "dossier:A", 1),
    (edit_actor, "dossier:A", 1),
    (edit_stream_id, "dossier:B", 2),
    (edit_hash_and_next_link, "dossier:A", 3),
    (edit_last_event_fully, "dossier:A", 5),
    (delete_middle, "dossier:A", 2),
    (delete_first, "dossier:A", 1),
    (delete_last, "dossier:A", 4),
    (delete_last_of_single_event_stream, "dossier:C", 1),
    (delete_whole_stream, "dossier:B", 1),
    (delete_head, "dossier:B", 1),
    (swap_seq, "dossier:A", 2),
    (swap_seq_and_links, "dossier:A", 2),
    (renumber_after_delete, "dossier:A", 2),
    (insert_forged_at_end, "dossier:A", 6),
    (insert_forged_in_middle, "dossier:A", 3),
    (insert_forged_new_stream, "dossier:Z", 1),
    (insert_copy_of_event, "dossier:B", 3),
]


@pytest.mark.parametrize(("tamper", "stream", "seq"), TAMPERS, ids=[t[0].__name__ for t in TAMPERS])
def test_tampering_is_detected(chains, tamper, stream, seq):
    # given an intact chain
    assert audit.verify().ok
    # when someone changes the table behind the service layer
    tamper(chains)
    # then verify() and the command both report the first broken event
    result = audit.verify()
    assert not result.ok
    assert result.broken is not None
    assert (result.broken.stream, result.broken.seq) == (stream, seq), result.broken
    assert result.broken.reason
    with pytest.raises(CommandError, match=rf"BROKEN stream {stream} event #{seq}\b"):
        run_command()


def test_tampering_reports_a_reason_in_vietnamese(chains):
    edit_payload(chains)
    assert audit.verify().broken.reason == "nội dung sự kiện đã bị sửa"
    with pytest.raises(CommandError, match="nội dung sự kiện đã bị sửa"):
        run_command()


def test_key_order_of_a_payload_is_not_tampering(chains):
    edit_payload_key_order_only(chains)
    assert audit.verify().ok


def test_command_exits_non_zero_when_broken(chains, capsys):
    delete_middle(chains)
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["manage.py", "audit_verify"])
    assert info.value.code != 0
    assert "BROKEN stream dossier:A event #2" in capsys.readouterr().err


def test_appending_after_verify_keeps_the_chain_valid(chains):
    with transaction.atomic():
        append("A", "archived", 8)
        append("D", "submitted", 9)
    assert audit.verify().ok
    assert run_command() == "OK 9 events"


# --- Concurrency (PostgreSQL row locks) ---------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_to_one_stream_serialise():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    writers, per_writer = 6, 5
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            barrier.wait()
            for j in range(per_writer):
                with transaction.atomic():
                    audit.append(
                        stream_type="dossier",
                        stream_id="hot",
                        kind="note",
                        payload={"writer": i, "j": j},
                    )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = list(
        AuditEvent.objects.filter(stream_id="hot").order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, writers * per_writer + 1))
    assert audit.verify().ok


@pytest.mark.parametrize(
    "value",
    [0, -7, 2**70, Decimal("0.1"), Decimal("1e16"), "\u00e9", "e\u0301", "a\u2028b", "", [], {}],
)
def test_payload_values_round_trip_through_the_database(value):
    with transaction.atomic():
        audit.append(stream_type="dossier", stream_id="F", kind="note", payload={"v": value})
    assert audit.verify().ok, audit.verify().broken


# PostgreSQL's jsonb rewrites some floats (1e16 comes back as 10000000000000000, -0.0 as 0.0),
# which would break the hash of an untouched event; so payloads refuse floats and nothing is
# written.
@pytest.mark.parametrize("value", [1e16, 1.5e300, -0.0, 0.1, float("nan")])
def test_payload_floats_are_refused_and_nothing_is_written(value):
    with pytest.raises((TypeError, ValueError)), transaction.atomic():
        audit.append(stream_type="dossier", stream_id="F", kind="note", payload={"v": value})
    assert not AuditEvent.objects.filter(stream_id="F").exists()
    assert audit.verify().ok
