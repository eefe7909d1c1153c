"""The restore drill: data with dossiers, attachments, audit events and a signed checkpoint →
`motcua backup` → a fresh database and folder → `motcua restore` in a real process → the
counts, file hashes and audit chain equal; a damaged or foreign archive changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from motcua.core import audit_signing
from motcua.core.backup import MANIFEST, MANIFEST_SUM, Manifest, check_archive, stored_names
from motcua.core.models import AuditEvent
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.services.attachments import attachment_add
from motcua.dossiers.services.reception import dossier_receive
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import World, applicant, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass
class Target:
    """A fresh database and media folder, and the environment of a process that uses them."""

    env: dict[str, str]
    media: Path
    checkpoint_file: Path

    def motcua(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "motcua", *args]
        return subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=120, check=False
        )


def _populate(w: World) -> None:
    """Two dossiers with files (one received), a signed checkpoint, then one more event."""
    codes = []
    for purpose in ("Đi học", "Xin việc"):
        dossier, _ = dossier_submit(
            actor=w.u("citizen"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": purpose},
        )
        codes.append(dossier.code)
        upload = SimpleUploadedFile("to-khai.pdf", PDF + purpose.encode(), "application/pdf")
        attachment_add(actor=w.u("citizen"), dossier=dossier, upload=upload)
    dossier_receive(actor=w.u("reception"), code=codes[0])
    audit_signing.checkpoint_create()
    late = SimpleUploadedFile("bo-sung.pdf", PDF + b"late", "application/pdf")
    attachment_add(actor=w.u("citizen"), dossier=Dossier.objects.get(code=codes[1]), upload=late)


@pytest.fixture
def archive(world: World, tmp_path: Path) -> Path:  # noqa: F811
    _populate(world)
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=io.StringIO())
    [path] = (tmp_path / "backups").glob("motcua-backup-*.tar")
    return path


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Target]:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        name = f"{db['NAME']}_drill"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    else:
        url = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    media = tmp_path / "target-media"
    checkpoint_file = tmp_path / "target-var" / "audit-checkpoint.json"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "DATABASE_URL": url,
        "MOTCUA_MEDIA_ROOT": str(media),
        "MOTCUA_VAR_DIR": str(tmp_path / "target-var"),
        "MOTCUA_AUDIT_KEY": settings.MOTCUA["AUDIT_KEY"],
        "MOTCUA_AUDIT_CHECKPOINT_FILE": str(checkpoint_file),
        "MOTCUA_AUDIT_KEY_FILE": "",
    }
    yield Target(env, media, checkpoint_file)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _same_snapshot(a: Manifest, b: Manifest) -> None:
    for key in ("engine", "migrations", "counts", "audit_head", "checkpoint"):
        assert a.data[key] == b.data[key], key
    files = {m: v["sha256"] for m, v in a.data["members"].items() if m.startswith("files/")}
    again = {m: v["sha256"] for m, v in b.data["members"].items() if m.startswith("files/")}
    assert files == again


def test_backup_records_the_snapshot(archive: Path) -> None:
    manifest = check_archive(archive, progress=lambda _: None)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert not list(archive.parent.glob("*.part"))
    attachments = Attachment.objects.all()
    names = sorted(str(a.file.name) for a in attachments)
    assert manifest.file_names() == sorted(stored_names())
    assert set(names) <= set(manifest.file_names())
    for att in attachments:
        assert manifest.data["members"][f"files/{att.file.name}"]["sha256"] == att.sha256
    assert manifest.data["counts"]["dossiers_dossier"] == 2
    assert manifest.data["audit_head"]["gseq"] == AuditEvent.objects.count()
    checkpoint = manifest.data["checkpoint"]
    assert checkpoint["gseq"] == manifest.data["checkpoint_file"]["seq"]
    assert checkpoint["gseq"] < manifest.data["audit_head"]["gseq"]  # one event after it


def test_restore_drill_into_a_fresh_database_and_folder(archive: Path, target: Target) -> None:
    restored = target.motcua("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "Khôi phục đạt" in restored.stdout
    source = check_archive(archive, progress=lambda _: None)
    for name, member in source.data["members"].items():
        if name.startswith("files/"):
            stored = target.media / name.removeprefix("files/")
            assert hashlib.sha256(stored.read_bytes()).hexdigest() == member["sha256"]
    # the restored system, backed up again, is the same snapshot
    again = target.motcua("backup", "--output", str(archive.parent / "again"))
    assert again.returncode == 0, again.stderr
    [second] = (archive.parent / "again").glob("*.tar")
    _same_snapshot(source, check_archive(second, progress=lambda _: None))
    verified = target.motcua("audit_verify")
    assert verified.returncode == 0, verified.stderr
    assert f"OK {source.data['audit_head']['gseq']} events" in verified.stdout
    # a second restore over the restored data needs --yes
    refused = target.motcua("restore", str(archive))
    assert refused.returncode != 0
    assert "--yes" in refused.stderr
    assert target.motcua("restore", str(archive), "--yes").returncode == 0


def test_restore_with_another_key_fails_the_audit_check(archive: Path, target: Target) -> None:
    target.env["MOTCUA_AUDIT_KEY"] = "A" * 43 + "="  # a valid key, not the one that signed
    restored = target.motcua("restore", str(archive))
    assert restored.returncode != 0
    assert "Nhật ký không toàn vẹn" in restored.stderr
    assert not target.checkpoint_file.exists()  # the anchor is set only after a pass


def _rewrite(archive: Path, change: Any) -> Path:
    """A copy of `archive` whose members pass through `change(name, data) -> data`."""
    out = archive.with_name("changed.tar")
    with tarfile.open(archive) as src, tarfile.open(out, "w") as dst:
        for info in src:
            handle = src.extractfile(info)
            data = change(info.name, handle.read() if handle else b"")
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    return out


def _state() -> tuple[int, int, list[str], list[bytes]]:
    names = list(stored_names())
    media = Path(settings.MEDIA_ROOT)
    return (
        Dossier.objects.count(),
        AuditEvent.objects.count(),
        names,
        [(media / n).read_bytes() for n in names],
    )


def _flip_file(name: str, data: bytes) -> bytes:
    return data[:-1] + b"X" if name.startswith("files/") and name.endswith(".pdf") else data


def _foreign_engine(name: str, data: bytes) -> bytes:
    if name == MANIFEST:
        manifest = json.loads(data)
        manifest["engine"] = "sqlite" if connection.vendor == "postgresql" else "postgresql"
        return json.dumps(manifest).encode()
    if name == MANIFEST_SUM:  # recomputed: the archive is whole, only its engine is foreign
        return b""
    return data


def _fix_sum(path: Path) -> Path:
    with tarfile.open(path) as tar:
        body = tar.extractfile(MANIFEST).read()  # type: ignore[union-attr]
    digest = hashlib.sha256(body).hexdigest().encode()
    return _rewrite(
        path.rename(path.with_name("foreign.tar")), lambda n, d: digest if n == MANIFEST_SUM else d
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [(_flip_file, "sai mã băm"), (_foreign_engine, "nơi khôi phục là")],
    ids=["damaged", "foreign-engine"],
)
def test_refused_archive_changes_nothing(archive: Path, change: Any, message: str) -> None:
    bad = _rewrite(archive, change)
    if change is _foreign_engine:
        bad = _fix_sum(bad)
    before = _state()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(bad), "--yes", stdout=io.StringIO())
    assert _state() == before


def test_target_with_data_needs_yes(archive: Path) -> None:
    before = _state()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert _state() == before


def test_a_missing_target_database_is_refused_in_words(archive: Path, target: Target) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite creates its file")
    target.env["DATABASE_URL"] = target.env["DATABASE_URL"] + "_absent"
    refused = target.motcua("restore", str(archive))
    assert refused.returncode != 0
    assert "createdb" in refused.stderr


def test_backup_while_events_are_appended_is_one_snapshot(
    archive: Path,
    target: Target,
    world: World,  # noqa: F811
) -> None:
    """PostgreSQL: a writer appends audit events throughout the backup; the dump and the
    manifest's facts still describe one instant, so the restore's checks all pass."""
    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite; the backup API copies in one step")
    import threading

    from django.db import close_old_connections, transaction

    from motcua.core import audit

    stop, appended = threading.Event(), []

    def write() -> None:
        while not stop.is_set():
            with transaction.atomic():
                appended.append(audit.append(stream_type="drill", stream_id="1", kind="tick"))
        close_old_connections()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        out = archive.parent / "during"
        call_command("backup", "--output", str(out), stdout=io.StringIO())
    finally:
        stop.set()
        writer.join(timeout=30)
    [taken] = out.glob("*.tar")
    manifest = check_archive(taken, progress=lambda _: None)
    assert AuditEvent.objects.count() > manifest.data["audit_head"]["gseq"]  # wrote after it
    assert manifest.data["counts"]["core_auditevent"] == manifest.data["audit_head"]["gseq"]
    restored = target.motcua("restore", str(taken))
    assert restored.returncode == 0, restored.stderr
    assert "Khôi phục đạt" in restored.stdout


def test_a_different_checkpoint_file_is_moved_aside(archive: Path, target: Target) -> None:
    target.checkpoint_file.parent.mkdir(parents=True)
    target.checkpoint_file.write_text('{"seq": 999, "note": "the replaced database"}')
    restored = target.motcua("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    [aside] = target.checkpoint_file.parent.glob("audit-checkpoint.json.before-restore-*")
    assert json.loads(aside.read_text())["seq"] == 999
    exported = check_archive(archive, progress=lambda _: None).data["checkpoint_file"]
    assert json.loads(target.checkpoint_file.read_text()) == exported
    assert target.motcua("audit_verify").returncode == 0
