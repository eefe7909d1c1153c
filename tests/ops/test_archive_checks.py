"""check_archive refuses every kind of damaged archive before anything is restored, and
restore reports a row whose file is missing."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.core.backup import FORMAT, MANIFEST, MANIFEST_SUM, BackupError, check_archive
from motcua.dossiers.models import Attachment
from tests.dossiers.conftest import World, world  # noqa: F401 (fixture)
from tests.ops.test_restore_drill import _populate

DB = "database.sqlite3"


def _tar(path: Path, members: dict[str, bytes], manifest: dict[str, Any] | None) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if manifest is not None:
            body = json.dumps(manifest).encode()
            for name, data in ((MANIFEST, body), (MANIFEST_SUM, _sum(body).encode())):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


def _sum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(members: dict[str, bytes], **extra: Any) -> dict[str, Any]:
    listed = {n: {"size": len(d), "sha256": _sum(d)} for n, d in members.items()}
    return {"format": FORMAT, "engine": "sqlite", "members": listed, **extra}


@pytest.mark.parametrize(
    ("members", "listed", "message"),
    [
        ({DB: b"db"}, {DB: b"db", "files/a.pdf": b"a"}, "thiếu thành phần"),
        ({DB: b"db", "files/x": b"x"}, {DB: b"db"}, "thành phần lạ"),
        ({DB: b"db", "files/../../etc/x": b"x"}, {DB: b"db", "files/../../etc/x": b"x"}, "lạ"),
        ({DB: b"db", "other/x": b"x"}, {DB: b"db", "other/x": b"x"}, "thành phần lạ"),
    ],
    ids=["missing", "extra", "dot-dot", "outside-files"],
)
def test_refused_member_lists(
    tmp_path: Path, members: dict[str, bytes], listed: dict[str, bytes], message: str
) -> None:
    archive = _tar(tmp_path / "a.tar", members, _manifest(listed))
    with pytest.raises(BackupError, match=message):
        check_archive(archive, progress=lambda _: None)


def test_refused_without_a_manifest_or_with_a_foreign_one(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="thiếu bản kê"):
        check_archive(_tar(tmp_path / "a.tar", {DB: b"db"}, None), progress=lambda _: None)
    foreign = _tar(tmp_path / "b.tar", {DB: b"db"}, {"format": "other", "members": {}})
    with pytest.raises(BackupError, match="Không phải tệp sao lưu"):
        check_archive(foreign, progress=lambda _: None)
    (tmp_path / "c.tar").write_bytes(b"not a tar at all")
    with pytest.raises(BackupError, match="Không đọc được"):
        check_archive(tmp_path / "c.tar", progress=lambda _: None)


def test_a_damaged_manifest_is_refused(tmp_path: Path) -> None:
    archive = _tar(tmp_path / "a.tar", {DB: b"db"}, _manifest({DB: b"db"}))
    with tarfile.open(archive) as src, tarfile.open(tmp_path / "b.tar", "w") as dst:
        for info in src:
            data = src.extractfile(info).read()  # type: ignore[union-attr]
            data = data.replace(b"sqlite", b"sqlitX") if info.name == MANIFEST else data
            dst.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="sai mã băm"):
        check_archive(tmp_path / "b.tar", progress=lambda _: None)


@pytest.mark.django_db(transaction=True)
def test_restore_in_place_and_a_row_without_its_file(world: World, tmp_path: Path) -> None:  # noqa: F811
    _populate(world)
    call_command("backup", "--output", str(tmp_path / "ok"), stdout=io.StringIO())
    [whole] = (tmp_path / "ok").glob("*.tar")
    out = io.StringIO()
    call_command("restore", str(whole), "--yes", stdout=out)
    assert "Khôi phục đạt" in out.getvalue()

    lost = Attachment.objects.first()
    assert lost is not None
    lost.file.storage.delete(lost.file.name)  # a file gone before the backup
    call_command("backup", "--output", str(tmp_path / "lost"), stdout=io.StringIO())
    [partial] = (tmp_path / "lost").glob("*.tar")
    with pytest.raises(CommandError, match=r"dossiers.attachment.file: thiếu 1 tệp"):
        call_command("restore", str(partial), "--yes", stdout=io.StringIO())
