"""`motcua restore ARCHIVE`: put a backup back, then prove it is the data that was saved.

Contract:
- Nothing is changed before the archive has been read whole and every member matched its
  SHA-256 (`backup.check_archive`), the archive's engine is the configured one, a public key
  exists to check the audit checkpoints, and the target is empty or `overwrite` was given
  (a target with any row in a table of this project, or any stored file, has data).
- Then the database is replaced (all or nothing on PostgreSQL) and the files are written back
  through the storage API under their own names.
- Then it checks, and reports every failure as a problem: the migration state, the row counts
  and the audit head equal the manifest's; every file a row names is stored (a draft's file is
  only a warning, see `backup`); the audit chain verifies against every signed checkpoint in
  the database and the archive's copy of the checkpoint file (`audit_signing.verify_signed`),
  with the configured key.
- When all checks pass, the checkpoint file is set to the archive's: a different one (left by
  the database that was replaced, naming events the backup never had) is moved aside, not
  deleted, and the report says so; `audit_checkpoint` can then sign the restored chain.
"""

from __future__ import annotations

import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, models
from django.utils import timezone

from motcua.core import audit_signing
from motcua.core.backup import FILES, BackupError, Manifest, Progress, check_archive, stored_names
from motcua.core.backup_db import engine, has_data, read_facts, restore_database
from motcua.core.models import AuditCheckpoint

TRANSIENT_FILES = {"dossiers.draftfile"}  # deleted after their rows' commit (see backup)


@dataclass
class RestoreReport:
    manifest: Manifest
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def backup_restore(*, archive: Path, overwrite: bool, progress: Progress = print) -> RestoreReport:
    """Restore `archive` into the configured database and storage; see the module contract."""
    manifest = check_archive(archive, progress)
    public = _refuse_early(manifest, overwrite=overwrite)
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:") as tar:
        progress(f"Khôi phục cơ sở dữ liệu ({manifest.engine})...")
        dump = Path(work) / manifest.database_member
        tar.extract(manifest.database_member, work, filter="data")
        restore_database(dump)
        _restore_files(tar, manifest, progress)
    report = RestoreReport(manifest)
    progress("Kiểm tra sau khôi phục...")
    _check_facts(report)
    _check_files(report)
    _check_audit(report, public)
    if report.ok:
        _set_checkpoint_file(manifest, progress)
    return report


def _refuse_early(manifest: Manifest, *, overwrite: bool) -> Any:
    if manifest.engine != engine():
        raise BackupError(
            f"Tệp sao lưu của cơ sở dữ liệu {manifest.engine}, nơi khôi phục là {engine()}."
        )
    public = audit_signing.configured_public()
    head = manifest.data.get("audit_head") or {}
    if public is None and (manifest.data.get("checkpoint") or head.get("gseq")):
        raise BackupError(
            "Không có khóa kiểm tra điểm kiểm tra nhật ký (MOTCUA_AUDIT_KEY hoặc "
            "MOTCUA_AUDIT_KEY_FILE): không thể xác minh bản khôi phục."
        )
    if not overwrite and (has_data() or next(stored_names(), None) is not None):
        raise BackupError(
            "Nơi khôi phục đã có dữ liệu (cơ sở dữ liệu hoặc tệp). Thêm --yes để ghi đè."
        )
    return public


def _restore_files(tar: tarfile.TarFile, manifest: Manifest, progress: Progress) -> None:
    names = manifest.file_names()
    progress(f"Khôi phục {len(names)} tệp...")
    for i, name in enumerate(names, 1):
        handle = tar.extractfile(FILES + name)
        assert handle is not None  # check_archive saw a regular file
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"Kho tệp lưu {name} dưới tên khác ({saved}).")
        if i % 200 == 0 or i == len(names):
            progress(f"  {i}/{len(names)} tệp")


def _check_facts(report: RestoreReport) -> None:
    with connection.cursor() as cursor:
        facts = read_facts(cursor)
    saved = report.manifest.data
    if facts["migrations"] != saved["migrations"]:
        report.problems.append("Trạng thái migration khác bản sao lưu.")
    for table, count in saved["counts"].items():
        if facts["counts"].get(table) != count:
            got = facts["counts"].get(table)
            report.problems.append(f"Bảng {table}: {got} dòng, bản sao lưu có {count}.")
    if facts["audit_head"] != saved["audit_head"]:
        report.problems.append("Đầu chuỗi nhật ký khác bản sao lưu.")


def _file_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, f.attname)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]


def _check_files(report: RestoreReport) -> None:
    restored = set(report.manifest.file_names())
    for model, attname in _file_fields():
        names = model._default_manager.exclude(**{attname: ""}).values_list(attname, flat=True)
        missing = [n for n in names if n and n not in restored and not default_storage.exists(n)]
        if not missing:
            continue
        label = model._meta.label_lower
        text = f"{label}.{attname}: thiếu {len(missing)} tệp (ví dụ {missing[0]})"
        (report.warnings if label in TRANSIENT_FILES else report.problems).append(text)


def _archive_checkpoint(manifest: Manifest) -> AuditCheckpoint | None:
    exported = manifest.data.get("checkpoint_file")
    return audit_signing.from_export(exported)[0] if exported else None


def _check_audit(report: RestoreReport, public: Any) -> None:
    anchor = _archive_checkpoint(report.manifest)
    result = audit_signing.verify_signed(public, [anchor] if anchor else [])
    report.events = result.events
    if not result.ok:
        assert result.broken is not None
        report.problems.append(f"Nhật ký không toàn vẹn: {result.broken.message()}")
    elif result.events and result.checkpoint is None:
        report.problems.append("Nhật ký có sự kiện nhưng không có điểm kiểm tra đã ký nào.")


def _set_checkpoint_file(manifest: Manifest, progress: Progress) -> None:
    """Make the checkpoint file the archive's copy. A different file (it names a checkpoint of
    the database that was replaced) is moved aside, never deleted: it is an audit anchor."""
    exported = manifest.data.get("checkpoint_file")
    path = audit_signing.checkpoint_file()
    if path.is_file() and (exported is None or json.loads(path.read_text()) != exported):
        aside = path.with_name(f"{path.name}.before-restore-{timezone.now():%Y%m%dT%H%M%SZ}")
        path.rename(aside)
        progress(
            f"Tệp điểm kiểm tra cũ khác bản sao lưu (nó ghi điểm kiểm tra của cơ sở dữ liệu vừa "
            f"bị thay; sự kiện sau lúc sao lưu không có trong bản này): đã chuyển sang {aside}."
        )
    if exported:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(exported, indent=2, ensure_ascii=False))
