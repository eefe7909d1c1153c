"""`motcua national_portal_resync --agency CODE --period 2026-03 --actor USERNAME [--all]`:
queue again, for DVCQG, the dossiers received in the period that the portal has not accepted
(through `portal_resync`: an agency or city administrator, one audit event)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.national_portal.rules import parse_period
from motcua.national_portal.services import portal_resync


class Command(BaseCommand):
    help = (
        "Gửi lại lên Cổng Dịch vụ công quốc gia các hồ sơ tiếp nhận trong kỳ mà Cổng chưa nhận "
        "trạng thái mới nhất (--all: mọi hồ sơ của kỳ). Người thực hiện phải là quản trị cơ quan "
        "hoặc quản trị thành phố; thao tác được ghi nhật ký."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--agency", required=True, help="Mã cơ quan (mã định danh).")
        parser.add_argument("--period", required=True, help="Kỳ: YYYY-MM, YYYY-Qn hoặc YYYY.")
        parser.add_argument("--actor", required=True, help="Tên đăng nhập của người thực hiện.")
        parser.add_argument("--all", action="store_true", help="Gửi lại mọi hồ sơ của kỳ.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        actor = User.objects.filter(username=options["actor"], is_active=True).first()
        if actor is None:
            raise CommandError(f"Không tìm thấy người dùng {options['actor']}.")
        try:
            count = portal_resync(
                actor=actor,
                agency_code=options["agency"],
                period=period,
                everything=options["all"],
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã xếp hàng gửi lại {count} hồ sơ của kỳ {period.label}.")
