"""`motcua audit_verify`: recompute the global audit chain and check it against the signed
checkpoints (docs/audit.md). Exit code 1 names the first bad event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core import audit_signing
from motcua.core.audit import VerifyResult
from motcua.core.models import AuditCheckpoint


def _public_key(value: str) -> Any:
    path = Path(value)
    return audit_signing.load_public(path.read_text() if path.is_file() else value)


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi nhật ký toàn cục và các điểm kiểm tra đã ký (Ed25519). In 'OK <n> events' "
        "hoặc sự kiện đầu tiên bị hỏng (mã lỗi thoát 1). Luôn đối chiếu cả tệp điểm kiểm tra mới "
        "nhất ngoài cơ sở dữ liệu (MOTCUA_AUDIT_CHECKPOINT_FILE, mặc định "
        "var/audit-checkpoint.json, hoặc --checkpoint-file) khi tệp có; lỗi nếu cơ sở dữ liệu "
        "thiếu điểm kiểm tra đó [audit_checkpoint_missing] hoặc không có điểm kiểm tra nào "
        "[audit_no_checkpoint]. Khóa công khai: --public-key, nếu không thì lấy từ khóa ký đã "
        "cấu hình (MOTCUA_AUDIT_KEY / MOTCUA_AUDIT_KEY_FILE)."
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
        parser.add_argument(
            "--checkpoint-file",
            metavar="FILE",
            help="Bản sao tệp điểm kiểm tra mới nhất (mặc định MOTCUA_AUDIT_CHECKPOINT_FILE).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = [Path(name) for name in options["checkpoint"]]
        latest_file = Path(options["checkpoint_file"] or audit_signing.checkpoint_file())
        latest = audit_signing.read_checkpoint_file(latest_file)
        public = _public_key(options["public_key"]) if options["public_key"] else None
        published = []
        for cp, key in [audit_signing.from_export(json.loads(n.read_text())) for n in names]:
            public = public or key
            published.append(cp)
        public = public or audit_signing.configured_public()
        if latest is not None:  # its own public key is no trust anchor: the key must be given
            published.append(latest[0])
        try:
            result = audit_signing.verify_signed(public, published)
        except audit_signing.AuditKeyError as exc:
            raise CommandError(f"[{exc.code}] {exc.message}") from exc
        if not result.ok:
            assert result.broken is not None
            raise CommandError(result.broken.message())
        self._check_stored(result, latest[0] if latest else None, latest_file)
        self._report(result)

    def _check_stored(
        self, result: VerifyResult, latest: AuditCheckpoint | None, path: Path
    ) -> None:
        """The database must hold the checkpoint the file names (or a newer one), and events
        need a checkpoint somewhere: without one, a database writer can rewrite everything."""
        stored = AuditCheckpoint.objects.order_by("-gseq").first()
        if latest is not None and (stored is None or stored.gseq < latest.gseq):
            have = f"#{stored.gseq}" if stored else "không có"
            raise CommandError(
                f"[audit_checkpoint_missing] Tệp {path} ghi điểm kiểm tra đã ký #{latest.gseq} "
                f"nhưng điểm kiểm tra mới nhất trong cơ sở dữ liệu là {have}: điểm kiểm tra đã "
                "bị xoá khỏi cơ sở dữ liệu."
            )
        if result.events and result.checkpoint is None:
            raise CommandError(
                "[audit_no_checkpoint] Chưa có điểm kiểm tra đã ký nào (trong cơ sở dữ liệu "
                "lẫn tệp điểm kiểm tra); chuỗi chỉ được bảo vệ bởi mã băm, người ghi được cơ sở "
                "dữ liệu có thể viết lại toàn bộ mà không bị phát hiện. Chạy: motcua "
                "audit_checkpoint"
            )

    def _report(self, result: VerifyResult) -> None:
        self.stdout.write(f"OK {result.events} events")
        cp = result.checkpoint
        if cp is None:
            return
        self.stdout.write(
            f"Điểm kiểm tra đã ký mới nhất: #{cp.gseq} lúc {cp.signed_at:%Y-%m-%d %H:%M:%S} UTC, "
            f"khóa {cp.key_id}: chữ ký hợp lệ, khớp chuỗi."
        )
        self.stdout.write(
            f"{result.after_checkpoint} sự kiện sau điểm kiểm tra này chỉ được bảo vệ bởi chuỗi "
            "mã băm (chưa có chữ ký)."
        )
