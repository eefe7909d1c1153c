"""`motcua process_export PROCEDURE_CODE [--agency CODE] [--version N] [-o FILE]`.

Without --version: the published process for exactly (procedure, agency), else the newest one.
Without --agency: the agency-less process."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.models import Agency
from motcua.catalog.models import Procedure
from motcua.core.errors import NotFound
from motcua.dossiers.models import ProcessDefinition
from motcua.dossiers.selectors.process import (
    process_export_data,
    process_latest,
    process_published_exact,
    process_version_get,
)


def procedure_by_code(code: str) -> Procedure:
    try:
        return Procedure.objects.get(code=code)
    except Procedure.DoesNotExist as exc:
        raise CommandError(f"Không tìm thấy thủ tục '{code}'.") from exc


def agency_by_code(code: str | None) -> Agency | None:
    if not code:
        return None
    try:
        return Agency.objects.get(code=code)
    except Agency.DoesNotExist as exc:
        raise CommandError(f"Không tìm thấy cơ quan '{code}'.") from exc


class Command(BaseCommand):
    help = "Xuất quy trình nội bộ của một thủ tục ra JSON (mặc định in ra màn hình)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Our --version (the process version) replaces Django's --version (its own version).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("procedure_code", help="Mã thủ tục, ví dụ 1.000894")
        parser.add_argument("--agency", help="Mã cơ quan (trống: quy trình dùng chung).")
        parser.add_argument("--version", type=int, help="Phiên bản (mặc định: đang áp dụng).")
        parser.add_argument("-o", "--output", help="Ghi ra tệp thay vì màn hình.")

    def handle(self, *args: Any, **options: Any) -> None:
        procedure = procedure_by_code(options["procedure_code"])
        agency = agency_by_code(options["agency"])
        process = self._pick(procedure, agency, options["version"])
        text = json.dumps(process_export_data(process), ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Đã ghi {process} vào {options['output']}.")
        else:
            self.stdout.write(text, ending="")

    def _pick(
        self, procedure: Procedure, agency: Agency | None, version: int | None
    ) -> ProcessDefinition:
        if version is not None:
            try:
                return process_version_get(procedure=procedure, agency=agency, version=version)
            except NotFound as exc:
                raise CommandError(exc.message) from exc
        process = process_published_exact(procedure=procedure, agency=agency)
        process = process or process_latest(procedure=procedure, agency=agency)
        if process is None:
            where = f"cơ quan {agency.code}" if agency else "dùng chung"
            raise CommandError(f"Thủ tục {procedure.code} chưa có quy trình ({where}).")
        return process
