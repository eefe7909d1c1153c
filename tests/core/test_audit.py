"""The audit chain (`motcua.core.audit`, `audit_signing`): appends, the global chain, signed
checkpoints, `verify()` and the `audit_verify` / `audit_checkpoint` commands."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from itertools import pairwise
from typing import Any

import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from motcua.accounts.models import User
from motcua.core import audit, audit_signing
from motcua.core.errors import Conflict
from motcua.core.models import AuditCheckpoint, AuditEvent, AuditHead

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 3, 1, 2, 3, 456789, tzinfo=UTC)
NOW = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)


def raw_key(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.private_bytes_raw()).decode()


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path) -> Ed25519PrivateKey:
    """Each test signs with its own key, never one found under var/."""
    key = Ed25519PrivateKey.generate()
    settings.MOTCUA = {
        **settings.MOTCUA,
        "AUDIT_KEY": raw_key(key),
        "AUDIT_KEY_FILE": str(tmp_path / "none.pem"),
    }
    return key


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("audit_verify", *args, stdout=out)
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
    """Three streams interleaved in one chain: #1 A1, #2 B1, #3 A2, #4 A3, #5 C1, #6 B2, #7 A4;
    a checkpoint signs #7."""
    with transaction.atomic():
        a1 = append("A", "submitted", 1)
        b1 = append("B", "submitted", 2)
        a2 = append("A", "received", 3, note="Đã nhận hồ sơ")
        a3 = append("A", "step_completed", 4)
        c1 = append("C", "submitted", 5)
        b2 = append("B", "received", 6)
        a4 = append("A", "returned", 7)
    with time_machine.travel(NOW, tick=False):
        assert audit_signing.checkpoint_create() is not None
    return {"A": [a1, a2, a3, a4], "B": [b1, b2], "C": [c1], "all": [a1, b1, a2, a3, c1, b2, a4]}


# --- Appending ----------------------------------------------------------------------------------


def test_append_builds_one_global_chain_and_per_stream_numbers(chains):
    stored = list(AuditEvent.objects.order_by("gseq"))
    assert [e.pk for e in stored] == [e.pk for e in chains["all"]]
    assert [e.gseq for e in stored] == list(range(1, 8))
    assert stored[0].prev_hash == audit.GENESIS
    for prev, ev in pairwise(stored):
        assert ev.prev_hash == prev.hash
    for stream_id in "ABC":
        events = audit.stream_events("dossier", stream_id)
        assert [e.pk for e in events] == [e.pk for e in chains[stream_id]]
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
    head = AuditHead.objects.get(pk=1)
    assert (head.last_gseq, head.last_hash) == (7, stored[-1].hash)
    assert len({e.hash for e in stored}) == 7


def test_append_hash_matches_the_documented_formula(chains):
    ev = chains["A"][1]
    assert ev.hash == audit.event_hash(
        prev_hash=chains["B"][0].hash,
        gseq=3,
        stream_type="dossier",
        stream_id="A",
        seq=2,
        kind="received",
        actor_id=None,
        actor_label="hệ thống",
        occurred_at=T0 + timedelta(minutes=3),
        payload={"n": 3, "note": "Đã nhận hồ sơ"},
    )


def test_append_costs_a_few_queries(django_assert_max_num_queries):
    with transaction.atomic():
        append("A", "submitted", 1)
        # head lock, the stream's last number, the insert, the head update
        with django_assert_max_num_queries(4):
            append("A", "received", 2)


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
    audit_signing.checkpoint_create()
    assert run_command().startswith("OK 1 events")


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


def test_verify_ok_names_the_checkpoint_and_the_unsigned_tail(chains):
    with transaction.atomic():
        append("D", "submitted", 8)
    result = audit_signing.verify_signed(audit_signing.configured_public())
    assert result.ok
    assert (result.events, result.checkpoint.gseq, result.after_checkpoint) == (8, 7, 1)
    out = run_command()
    assert out.splitlines()[0] == "OK 8 events"
    assert "Điểm kiểm tra đã ký mới nhất: #7 lúc 2026-12-01 21:00:00 UTC" in out
    assert "1 sự kiện sau điểm kiểm tra này chỉ được bảo vệ bởi chuỗi mã băm" in out


def test_verify_without_any_checkpoint_fails():
    with transaction.atomic():
        append("A", "submitted", 1)
    with pytest.raises(CommandError, match=r"^\[audit_no_checkpoint\] .*audit_checkpoint"):
        run_command()


class AppendWhen:
    """A real append by the same connection just before the first query of verify that reads
    `table` (the head, or the events): what a live system does during a long walk."""

    def __init__(self, table: str) -> None:
        self.table, self.done = table, False

    def __call__(self, execute, sql, params, many, context):
        if not self.done and f'FROM "{self.table}"' in sql and "FOR UPDATE" not in sql:
            self.done = True
            append("D", "submitted", 99)
        return execute(sql, params, many, context)


@pytest.mark.parametrize(
    ("table", "events"), [("core_audithead", 8), ("core_auditevent", 7)], ids=["head", "walk"]
)
def test_an_append_during_verify_is_not_a_break(chains, table, events):
    hook = AppendWhen(table)
    with connection.execute_wrapper(hook):
        result = audit.verify(list(AuditCheckpoint.objects.all()), chunk_size=2)
    assert hook.done
    assert result.ok, result.broken
    assert result.events == events  # the events up to the head read first
    assert audit.verify(list(AuditCheckpoint.objects.all())).events == 8


def test_verify_streams_in_chunks(chains):
    result = audit.verify(list(AuditCheckpoint.objects.all()), chunk_size=2)
    assert result.ok
    assert result.events == 7


# --- Tampering ----------------------------------------------------------------------------------


def only(ev: AuditEvent):
    return AuditEvent.objects.filter(pk=ev.pk)


def forge(ev: AuditEvent, prev_hash: str, **changes) -> dict:
    """The fields of `ev` with `changes`, linked after `prev_hash`, with a recomputed hash."""
    fields = {
        "gseq": ev.gseq,
        "stream_type": ev.stream_type,
        "stream_id": ev.stream_id,
        "seq": ev.seq,
        "kind": ev.kind,
        "actor_id": ev.actor_id,
        "actor_label": ev.actor_label,
        "occurred_at": ev.occurred_at,
        "payload": ev.payload,
        **changes,
    }
    return {
        **fields,
        "prev_hash": prev_hash,
        "hash": audit.event_hash(prev_hash=prev_hash, **fields),
    }


def rehash_from(gseq: int) -> None:
    """What a database writer who knows the formula does: recompute every hash from `gseq` on
    and move the head (no key is needed for this)."""
    prev = AuditEvent.objects.filter(gseq=gseq - 1).values_list("hash", flat=True).first()
    prev = prev or audit.GENESIS
    for ev in AuditEvent.objects.filter(gseq__gte=gseq).order_by("gseq"):
        forged = forge(ev, prev)
        only(ev).update(prev_hash=prev, hash=forged["hash"])
        prev = forged["hash"]
    last = AuditEvent.objects.order_by("-gseq").first()
    AuditHead.objects.filter(pk=1).update(
        last_gseq=last.gseq if last else 0, last_hash=prev if last else ""
    )


def renumber() -> None:
    """Close the gaps in `gseq` after a deletion (highest last so unique never clashes)."""
    for n, ev in enumerate(AuditEvent.objects.order_by("gseq"), start=1):
        only(ev).update(gseq=n)


def edit_payload(c):
    only(c["A"][1]).update(payload={"n": 3, "note": "Đã trả hồ sơ"})


def edit_kind(c):
    only(c["A"][2]).update(kind="rejected")


def edit_occurred_at(c):
    only(c["B"][0]).update(occurred_at=c["B"][0].occurred_at + timedelta(microseconds=1))


def edit_actor(c):
    user = User.objects.create_user(username="giamao", password="x")
    only(c["A"][0]).update(actor=user, actor_label="Nguyễn Văn A")


def edit_stream_id(c):
    only(c["B"][1]).update(stream_id="D")


def edit_hash_and_next_link(c):
    ev = c["A"][1]
    forged = forge(ev, ev.prev_hash, payload={"n": 3, "note": "sửa"})
    only(ev).update(payload=forged["payload"], hash=forged["hash"])
    only(c["A"][2]).update(prev_hash=forged["hash"])


def rewrite_last_with_recomputed_hash(c):
    ev = c["A"][3]
    forged = forge(ev, ev.prev_hash, kind="rejected", payload={})
    only(ev).update(kind="rejected", payload={}, hash=forged["hash"])
    AuditHead.objects.filter(pk=1).update(last_hash=forged["hash"])


def rewrite_all_with_recomputed_hashes(c):
    only(c["A"][1]).update(payload={"n": 3, "note": "Đã trả hồ sơ"})
    rehash_from(1)


def rewrite_after_deleting_an_event(c):
    # delete #3, renumber, recompute, then append a forged event so the count is 7 again
    c["A"][1].delete()
    renumber()
    rehash_from(1)
    last = AuditEvent.objects.order_by("-gseq").first()
    extra = forge(last, last.hash, gseq=7, stream_id="E", seq=1, kind="note", payload={})
    AuditEvent.objects.create(**extra)
    AuditHead.objects.filter(pk=1).update(last_gseq=7, last_hash=extra["hash"])


def delete_middle(c):
    c["A"][1].delete()


def delete_first(c):
    c["A"][0].delete()


def delete_last(c):
    c["A"][3].delete()


def delete_last_and_move_head_back(c):
    c["A"][3].delete()
    AuditHead.objects.filter(pk=1).update(last_gseq=6, last_hash=c["B"][1].hash)


def delete_whole_stream(c):
    AuditEvent.objects.filter(stream_type="dossier", stream_id="B").delete()


def delete_whole_stream_and_relink(c):
    AuditEvent.objects.filter(stream_type="dossier", stream_id="B").delete()
    renumber()
    rehash_from(1)


def delete_head(c):
    AuditHead.objects.all().delete()
    c["A"][3].delete()


def reorder_two_events(c):
    first, second = c["A"][1], c["A"][2]
    only(first).update(gseq=1000)  # out of the way of the unique constraint
    only(second).update(gseq=3)
    only(first).update(gseq=4)


def reorder_and_swap_links(c):
    first, second = c["A"][1], c["A"][2]
    only(first).update(gseq=1000)
    only(second).update(gseq=3, prev_hash=first.prev_hash)
    only(first).update(gseq=4, prev_hash=second.prev_hash)


def renumber_after_delete(c):
    c["A"][1].delete()
    renumber()
    AuditHead.objects.filter(pk=1).update(last_gseq=6)


def insert_in_middle(c):
    for ev in reversed(c["all"][2:]):
        only(ev).update(gseq=ev.gseq + 1)
    first = c["B"][0]
    forged = forge(first, first.hash, gseq=3, stream_id="Z", seq=1, kind="approved", payload={})
    AuditEvent.objects.create(**forged)


def insert_copy_of_event(c):
    ev = c["B"][0]
    AuditEvent.objects.create(**{**forge(ev, ev.prev_hash), "gseq": 8, "seq": 3, "hash": ev.hash})


def insert_at_end_without_moving_head(c):
    last = c["A"][3]
    AuditEvent.objects.create(**forge(last, last.hash, gseq=8, seq=5, kind="approved"))


TAMPERS: list[tuple[Callable[[dict], None], int, str]] = [
    # (tamper, first bad global number reported, code)
    (edit_payload, 3, "audit_edited"),
    (edit_kind, 4, "audit_edited"),
    (edit_occurred_at, 2, "audit_edited"),
    (edit_actor, 1, "audit_edited"),
    (edit_stream_id, 6, "audit_edited"),
    (edit_hash_and_next_link, 4, "audit_edited"),
    (rewrite_last_with_recomputed_hash, 7, "audit_rewritten"),
    (rewrite_all_with_recomputed_hashes, 7, "audit_rewritten"),
    (rewrite_after_deleting_an_event, 7, "audit_rewritten"),
    (delete_middle, 3, "audit_missing"),
    (delete_first, 1, "audit_missing"),
    (delete_last, 7, "audit_missing"),
    (delete_last_and_move_head_back, 7, "audit_missing"),
    (delete_whole_stream, 2, "audit_missing"),
    (delete_whole_stream_and_relink, 6, "audit_missing"),
    (delete_head, 7, "audit_missing"),
    (reorder_two_events, 3, "audit_link"),
    (reorder_and_swap_links, 3, "audit_edited"),
    (renumber_after_delete, 3, "audit_link"),
    (insert_in_middle, 4, "audit_link"),
    (insert_copy_of_event, 8, "audit_head"),  # beyond the head: the walk stops there
    (insert_at_end_without_moving_head, 8, "audit_head"),
]


@pytest.mark.parametrize(("tamper", "gseq", "code"), TAMPERS, ids=[t[0].__name__ for t in TAMPERS])
def test_tampering_is_detected(chains, tamper, gseq, code):
    # given an intact, signed chain
    assert run_command().startswith("OK 7 events")
    # when someone changes the tables behind the service layer
    tamper(chains)
    # then verify and the command both report the first bad event with its code
    result = audit_signing.verify_signed(audit_signing.configured_public())
    assert not result.ok
    assert (result.broken.gseq, result.broken.code) == (gseq, code), result.broken
    assert result.broken.reason
    with pytest.raises(CommandError, match=rf"^BROKEN event #{gseq}\b.*\[{code}\]"):
        run_command()


def test_the_report_names_the_event_and_says_why_in_vietnamese(chains):
    edit_payload(chains)
    ev = chains["A"][1]
    with pytest.raises(CommandError) as info:
        run_command()
    assert str(info.value) == (
        f"BROKEN event #3 (dossier:A #2, id={ev.pk}) [audit_edited]: nội dung sự kiện đã bị sửa"
    )


def test_key_order_of_a_payload_is_not_tampering(chains):
    only(chains["A"][1]).update(payload={"note": "Đã nhận hồ sơ", "n": 3})
    assert run_command().startswith("OK 7 events")


def test_command_exits_with_code_1_when_broken(chains, capsys):
    delete_middle(chains)
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["manage.py", "audit_verify"])
    assert info.value.code == 1
    assert "BROKEN event #3 (dossier:A #3" in capsys.readouterr().err  # #3 is gone: A3 is there


def test_appending_after_verify_keeps_the_chain_valid(chains):
    with transaction.atomic():
        append("A", "archived", 8)
        append("D", "submitted", 9)
    assert run_command().startswith("OK 9 events")


# --- Checkpoints and keys -----------------------------------------------------------------------


def test_a_forged_checkpoint_is_refused(chains):
    # the writer rewrites the chain and edits the checkpoint's hash to match: the signature fails
    rewrite_all_with_recomputed_hashes(chains)
    AuditCheckpoint.objects.update(head_hash=AuditHead.objects.get().last_hash)
    with pytest.raises(CommandError, match=r"BROKEN event #7 \[audit_signature\]"):
        run_command()


def test_a_checkpoint_signed_with_another_key_is_refused(chains, settings, signing_key, tmp_path):
    rewrite_all_with_recomputed_hashes(chains)
    AuditCheckpoint.objects.all().delete()
    own = Ed25519PrivateKey.generate()
    real = settings.MOTCUA
    forger = {"AUDIT_KEY": raw_key(own), "AUDIT_CHECKPOINT_FILE": str(tmp_path / "forger.json")}
    settings.MOTCUA = {**settings.MOTCUA, **forger}
    audit_signing.checkpoint_create()  # signed with the forger's key, elsewhere
    settings.MOTCUA = real
    with pytest.raises(CommandError, match=r"\[audit_signature\]"):
        run_command()


def test_export_verifies_with_the_public_key_alone(chains, tmp_path, signing_key):
    path = tmp_path / "checkpoint.json"
    out = StringIO()
    call_command("audit_checkpoint", "--export", str(path), stdout=out)
    assert "Không có sự kiện mới; điểm kiểm tra mới nhất vẫn là #7." in out.getvalue()
    data = json.loads(path.read_text())
    assert {k: data[k] for k in ("seq", "hash", "time")} == {
        "seq": 7,
        "hash": chains["A"][3].hash,
        "time": "2026-12-01T21:00:00.000000+00:00",
    }
    # what a citizen does with the published file: no database, no Django
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(data["public_key"]))
    expected = f"motcua-audit-checkpoint:v1:{data['seq']}:{data['hash']}:{data['time']}:"
    assert data["message"] == expected + data["key_id"]
    public.verify(bytes.fromhex(data["signature"]), data["message"].encode())
    assert public.public_bytes_raw() == signing_key.public_key().public_bytes_raw()


def test_a_published_checkpoint_catches_a_rewrite_after_its_row_was_deleted(chains, tmp_path):
    path = tmp_path / "published.json"
    call_command("audit_checkpoint", "--export", str(path), stdout=StringIO())
    rewrite_all_with_recomputed_hashes(chains)
    AuditCheckpoint.objects.all().delete()
    audit_signing.checkpoint_file().unlink()  # the copy on this machine is gone too
    with pytest.raises(CommandError, match=r"\[audit_no_checkpoint\]"):
        run_command()  # the database alone cannot tell what was signed
    with pytest.raises(CommandError, match=r"BROKEN event #7 .*\[audit_rewritten\]"):
        run_command("--checkpoint", str(path))


def test_checkpoint_writes_its_export_to_the_checkpoint_file(chains, signing_key):
    path = audit_signing.checkpoint_file()
    data = json.loads(path.read_text())
    cp = AuditCheckpoint.objects.get()
    assert data == audit_signing.export(cp, signing_key.public_key())
    assert not list(path.parent.glob("*.tmp"))
    with transaction.atomic():
        append("D", "submitted", 8)
    audit_signing.checkpoint_create()
    assert json.loads(path.read_text())["seq"] == 8


def test_checkpoint_file_setting_defaults_next_to_the_key(settings):
    settings.MOTCUA = {**settings.MOTCUA, "AUDIT_CHECKPOINT_FILE": ""}
    assert audit_signing.checkpoint_file() == settings.VAR_DIR / "audit-checkpoint.json"


def sign_eight_and_nine() -> None:
    with transaction.atomic():
        append("D", "submitted", 8)
    audit_signing.checkpoint_create()
    with transaction.atomic():
        append("D", "received", 9)
    audit_signing.checkpoint_create()


def delete_newest_checkpoint_and_tail() -> None:
    """The attack of the review: back to the checkpoint #7, as if #8 and #9 never happened."""
    AuditCheckpoint.objects.filter(gseq__gt=7).delete()
    AuditEvent.objects.filter(gseq__gt=7).delete()
    AuditHead.objects.filter(pk=1).update(
        last_gseq=7, last_hash=AuditEvent.objects.get(gseq=7).hash
    )


def test_verify_catches_a_deleted_newest_checkpoint_and_tail(chains):
    sign_eight_and_nine()
    delete_newest_checkpoint_and_tail()
    with pytest.raises(CommandError, match=r"\[audit_missing\]"):
        run_command()  # the checkpoint file still says #9


def test_verify_catches_a_deleted_checkpoint_row(chains):
    sign_eight_and_nine()
    AuditCheckpoint.objects.filter(gseq=9).delete()
    with pytest.raises(CommandError, match=r"^\[audit_checkpoint_missing\] .*#9"):
        run_command()
    AuditCheckpoint.objects.all().delete()
    with pytest.raises(CommandError, match=r"^\[audit_checkpoint_missing\] .*#9"):
        run_command()


def test_verify_catches_a_rewrite_with_every_checkpoint_row_deleted(chains):
    rewrite_all_with_recomputed_hashes(chains)
    AuditCheckpoint.objects.all().delete()
    with pytest.raises(CommandError, match=r"BROKEN event #7 .*\[audit_rewritten\]"):
        run_command()


def test_verify_with_an_explicit_checkpoint_file(chains, tmp_path):
    moved = tmp_path / "copied-off-machine.json"
    audit_signing.checkpoint_file().rename(moved)
    AuditCheckpoint.objects.all().delete()
    with pytest.raises(CommandError, match=r"\[audit_no_checkpoint\]"):
        run_command()
    with pytest.raises(CommandError, match=r"\[audit_checkpoint_missing\]"):
        run_command("--checkpoint-file", str(moved))


def test_checkpoint_refuses_a_previous_row_with_a_bad_signature(chains):
    # the writer rewrites the chain and sets the newest row's hash to match, unsigned
    rewrite_all_with_recomputed_hashes(chains)
    AuditCheckpoint.objects.update(head_hash=AuditHead.objects.get().last_hash)
    with transaction.atomic():
        append("D", "submitted", 8)
    with pytest.raises(Conflict, match=r"chữ ký") as info:
        audit_signing.checkpoint_create()
    assert info.value.code == "audit_broken"
    assert AuditCheckpoint.objects.count() == 1


def test_checkpoint_refuses_to_sign_after_the_newest_checkpoint_and_tail_were_deleted(chains):
    sign_eight_and_nine()
    delete_newest_checkpoint_and_tail()
    with transaction.atomic():
        append("D", "forged", 8)
    with pytest.raises(Conflict, match=r"#9") as info:
        audit_signing.checkpoint_create()
    assert info.value.code == "audit_broken"
    assert AuditCheckpoint.objects.count() == 1


def test_checkpoint_refuses_to_sign_when_the_row_the_file_names_is_gone(chains):
    sign_eight_and_nine()
    AuditCheckpoint.objects.filter(gseq=9).delete()
    with transaction.atomic():
        append("D", "submitted", 10)
    with pytest.raises(Conflict, match=r"#9") as info:
        audit_signing.checkpoint_create()
    assert info.value.code == "audit_broken"
    assert AuditCheckpoint.objects.count() == 2


def test_checkpoint_refuses_to_sign_a_rewrite_after_every_checkpoint_was_deleted(chains):
    rewrite_all_with_recomputed_hashes(chains)
    AuditCheckpoint.objects.all().delete()
    with transaction.atomic():
        append("D", "submitted", 8)
    with pytest.raises(Conflict, match=r"#7") as info:
        audit_signing.checkpoint_create()
    assert info.value.code == "audit_broken"
    assert not AuditCheckpoint.objects.exists()
    with pytest.raises(CommandError, match=r"\[audit_broken\]"):
        call_command("audit_checkpoint", stdout=StringIO())


def test_first_checkpoint_of_an_existing_database_writes_the_file(chains, signing_key):
    # a deployment from before the checkpoint file: rows, no file; the next run writes it
    audit_signing.checkpoint_file().unlink()
    assert audit_signing.checkpoint_create() is None
    assert json.loads(audit_signing.checkpoint_file().read_text())["seq"] == 7


def test_verify_with_a_public_key_only(chains, settings, tmp_path, signing_key):
    public = base64.b64encode(signing_key.public_key().public_bytes_raw()).decode()
    settings.MOTCUA = {**settings.MOTCUA, "AUDIT_KEY": ""}
    with pytest.raises(CommandError, match=r"\[audit_key_missing\]"):
        run_command()
    assert run_command("--public-key", public).startswith("OK 7 events")


def test_checkpoint_is_skipped_without_new_events_and_refused_on_a_broken_chain(chains):
    assert audit_signing.checkpoint_create() is None
    with transaction.atomic():
        append("D", "submitted", 8)
    edit_payload(chains)  # before #7: the last checkpoint covers it, a new one checks from #7
    cp = audit_signing.checkpoint_create()
    assert cp.gseq == 8
    only(AuditEvent.objects.get(gseq=8)).update(kind="x")
    with transaction.atomic():
        append("D", "received", 9)
    with pytest.raises(Exception, match=r"audit_edited"):
        audit_signing.checkpoint_create()
    assert AuditCheckpoint.objects.count() == 2


def test_checkpoint_command_without_a_key_fails_clearly(settings, tmp_path):
    settings.MOTCUA = {**settings.MOTCUA, "AUDIT_KEY": ""}
    with pytest.raises(CommandError, match=r"\[audit_key_missing\] Chưa cấu hình khóa ký"):
        call_command("audit_checkpoint", stdout=StringIO())


def test_key_file_is_read_and_generated_once(settings, tmp_path):
    path = tmp_path / "k" / "audit-key.pem"
    assert audit_signing.generate_key_file(path) is True
    assert audit_signing.generate_key_file(path) is False
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    settings.MOTCUA = {**settings.MOTCUA, "AUDIT_KEY": "", "AUDIT_KEY_FILE": str(path)}
    with transaction.atomic():
        append("A", "submitted", 1)
    call_command("audit_checkpoint", stdout=StringIO())
    assert "Điểm kiểm tra đã ký mới nhất: #1" in run_command()


def test_the_periodic_job_writes_a_checkpoint(chains):
    from motcua.core.jobs import JOBS
    from motcua.core.models import JobRun
    from motcua.core.tasks import audit_checkpoint

    assert any(j.task == "motcua.core.tasks.audit_checkpoint" for j in JOBS)
    with transaction.atomic():
        append("D", "submitted", 8)
    audit_checkpoint.call()
    assert AuditCheckpoint.objects.order_by("-gseq").first().gseq == 8
    assert JobRun.objects.get(name="audit_checkpoint").last_ok


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
        AuditEvent.objects.filter(stream_id="hot").order_by("gseq").values_list("seq", flat=True)
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


# --- Existing data --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_links_existing_events_into_the_global_chain():
    from django.db.migrations.executor import MigrationExecutor

    before = [("core", "0002_throttle")]
    after = [("core", "0005_audit_gseq_unique")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("core", "AuditEvent")
    rows = [("B", 1, 2), ("A", 1, 1), ("A", 2, 3)]  # (stream, seq, minute), in insertion order
    for stream_id, seq, minute in rows:
        old.objects.create(
            stream_type="dossier",
            stream_id=stream_id,
            seq=seq,
            kind="k",
            actor_label="hệ thống",
            occurred_at=T0 + timedelta(minutes=minute),
            payload={"m": minute},
            prev_hash="x",
            hash="y",
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    linked = list(AuditEvent.objects.order_by("gseq"))
    assert [(e.gseq, e.stream_id, e.seq) for e in linked] == [(1, "B", 1), (2, "A", 1), (3, "A", 2)]
    assert audit.verify().ok
    with transaction.atomic():
        assert append("A", "next", 9).gseq == 4
    assert audit_signing.checkpoint_create().gseq == 4
    assert run_command().startswith("OK 4 events")


@pytest.mark.django_db
def test_a_new_stream_starts_at_one_without_reading_it_and_a_false_promise_fails(
    django_assert_num_queries: Callable[..., Any],
) -> None:
    from django.db import IntegrityError

    with transaction.atomic():
        audit.append(stream_type="t", stream_id="warm", kind="k")  # the head row exists
    with transaction.atomic(), django_assert_num_queries(3):  # head, insert, head
        first = audit.append(stream_type="t", stream_id="new", kind="k", new_stream=True)
    assert first.seq == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        audit.append(stream_type="t", stream_id="new", kind="k", new_stream=True)
    assert audit.stream_events("t", "new") == [first]
    assert audit.verify().ok
