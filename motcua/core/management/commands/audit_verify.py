"""`motcua audit_verify`: recompute the global audit chain and check it against the signed
checkpoints (docs/audit.md). Exit code 1 names the first bad event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core import audit_signing
from motcua.core.audit import VerifyResult


def _public_key(value: str) -> Any:
    path = Path(value)
    return audit_signing.load_public(path.read_text() if path.is_file() else value)


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi nhật ký toàn cục và các điểm kiểm tra đã ký (Ed25519). In 'OK <n> events' "
        "hoặc sự kiện đầu tiên bị hỏng (mã lỗi thoát 1). Khóa công khai: --public-key, nếu không "
        "thì lấy từ khóa ký đã cấu hình (MOTCUA_AUDIT_KEY / MOTCUA_AUDIT_KEY_FILE)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--public-key", help="Khóa công khai Ed25519: tệp PEM, PEM hoặc base64 32 byte."
        )
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            help="Tệp JSON của một điểm kiểm tra đã công bố (audit_checkpoint --export); lặp lại.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        published = []
        public = _public_key(options["public_key"]) if options["public_key"] else None
        for name in options["checkpoint"]:
            cp, key = audit_signing.from_export(json.loads(Path(name).read_text()))
            public = public or key
            published.append(cp)
        public = public or audit_signing.configured_public()
        try:
            result = audit_signing.verify_signed(public, published)
        except audit_signing.AuditKeyError as exc:
            raise CommandError(f"[{exc.code}] {exc.message}") from exc
        if not result.ok:
            assert result.broken is not None
            raise CommandError(result.broken.message())
        self._report(result)

    def _report(self, result: VerifyResult) -> None:
        self.stdout.write(f"OK {result.events} events")
        cp = result.checkpoint
        if cp is None:
            if result.events:
                self.stdout.write(
                    self.style.WARNING(
                        "CẢNH BÁO [audit_no_checkpoint]: chưa có điểm kiểm tra đã ký; chuỗi chỉ "
                        "được bảo vệ bởi mã băm, người ghi được cơ sở dữ liệu có thể viết lại "
                        "toàn bộ mà không bị phát hiện. Chạy: motcua audit_checkpoint"
                    )
                )
            return
        self.stdout.write(
            f"Điểm kiểm tra đã ký mới nhất: #{cp.gseq} lúc {cp.signed_at:%Y-%m-%d %H:%M:%S} UTC, "
            f"khóa {cp.key_id}: chữ ký hợp lệ, khớp chuỗi."
        )
        self.stdout.write(
            f"{result.after_checkpoint} sự kiện sau điểm kiểm tra này chỉ được bảo vệ bởi chuỗi "
            "mã băm (chưa có chữ ký)."
        )
