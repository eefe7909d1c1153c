"""`motcua calendar_show YEAR [--agency CODE]`: every day off and worked weekend day of a year,
with where it comes from (docs/calendar.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core import calendar, calendar_sources
from motcua.core.calendar_rules import CalendarRangeError, Sessions


def _hours(sessions: Sessions) -> str:
    return ", ".join(f"{s // 3600:02d}:{s % 3600 // 60:02d}–{e // 3600:02d}:{e % 3600 // 60:02d}"
                     for s, e in sessions)  # fmt: skip


class Command(BaseCommand):
    help = (
        "In các ngày nghỉ và ngày cuối tuần làm việc của một năm, kèm nguồn: quy tắc của thư "
        "viện holidays, thông báo nghỉ lễ, điều chỉnh lịch (bảng CalendarOverride)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--agency", help="Mã cơ quan (mặc định: lịch chung của thành phố)")

    def handle(self, *args: Any, **options: Any) -> None:
        from motcua.accounts.models import Agency

        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"].strip()).first()
            if agency is None:
                raise CommandError(f"Không có cơ quan mã {options['agency']}.")
        try:
            days = calendar_sources.calendar_sources(options["year"], agency=agency)
        except CalendarRangeError as exc:
            raise CommandError(str(exc)) from exc
        self._header(options["year"], agency)
        for entry in days:
            state = f"làm việc {_hours(entry.sessions)}" if entry.working else "nghỉ"
            weekday = calendar_sources.WEEKDAYS_VI[entry.day.weekday()]
            self.stdout.write(f"{entry.day:%d/%m/%Y} {weekday:<8} {state}")
            for source in entry.sources or ("(không có nguồn ghi nhận)",):
                self.stdout.write(f"    ← {source}")
        self.stdout.write(
            "Đổi một ngày: thêm 'điều chỉnh lịch làm việc' trong trang quản trị, ghi số văn "
            "bản (docs/calendar.md)."
        )

    def _header(self, year: int, agency: Any) -> None:
        where = f"{agency.code} {agency.name}" if agency else "lịch chung của thành phố"
        saturday = getattr(agency, "saturday_hours", None)
        week = "Thứ Hai – Thứ Sáu" + (
            f"; Thứ Bảy {', '.join('–'.join(s) for s in saturday)}" if saturday else ""
        )
        self.stdout.write(f"Lịch làm việc {year}: {where}")
        self.stdout.write(f"Tuần làm việc: {week} (ngày cuối tuần thường không liệt kê)")
        self.stdout.write(f"Phiên bản lịch: {calendar.calendar_version(agency)}")
