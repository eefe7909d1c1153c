"""`motcua demo_otp USERNAME`: the current second-factor code of a demo official (DEBUG only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.otp_demo import current_code


class Command(BaseCommand):
    help = (
        "In mã xác thực hai bước hiện tại của một tài khoản cán bộ mẫu (chỉ khi DEBUG bật; "
        "khóa bí mật mẫu được công bố trong accounts/otp_demo.py)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Lệnh demo_otp chỉ dùng cho bản trình diễn: hãy bật DEBUG=1. Trên hệ thống thật, "
                "mã xác thực chỉ có trong ứng dụng trên điện thoại của cán bộ."
            )
        username = options["username"]
        devices = TOTPDevice.objects.filter(user__username=username, confirmed=True)
        device = devices.order_by("pk").first()
        if device is None:
            raise CommandError(f"Tài khoản {username} không có thiết bị xác thực hai bước.")
        self.stdout.write(current_code(device))
