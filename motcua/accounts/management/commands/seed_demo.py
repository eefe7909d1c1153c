"""`motcua seed_demo`: load the Ho Chi Minh City demo data (docs/demo-data.md). Idempotent."""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.catalog.demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu TP. Hồ Chí Minh: cơ quan, lĩnh vực, thủ tục hành chính, người dùng và "
        "quy trình nội bộ. Chạy lại không tạo thêm gì (mật khẩu mẫu: motcua-demo)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-processes",
            action="store_true",
            help="Không tạo quy trình nội bộ mẫu cho các thủ tục.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    "Cảnh báo: dữ liệu mẫu tạo tài khoản quản trị với mật khẩu công khai; không "
                    "dùng trên hệ thống thật."
                )
            )
        seed_demo(echo=lambda line: self.stdout.write(line))
        self._second_factor()
        self._audit_key()
        self._signing_pki()
        if not options["no_processes"]:
            self._processes()
        self._consultations()
        self._ratings()
        self._feedback()
        self._rollups()
        self._audit_checkpoint()
        self.stdout.write(
            self.style.SUCCESS(f"Xong dữ liệu mẫu sau {time.monotonic() - started:.1f} giây.")
        )

    def _second_factor(self) -> None:
        """Every demo official gets an authenticator device with a fixed, public secret and
        recovery codes (accounts/otp_demo.py); `motcua demo_otp USERNAME` prints the code."""
        from motcua.accounts.otp_demo import demo_devices_ensure
        from motcua.catalog.demo.users import OFFICIALS

        created = demo_devices_ensure([spec["username"] for spec in OFFICIALS])
        self.stdout.write("Xác thực hai bước của cán bộ mẫu...")
        self.stdout.write(f"  {created} tạo mới" if created else "  không đổi")

    def _audit_key(self) -> None:
        """The demo signs audit checkpoints with a key it generates under var/ (DEBUG only; a
        real deployment sets MOTCUA_AUDIT_KEY or MOTCUA_AUDIT_KEY_FILE, docs/audit.md)."""
        from motcua.core.audit_signing import default_key_file, generate_key_file

        if settings.DEBUG and not settings.MOTCUA.get("AUDIT_KEY"):
            path = default_key_file()
            if generate_key_file(path):
                self.stdout.write(f"Khóa ký nhật ký mẫu: {path}")

    def _signing_pki(self) -> None:
        """The demo PKI: a test root and intermediate CA, the TSA certificate and one signing
        certificate per agency (motcua/signing/services/demo.py; docs/signing.md). The key that
        encrypts private keys at rest is generated under var/ only with DEBUG on; with DEBUG off
        the step runs only when MOTCUA_SIGNING_KEY or MOTCUA_SIGNING_KEY_FILE is set."""
        from motcua.signing.services.demo import pki_seed_demo

        signing = settings.MOTCUA["SIGNING"]
        if not settings.DEBUG and not (signing.get("KEY") or signing.get("KEY_FILE")):
            self.stdout.write(
                self.style.WARNING("Chưa tạo chữ ký số mẫu: đặt MOTCUA_SIGNING_KEY trước.")
            )
            return
        report = pki_seed_demo()
        self.stdout.write("Chữ ký số mẫu (CA, TSA, chứng thư cơ quan)...")
        made = report.created_cas + report.created_credentials
        self.stdout.write(f"  {made} tạo mới" if made else "  không đổi")

    def _audit_checkpoint(self) -> None:
        """Sign the chain the seed wrote, so `audit_verify` passes right away (it fails while no
        checkpoint exists); without a key the seed says how to sign later."""
        from motcua.core.audit_signing import checkpoint_create
        from motcua.core.errors import DomainError

        try:
            cp = checkpoint_create()
        except DomainError as exc:
            self.stdout.write(
                self.style.WARNING(f"Chưa ký điểm kiểm tra nhật ký [{exc.code}]: {exc.message}")
            )
            return
        if cp is not None:
            self.stdout.write(f"Đã ký điểm kiểm tra nhật ký #{cp.gseq}.")

    def _consultations(self) -> None:
        """One open draft and one closed one with its summary (motcua/consultation/demo.py)."""
        from motcua.consultation.demo import seed_demo_consultations

        self.stdout.write("Lấy ý kiến dự thảo...")
        made = seed_demo_consultations(echo=self.stdout.write)
        self.stdout.write(f"  {made} tạo mới" if made else "  không đổi")

    def _ratings(self) -> None:
        """Finished, returned and rated dossiers at phường Bến Thành (motcua/ratings/demo.py),
        so the scorecards show satisfaction figures."""
        from motcua.ratings.demo import seed_demo_ratings

        self.stdout.write("Đánh giá mức độ hài lòng...")
        made = seed_demo_ratings(echo=self.stdout.write)
        self.stdout.write(f"  {made} tạo mới" if made else "  không đổi")

    def _feedback(self) -> None:
        """Feedback categories and items in several states (motcua/feedback/demo.py)."""
        from motcua.feedback.demo import seed_demo_feedback

        self.stdout.write("Phản ánh, kiến nghị...")
        made = seed_demo_feedback(echo=self.stdout.write)
        self.stdout.write(f"  {made} tạo mới" if made else "  không đổi")

    def _rollups(self) -> None:
        """The analytics rollups take in the demo's events now, so the dashboards have figures
        before the first `rollups_update` run (motcua/analytics/rollups.py)."""
        from motcua.analytics.rollups import consume

        self.stdout.write("Số liệu tổng hợp cho thống kê...")
        self.stdout.write(f"  {consume()} sự kiện")

    def _processes(self) -> None:
        """Demo internal processes live with the dossiers app (one per published procedure
        without one); skipped when that app does not provide them."""
        try:
            module = import_module("motcua.dossiers.demo_processes")
        except ImportError:
            return
        self.stdout.write("Quy trình nội bộ...")
        created = module.seed_demo_processes()
        self.stdout.write(f"  {created} tạo mới" if created else "  không đổi")
