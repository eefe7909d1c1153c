"""`motcua backup`: one tar archive holding the database, the stored files and a manifest.

Contract:
- The database is dumped first (`backup_db.snapshot`, consistent), then the files are copied
  through the storage API (local folder or S3 alike). Files are written before the row that
  names them commits and are never changed in place (attachments, slips and results get a new
  random name each time), so every file the dump names already exists when the copy starts.
  The one exception: a draft's files are deleted after the commit that deletes its rows, so a
  draft in the dump may have lost a file by the time it is copied (restore reports it).
- Members: `database.pgdump` or `database.sqlite3`, `files/<storage name>` for each stored
  file outside the health probe's reserved prefix, `manifest.json` (format, time, engine, the
  snapshot's facts, the checkpoint file's signed export, and the size and SHA-256 of every other
  member), and last `manifest.sha256` (the manifest's own digest).
- `check_archive` reads the whole archive and refuses it (`BackupError`) when the manifest is
  damaged, a member is missing, extra, unsafe as a path, or differs from its recorded digest.
- The archive is written as `<name>.part` (mode 0600: it holds personal data) and renamed
  when complete: a name without `.part` is always a whole archive.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from motcua.core import audit_signing
from motcua.core.backup_db import ENGINES, BackupError, engine, snapshot

FORMAT = "motcua-backup/v1"
MANIFEST, MANIFEST_SUM, FILES = "manifest.json", "manifest.sha256", "files/"
RESERVED_PREFIX = "_motcua_health"  # the health check's probe files, never backed up
CHUNK = 1 << 20

Progress = Callable[[str], None]

__all__ = ["BackupError", "Manifest", "backup_create", "check_archive", "stored_names"]


class _Hashing:
    """A file-like reader that hashes what passes through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


def stored_names(storage: Storage | None = None, top: str = "") -> Iterator[str]:
    """Every file name in `storage` (recursively), the reserved prefix left out."""
    storage = storage or default_storage
    try:
        dirs, files = storage.listdir(top)
    except FileNotFoundError:  # a local folder not created yet: nothing stored
        return
    for name in sorted(files):
        yield f"{top}/{name}" if top else name
    for folder in sorted(dirs):
        if top or folder != RESERVED_PREFIX:
            yield from stored_names(storage, f"{top}/{folder}" if top else folder)


def _add(tar: tarfile.TarFile, name: str, raw: IO[bytes], size: int) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    reader = _Hashing(raw)
    tar.addfile(info, reader)  # type: ignore[arg-type,unused-ignore]  # reads `size` bytes
    if reader.size != size:
        raise BackupError(f"Tệp {name} thay đổi kích thước trong khi sao lưu.")
    return {"size": size, "sha256": reader.digest.hexdigest()}


def _add_files(tar: tarfile.TarFile, members: dict[str, Any], progress: Progress) -> None:
    names = list(stored_names())
    progress(f"Sao chép {len(names)} tệp đã lưu...")
    for i, name in enumerate(names, 1):
        with default_storage.open(name, "rb") as handle:
            members[FILES + name] = _add(tar, FILES + name, handle, default_storage.size(name))
        if i % 200 == 0 or i == len(names):
            progress(f"  {i}/{len(names)} tệp")


def _checkpoint_export() -> dict[str, Any] | None:
    path = audit_signing.checkpoint_file()
    return json.loads(path.read_text()) if path.is_file() else None


def backup_create(*, output_dir: Path | None = None, progress: Progress = print) -> Path:
    """Write one archive into `output_dir` (default var/backups) and return its path."""
    folder = Path(output_dir or Path(settings.VAR_DIR) / "backups")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"motcua-backup-{stamp}.tar"
    part = final.with_name(final.name + ".part")
    members: dict[str, Any] = {}
    kind = engine()
    # read before the snapshot: the file is written after its checkpoint commits, so the
    # checkpoint it names is in the dump
    anchor = _checkpoint_export()
    part.touch(mode=0o600)  # personal data: readable by the owner only
    try:
        with tempfile.TemporaryDirectory(dir=folder) as work, tarfile.open(part, "w") as tar:
            progress(f"Chụp cơ sở dữ liệu ({kind})...")
            with snapshot(Path(work)) as (dump, facts), dump.open("rb") as handle:
                members[dump.name] = _add(tar, dump.name, handle, dump.stat().st_size)
            progress(f"  {members[dump.name]['size']} byte, đầu chuỗi nhật ký #{_gseq(facts)}")
            _add_files(tar, members, progress)
            _add_manifest(tar, {**facts, "engine": kind, "checkpoint_file": anchor}, members)
    except BaseException:
        part.unlink(missing_ok=True)  # never leave half an archive behind
        raise
    part.rename(final)
    progress(f"Đã ghi {final}")
    return final


def _add_manifest(tar: tarfile.TarFile, facts: dict[str, Any], members: dict[str, Any]) -> None:
    manifest = {**facts, "format": FORMAT, "created_at": timezone.now().isoformat()}
    manifest["members"] = members
    body = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode()
    _add_bytes(tar, MANIFEST, body)
    _add_bytes(tar, MANIFEST_SUM, hashlib.sha256(body).hexdigest().encode())


def _gseq(facts: dict[str, Any]) -> int:
    return int((facts.get("audit_head") or {}).get("gseq", 0))


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    _add(tar, name, io.BytesIO(data), len(data))


# --- checking an archive -----------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    path: Path
    data: dict[str, Any]

    @property
    def engine(self) -> str:
        return str(self.data["engine"])

    @property
    def database_member(self) -> str:
        return ENGINES[self.engine]

    def file_names(self) -> list[str]:
        return sorted(m[len(FILES) :] for m in self.data["members"] if m.startswith(FILES))


def _safe(member: str) -> bool:
    path = PurePosixPath(member)
    if member in ENGINES.values():
        return True
    return (
        member.startswith(FILES)
        and not path.is_absolute()
        and ".." not in path.parts
        and len(path.parts) > 1
    )


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        body = _member_bytes(tar, MANIFEST)
        recorded = _member_bytes(tar, MANIFEST_SUM).decode().strip()
    except KeyError as exc:
        raise BackupError("Tệp sao lưu thiếu bản kê (manifest).") from exc
    if hashlib.sha256(body).hexdigest() != recorded:
        raise BackupError("Bản kê (manifest) của tệp sao lưu bị hỏng: sai mã băm.")
    data = json.loads(body)
    if data.get("format") != FORMAT or data.get("engine") not in ENGINES:
        raise BackupError(f"Không phải tệp sao lưu {FORMAT}.")
    return data  # type: ignore[no-any-return,unused-ignore]


def _member_bytes(tar: tarfile.TarFile, name: str) -> bytes:
    handle = tar.extractfile(tar.getmember(name))
    if handle is None:
        raise KeyError(name)
    return handle.read()


def check_archive(path: Path, progress: Progress = print) -> Manifest:
    """The archive's manifest, after every member was read and matched its digest."""
    try:
        with tarfile.open(path, "r:") as tar:
            data = _read_manifest(tar)
            _check_members(tar, data["members"])
    except (tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {path}: {exc}") from exc
    progress(f"Tệp sao lưu nguyên vẹn: {len(data['members'])} thành phần khớp mã băm.")
    return Manifest(path, data)


def _check_members(tar: tarfile.TarFile, expected: dict[str, Any]) -> None:
    seen = set()
    for info in tar:
        if info.name in (MANIFEST, MANIFEST_SUM):
            continue
        if info.name not in expected or not _safe(info.name) or not info.isfile():
            raise BackupError(f"Tệp sao lưu có thành phần lạ: {info.name}.")
        digest = hashlib.sha256()
        handle = tar.extractfile(info)
        assert handle is not None  # a regular file
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
        if digest.hexdigest() != expected[info.name]["sha256"]:
            raise BackupError(f"Thành phần {info.name} bị hỏng: sai mã băm SHA-256.")
        seen.add(info.name)
    if missing := sorted(set(expected) - seen):
        raise BackupError(f"Tệp sao lưu thiếu thành phần: {', '.join(missing[:5])}.")
