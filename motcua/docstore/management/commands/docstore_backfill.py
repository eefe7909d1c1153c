"""`motcua docstore_backfill`: put the electronic results recorded before the store existed
into their owners' stores (safe to run twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.docstore.services import store_backfill


class Command(BaseCommand):
    help = "Thêm các kết quả điện tử đã ghi nhận vào kho giấy tờ của chủ sở hữu."

    def handle(self, *args: Any, **options: Any) -> None:
        added = store_backfill()
        self.stdout.write(f"Đã thêm {added} kết quả vào kho giấy tờ.")
