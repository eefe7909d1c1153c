"""`motcua rollups_rebuild`: compute every dossier's facts and the rollups from scratch, with a
progress bar. Readers keep the old figures until it commits; the result equals what the
incremental updates keep (docs/analytics.md)."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from motcua.analytics.rollups import can_read_ahead, rebuild
from motcua.core import audit

BAR = 30
STAGES = {
    "days": "%(s)s giây: ghi bảng theo cơ quan × thủ tục × ngày…",
    "coarser": "%(s)s giây: tính các bảng theo cơ quan và theo tháng…",
    "commit": "%(s)s giây: lưu (commit)…",
}


class Command(BaseCommand):
    help = (
        "Tính lại từ đầu số liệu tổng hợp (rollup) của mọi hồ sơ: theo cơ quan × thủ tục × ngày. "
        "Trong lúc tính, các trang thống kê vẫn đọc số liệu cũ; kết quả trùng với số liệu được "
        "cập nhật dần theo sự kiện."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--batch", type=int, default=20000, help="Số mã hồ sơ mỗi lượt đọc (mặc định 20000)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] <= 0:
            self.stderr.write("--batch phải là số dương.")
            sys.exit(2)
        started = time.monotonic()
        tty = self.stdout.isatty()
        last = [-1]

        def progress(done: int, total: int) -> None:
            share = done / total if total else 1.0
            step = int(share * 20)  # a line every 5% when not on a terminal
            if not tty and step == last[0]:
                return
            last[0] = step
            rate = done / max(time.monotonic() - started, 1e-6)
            bar = "#" * int(share * BAR)
            line = (
                f"[{bar:<{BAR}}] {share:4.0%} {done:,}/{total:,} hồ sơ, {rate:,.0f} hồ sơ/giây"
            ).replace(",", ".")
            self.stdout.write(("\r" + line) if tty else line, ending="" if tty else "\n")
            self.stdout.flush()

        def stage(name: str) -> None:
            if tty and name == "days":
                self.stdout.write("")  # below the progress bar
            self.stdout.write(STAGES[name] % {"s": f"{time.monotonic() - started:.1f}"})

        ahead = can_read_ahead()  # asked before the transaction below opens
        with transaction.atomic():
            count = rebuild(step=options["batch"], progress=progress, read_ahead=ahead, stage=stage)
            stage("commit")
            audit.append(
                stream_type="analytics",
                stream_id="rollups",
                kind="analytics.rollups_rebuilt",
                actor=None,
                payload={"dossiers": count},
            )
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Đã tính lại số liệu tổng hợp của {count:,} hồ sơ trong {seconds:.1f} giây.".replace(
                ",", "."
            )
        )
