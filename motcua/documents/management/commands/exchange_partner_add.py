"""`motcua exchange_partner_add --ma <organ id> --ten <name> --dia-chi <endpoint> --chung-thu
<bundle.pem> [--chu-quan <parent>]`: register (or replace) an agency of another platform for
edXML exchange, through `documents.partners.partner_register` with its audit event
(docs/edxml.md "Partners")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.documents.partners import partner_register


class Command(BaseCommand):
    help = "Đăng ký cơ quan ở hệ thống khác để gửi, nhận văn bản điện tử (edXML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ma", required=True, help="Mã định danh cơ quan (QCVN 102:2016)")
        parser.add_argument("--ten", required=True, help="Tên cơ quan")
        parser.add_argument(
            "--dia-chi", required=True, help="Địa chỉ nhận gói tin, kết thúc bằng /"
        )
        parser.add_argument(
            "--chung-thu", required=True, help="Tệp PEM do `exchange_certificate` bên kia in ra"
        )
        parser.add_argument("--chu-quan", default="", help="Cơ quan chủ quản")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["chung_thu"])
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}.")
        try:
            partner = partner_register(
                actor=None,
                organ_id=options["ma"],
                name=options["ten"],
                endpoint=options["dia_chi"],
                bundle_pem=path.read_bytes(),
                organization_in_charge=options["chu_quan"],
            )
        except DomainError as e:
            raise CommandError(e.message) from e
        self.stdout.write(f"Đã đăng ký {partner.organ_id} {partner.name} → {partner.endpoint}")
