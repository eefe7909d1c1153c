"""`motcua audit_checkpoint`: sign the head of the audit chain, optionally export it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core import audit_signing
from motcua.core.errors import DomainError
from motcua.core.models import AuditCheckpoint


class Command(BaseCommand):
    help = (
        "Ký (Ed25519) điểm kiểm tra của chuỗi nhật ký: số thứ tự và mã băm của sự kiện mới nhất. "
        "--export FILE ghi bản JSON để công bố (seq, hash, time, key_id, public_key, signature, "
        "message). Ai cũng kiểm tra được bản này mà không cần cơ sở dữ liệu: chữ ký Ed25519 của "
        "'message' (UTF-8) theo khóa công khai 'public_key' (base64 32 byte); xem docs/audit.md. "
        "Mỗi lần ký cũng ghi bản JSON đó vào tệp điểm kiểm tra MOTCUA_AUDIT_CHECKPOINT_FILE (mặc "
        "định var/audit-checkpoint.json; hãy sao chép nó ra ngoài máy), và từ chối ký "
        "[audit_broken] khi chữ ký điểm kiểm tra trước sai hoặc cơ sở dữ liệu thiếu điểm kiểm "
        "tra mà tệp ghi."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--export", metavar="FILE", help="Ghi điểm kiểm tra ra tệp JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cp = audit_signing.checkpoint_create()
            key = audit_signing.signing_key().public_key()
        except DomainError as exc:
            raise CommandError(f"[{exc.code}] {exc.message}") from exc
        if cp is None:
            cp = AuditCheckpoint.objects.order_by("-gseq", "-signed_at").first()
            if cp is None:
                raise CommandError("[audit_empty] Chuỗi nhật ký chưa có sự kiện nào để ký.")
            self.stdout.write(f"Không có sự kiện mới; điểm kiểm tra mới nhất vẫn là #{cp.gseq}.")
        else:
            self.stdout.write(f"Đã ký điểm kiểm tra #{cp.gseq} {cp.head_hash} (khóa {cp.key_id}).")
        if options["export"]:
            data = audit_signing.export(cp, key)
            Path(options["export"]).write_text(json.dumps(data, indent=2, ensure_ascii=False))
            self.stdout.write(f"Đã ghi {options['export']}.")
