"""`motcua exchange_certificate <agency code> [--out FILE]`: the PEM bundle another platform
registers to exchange documents with this agency (its seal certificate, then its CAs up to the
root; documents/partners.py, docs/edxml.md "Partners"). Reads only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.models import Agency
from motcua.core.errors import DomainError
from motcua.documents.partners import own_bundle


class Command(BaseCommand):
    help = "In chứng thư (PEM) để hệ thống khác đăng ký liên thông văn bản với cơ quan này."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agency", help="Mã định danh cơ quan, ví dụ 000.00.05.H29")
        parser.add_argument("--out", help="Ghi vào tệp thay vì in ra màn hình")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"].strip().upper()).first()
        if agency is None:
            raise CommandError(f"Không có cơ quan mã {options['agency']}.")
        try:
            bundle = own_bundle(agency)
        except DomainError as e:
            raise CommandError(e.message) from e
        if options["out"]:
            Path(options["out"]).write_bytes(bundle)
            self.stdout.write(f"Đã ghi chứng thư của {agency.name} vào {options['out']}.")
        else:
            self.stdout.write(bundle.decode("ascii"), ending="")
