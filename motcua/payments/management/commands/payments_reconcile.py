"""`motcua payments_reconcile --date YYYY-MM-DD [--agency CODE] [--file F] [--out F]`: the
day's reconciliation report (XLSX) against the provider's settlement file (fetched from the
provider unless --file names a saved one). Prints the four counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.models import Agency
from motcua.payments import reconcile


class Command(BaseCommand):
    help = "Đối soát thanh toán trong ngày với file đối soát của cổng thanh toán (XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, help="YYYY-MM-DD (ngày theo giờ Việt Nam)")
        parser.add_argument("--agency", default="", help="mã cơ quan (mặc định: tất cả)")
        parser.add_argument("--file", default="", help="file đối soát CSV đã tải về")
        parser.add_argument("--out", default="", help="nơi ghi file XLSX")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            day = date.fromisoformat(opts["date"])
        except ValueError as exc:
            raise CommandError("--date phải có dạng YYYY-MM-DD.") from exc
        agency = None
        if opts["agency"]:
            agency = Agency.objects.filter(code=opts["agency"]).first()
            if agency is None:
                raise CommandError(f"Không có cơ quan {opts['agency']}.")
        text = (
            Path(opts["file"]).read_text("utf-8")
            if opts["file"]
            else reconcile.fetch_settlement(day)
        )
        try:
            rows = reconcile.parse_settlement(text)
        except ValueError as exc:
            raise CommandError(f"File đối soát không hợp lệ: {exc}") from exc
        report = reconcile.reconcile(day=day, rows=rows, agency=agency)
        name = f"doi-soat-{day:%Y%m%d}-{opts['agency'] or 'tat-ca'}.xlsx"
        out = Path(opts["out"] or Path(settings.BASE_DIR) / "var" / "reconciliation" / name)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(reconcile.report_xlsx(report))
        counts = report.counts
        self.stdout.write(
            f"{out}: matched={counts['matched']} amount_mismatch={counts['amount_mismatch']} "
            f"missing_ours={counts['missing_ours']} missing_theirs={counts['missing_theirs']}"
        )
