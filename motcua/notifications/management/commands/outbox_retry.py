"""`motcua outbox_retry --failed [--channel C] [--kind K]`: queue failed messages again.

Runs `notifications.services.outbox_retry_failed` (one audit event); the rows go out on the
next delivery round with a fresh count of attempts (docs/notifications.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.notifications.services import outbox_retry_failed


class Command(BaseCommand):
    help = "Đưa các thư gửi thất bại trở lại hàng đợi (ghi nhật ký)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--failed", action="store_true", help="Các thư thất bại (bắt buộc)")
        parser.add_argument("--channel", action="append", default=[], help="Chỉ kênh này")
        parser.add_argument("--kind", action="append", default=[], help="Chỉ loại thư này")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["failed"]:
            raise CommandError("Chỉ thư thất bại được gửi lại: thêm --failed.")
        count = outbox_retry_failed(channels=options["channel"], kinds=options["kind"])
        self.stdout.write(f"Đã đưa {count} thư trở lại hàng đợi.")
