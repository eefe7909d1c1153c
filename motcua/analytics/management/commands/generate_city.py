"""`motcua generate_city --dossiers N [--year Y] [--seed S] [--reset]`: a generated city-year
for the analytics benchmark (docs/analytics.md, "Generated city"). Writes no audit events: run
`motcua rollups_rebuild` afterwards."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.analytics.generate import city, reset


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu mô phỏng một năm của thành phố (cơ quan, thủ tục, hồ sơ và các bản ghi đi "
        "kèm) để đo hiệu năng thống kê. Dữ liệu sinh ra có mã cơ quan bắt đầu bằng "
        "'999.'; --reset chỉ xoá dữ liệu đó."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dossiers", type=int, required=True, help="Số hồ sơ cần sinh.")
        parser.add_argument(
            "--year", type=int, default=None, help="Năm tiếp nhận (mặc định: năm trước)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (mặc định 1)."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Xoá dữ liệu đã sinh trước khi sinh lại."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["dossiers"]
        if n <= 0:
            raise CommandError(_("--dossiers phải là số dương."))
        year = options["year"] or timezone.localdate().year - 1
        last = [0]  # the 5% steps already reported

        def progress(done: int, total: int, seconds: float) -> None:
            step = done * 20 // total  # a line every 5%
            if step <= last[0]:
                return
            last[0] = step
            self.stdout.write(
                _("hồ sơ %(done)s / %(total)s (%(share)d%%) %(seconds).1f giây")
                % {"done": _n(done), "total": _n(total), "share": done * 100 // total,
                   "seconds": seconds}
            )  # fmt: skip

        try:
            with transaction.atomic():  # the reset is undone if the generation fails
                if options["reset"]:
                    removed = reset.reset()
                    self.stdout.write(
                        _("Đã xoá dữ liệu mô phỏng cũ: %(n)s dòng.") % {"n": _n(removed)}
                    )
                summary = city.generate(
                    dossiers=n, year=year, seed=options["seed"], progress=progress
                )
        except city.AlreadyGenerated as exc:
            raise CommandError(
                _(
                    "Cơ sở dữ liệu đã có dữ liệu mô phỏng (mã cơ quan bắt đầu bằng '999.'). "
                    "Không sinh thêm để tránh trùng lặp; chạy lại với --reset để xoá và sinh lại."
                )
            ) from exc
        rate = summary.rows / max(summary.seconds, 1e-6)
        self.stdout.write(
            _(
                "Đã sinh %(dossiers)s hồ sơ năm %(year)d (%(rows)s dòng) trong %(seconds).1f giây, "
                "%(rate)s dòng/giây. Chạy 'motcua rollups_rebuild' để tính số liệu tổng hợp."
            )
            % {"dossiers": _n(summary.dossiers), "year": year, "rows": _n(summary.rows),
               "seconds": summary.seconds, "rate": _n(rate)}
        )  # fmt: skip
