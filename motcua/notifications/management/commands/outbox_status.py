"""`motcua outbox_status [--failed]`: pending, sent and failed messages by kind and channel.

Prints one line per (kind, channel), a total, the age of the oldest pending message and which
channels have no transport (their rows wait until it is configured). `--failed` lists each
failed row with its last error; recipients are shown masked. The exit code is 1 when any row
has failed (so a cron job or a monitor notices: the rows need `motcua outbox_retry --failed`
once the cause is fixed), 0 otherwise (docs/notifications.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.core.outbox import transports
from motcua.notifications.selectors import OutboxLine, failed_messages, outbox_summary

HEADER = f"{'loại':<32} {'kênh':<8} {'chờ gửi':>8} {'đã gửi':>8} {'thất bại':>8}"


def mask(recipient: str) -> str:
    """0901234567 → 090****567; an.nguyen@example.vn → a***@example.vn."""
    if "@" in recipient:
        name, domain = recipient.split("@", 1)
        return f"{name[:1]}***@{domain}"
    return recipient[:3] + "*" * max(len(recipient) - 6, 0) + recipient[-3:]


def age(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} giờ {minutes % 60} phút" if minutes >= 60 else f"{minutes} phút"


class Command(BaseCommand):
    help = "Số thư chờ gửi, đã gửi, thất bại theo loại và kênh (mã thoát 1 khi có thư thất bại)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--failed", action="store_true", help="Liệt kê các thư thất bại")

    def handle(self, *args: Any, **options: Any) -> None:
        lines = outbox_summary()
        self._table(lines)
        if options["failed"]:
            self._failed()
        failed = sum(line.failed for line in lines)
        if failed:
            raise CommandError(
                f"Có {failed} thư gửi thất bại; sau khi khắc phục, chạy: "
                "motcua outbox_retry --failed",
                returncode=1,
            )

    def _table(self, lines: list[OutboxLine]) -> None:
        self.stdout.write(HEADER)
        for line in lines:
            self.stdout.write(
                f"{line.kind:<32} {line.channel:<8} {line.pending:>8} {line.sent:>8} "
                f"{line.failed:>8}"
            )
        total = [sum(getattr(line, f) for line in lines) for f in ("pending", "sent", "failed")]
        self.stdout.write(f"{'tổng':<41} {total[0]:>8} {total[1]:>8} {total[2]:>8}")
        oldest = min((ln.oldest_pending for ln in lines if ln.oldest_pending), default=None)
        if oldest is not None:
            waited = (timezone.now() - oldest).total_seconds()
            self.stdout.write(f"Thư chờ lâu nhất: {age(waited)}")
        idle = sorted({ln.channel for ln in lines if ln.pending} - set(transports()))
        if idle:
            self.stdout.write(f"Kênh chưa cấu hình (thư chờ đến khi cấu hình): {', '.join(idle)}")

    def _failed(self) -> None:
        for m in failed_messages():
            local = timezone.localtime(m.created_at).strftime("%d/%m/%Y %H:%M")
            self.stdout.write(
                f"#{m.pk} {local} {m.kind} {m.channel} {mask(m.recipient)} "
                f"({m.subject_id}, {m.attempts} lần): {m.last_error}"
            )
