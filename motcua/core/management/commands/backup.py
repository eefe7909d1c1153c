"""`motcua backup [--output DIR]`: one archive of the database and the stored files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump -Fc nhất quán; SQLite: API sao lưu) rồi các "
        "tệp đã lưu, vào một tệp tar có bản kê (SHA-256 từng thành phần, migration, đầu chuỗi "
        "nhật ký, điểm kiểm tra đã ký). In đường dẫn tệp sao lưu ở dòng cuối. Xem "
        "docs/operations.md."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output", metavar="DIR", help="Thư mục ghi tệp sao lưu (mặc định var/backups)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"]) if options["output"] else None
        try:
            backup_create(output_dir=output, progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
