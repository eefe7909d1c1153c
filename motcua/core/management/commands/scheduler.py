"""Embedded scheduler: enqueues each periodic job of the registry when it is due, and on every
round makes tasks abandoned by a killed worker run again (motcua.core.task_recovery)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

from motcua.core.jobs import JOBS
from motcua.core.task_recovery import recover_abandoned


class Command(BaseCommand):
    help = "Chạy lịch công việc định kỳ (quét hạn xử lý...) bằng cách đưa vào hàng đợi tác vụ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Đưa mọi việc vào hàng đợi một lần rồi thoát."
        )

    def handle(self, *args: object, **options: object) -> None:
        next_at = {job.name: 0.0 for job in JOBS}
        while True:
            recover_abandoned()
            for job in JOBS:
                if time.monotonic() >= next_at[job.name]:
                    import_string(job.task).enqueue()
                    next_at[job.name] = time.monotonic() + job.every_seconds
                    self.stdout.write(f"đã đưa vào hàng đợi: {job.name}")
            if options["once"]:
                return
            time.sleep(5)
