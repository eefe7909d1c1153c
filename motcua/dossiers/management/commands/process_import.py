"""`motcua process_import FILE [--publish]`: a new draft from a `process_export` JSON file.

Everything is checked before anything is written (JSON shape, procedure, agencies, the graph);
creating and publishing run in one transaction, so a refused publish leaves no draft behind."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from motcua.accounts.models import Agency
from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError
from motcua.dossiers import process_graph as pg
from motcua.dossiers.management.commands.process_export import agency_by_code, procedure_by_code
from motcua.dossiers.models import ProcessDefinition
from motcua.dossiers.services.process import process_create, process_publish


def read_json(path: str) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Không đọc được tệp '{path}': {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"Tệp '{path}' không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}."
        ) from exc
    check_shape(data)
    return data


def check_shape(data: Any) -> None:
    if not isinstance(data, dict):
        raise CommandError("Nội dung tệp phải là một đối tượng JSON { ... }.")
    expected = {"procedure": str, "name": str, "steps": list, "edges": list}
    for name, kind in expected.items():
        if not isinstance(data.get(name), kind):
            raise CommandError(f"Thiếu hoặc sai kiểu trường '{name}'.")
    for name in ("agency", "allotment_note"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise CommandError(f"Trường '{name}' phải là chuỗi.")
    items = [*data["steps"], *data["edges"]]
    if not all(isinstance(item, dict) for item in items):
        raise CommandError("Mỗi bước và mỗi chuyển bước phải là một đối tượng JSON { ... }.")


def check_graph(data: dict[str, Any]) -> None:
    try:
        problems = pg.validate(pg.graph_from_dicts(data["steps"], data["edges"]))
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    if problems:
        raise CommandError("Quy trình không hợp lệ:\n" + "\n".join(f"- {p}" for p in problems))


def create_from_data(
    data: dict[str, Any],
    *,
    procedure: Procedure,
    agency: Agency | None,
    publish: bool = False,
    actor: Any = None,
) -> ProcessDefinition:
    """A new draft from checked `data` (`check_shape`, `check_graph`), published at once with
    `publish`, in one transaction: a refused publish leaves no draft behind. Used by this
    command and the agency admin's import page."""
    with transaction.atomic():
        process = process_create(
            procedure=procedure,
            agency=agency,
            name=data["name"],
            steps=data["steps"],
            edges=data["edges"],
            allotment_note=data.get("allotment_note") or "",
            actor=actor,
        )
        return process_publish(process=process, actor=actor) if publish else process


class Command(BaseCommand):
    help = "Nhập quy trình nội bộ từ tệp JSON thành một dự thảo mới (công bố nếu có --publish)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Tệp JSON do process_export tạo ra.")
        parser.add_argument("--publish", action="store_true", help="Công bố ngay sau khi nhập.")

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_json(options["file"])
        procedure = procedure_by_code(data["procedure"])
        agency = agency_by_code(data.get("agency"))
        check_graph(data)
        try:
            process = create_from_data(
                data, procedure=procedure, agency=agency, publish=options["publish"]
            )
        except DomainError as exc:
            raise CommandError(_explain(exc)) from exc
        self.stdout.write(_summary(process))


def _explain(exc: DomainError) -> str:
    if exc.code == "process_invalid" and isinstance(exc.details, list):
        return "Quy trình không hợp lệ:\n" + "\n".join(f"- {p}" for p in exc.details)
    return exc.message


def _summary(process: ProcessDefinition) -> str:
    agency = process.agency.code if process.agency else "dùng chung"
    text = (
        f"Đã nhập quy trình «{process.name}» phiên bản {process.version} "
        f"cho thủ tục {process.procedure.code} ({agency}): {process.get_status_display()}"
    )
    if process.is_frozen:
        text += f", đường găng {process.critical_path_hours} giờ làm việc"
    return text + "."
