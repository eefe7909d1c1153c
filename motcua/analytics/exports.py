"""A table (title, columns, rows) as XLSX or CSV: Vietnamese headers, numbers as numbers, texts
as text cells (never formulas: `core.spreadsheet`). Built on request by a view that has checked
the caller's scope; nothing is stored."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from motcua.core.spreadsheet import FORMULA_STARTS, append_text_row


def _cell(value: Any) -> Any:
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return "N/A"
    if isinstance(value, (int, float, str, date)):
        return value
    return str(value)


def xlsx(*, title: str, subtitle: str, columns: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31].translate(str.maketrans("", "", "[]:*?/\\")) or "Bảng"
    append_text_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=13)
    append_text_row(ws, [subtitle])
    ws.append([])
    append_text_row(ws, list(columns))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        append_text_row(ws, [_cell(v) for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, len(str(name)) + 4))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv_text(value: Any) -> Any:
    value = _cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # a spreadsheet opening the file shows the text, never a formula
    return value


def csv_bytes(*, columns: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the Vietnamese letters."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([_csv_text(c) for c in columns])
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
