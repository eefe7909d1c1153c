"""`motcua restore ARCHIVE [--yes]`: restore a backup and verify it (exit 1 on any failure)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core.audit_signing import AuditKeyError
from motcua.core.backup import BackupError
from motcua.core.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục tệp sao lưu của `motcua backup` vào cơ sở dữ liệu và kho tệp đã cấu hình, rồi "
        "kiểm tra: số dòng, migration, tệp, và chuỗi nhật ký theo các điểm kiểm tra đã ký. Từ "
        "chối tệp hỏng (sai mã băm), khác loại cơ sở dữ liệu, hoặc nơi khôi phục đã có dữ liệu "
        "(trừ khi có --yes). Mã thoát 1 khi bất kỳ bước nào thất bại."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="Tệp .tar do `motcua backup` tạo.")
        parser.add_argument(
            "--yes", action="store_true", help="Đồng ý ghi đè nơi khôi phục đã có dữ liệu."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(
                archive=Path(options["archive"]),
                overwrite=options["yes"],
                progress=self.stdout.write,
            )
        except (BackupError, AuditKeyError) as exc:
            raise CommandError(f"Từ chối khôi phục: {exc}") from exc
        for warning in report.warnings:
            self.stdout.write(f"CẢNH BÁO: {warning}")
        if not report.ok:
            raise CommandError("Khôi phục KHÔNG đạt:\n" + "\n".join(report.problems))
        cp = report.manifest.data.get("checkpoint") or {}
        self.stdout.write(
            f"Khôi phục đạt: {report.events} sự kiện nhật ký khớp chuỗi và điểm kiểm tra đã ký "
            f"#{cp.get('gseq', '-')}; {len(report.manifest.file_names())} tệp."
        )
