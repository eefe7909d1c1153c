"""`motcua national_portal_report --agency CODE --period 2026-03|2026-Q1|2026`: Decision 766
index 1.4 (dossiers synced to DVCQG) of an agency and the agencies below it."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.selectors import agency_get_by_code
from motcua.national_portal.presenters import report_data, report_lines
from motcua.national_portal.rules import parse_period
from motcua.national_portal.selectors import sync_report


class Command(BaseCommand):
    help = (
        "Chỉ số 1.4 (Quyết định 766/QĐ-TTg): hồ sơ tiếp nhận trong kỳ đã đồng bộ lên Cổng Dịch "
        "vụ công quốc gia, của một cơ quan và các cơ quan trực thuộc."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--agency", required=True, help="Mã cơ quan (mã định danh).")
        parser.add_argument("--period", required=True, help="Kỳ: YYYY-MM, YYYY-Qn hoặc YYYY.")
        parser.add_argument(
            "--dvcqg-count",
            type=int,
            help="Số hồ sơ của kỳ theo Cổng Dịch vụ công quốc gia, nếu có (mẫu số lấy số lớn hơn).",
        )
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        agency = agency_get_by_code(options["agency"])
        if agency is None:
            raise CommandError(f"Không tìm thấy cơ quan {options['agency']}.")
        report = sync_report(agency=agency, period=period, portal_count=options["dvcqg_count"])
        if options["json"]:
            self.stdout.write(json.dumps(report_data(report), ensure_ascii=False))
            return
        for line in report_lines(report):
            self.stdout.write(line)
