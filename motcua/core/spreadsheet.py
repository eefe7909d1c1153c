"""Rows of spreadsheets we hand out (the tracking book, reconciliation, consultation, analytics
reports): a text stays a text, never a formula."""

from __future__ import annotations

from typing import Any

# A text cell starting with one of these is a formula (or becomes one when edited) in Excel,
# LibreOffice and Google Sheets: "=HYPERLINK(...)", "+1+1", "-2+3", "@SUM(...)", a tab or CR.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def append_text_row(ws: Any, values: list[Any]) -> None:
    """Append a row to an openpyxl sheet whose texts are plain strings: never a formula, whatever
    they start with, and without the characters XML 1.0 cannot hold (old rows from before input
    was checked; openpyxl refuses them). The quote prefix keeps a text a text when someone edits
    the cell. Numbers stay numbers."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
