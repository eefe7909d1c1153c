"""The XLSX export of a consultation's comments and responses (docs/rules.md §28).

Only what the public page shows: display names (no other personal data), published comment
texts, the reason of a rejected comment in place of its text, the agency's responses. Every text
is a string cell, never a formula (`core.spreadsheet.append_text_row`).

The file is built once per `selectors.export_version` and kept in the cache; it is also the
same bytes whenever it is built again (every worker, every day): the workbook's dates and the
zip entries' dates are the version's `stamp`, not the clock."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from django.core.cache import cache

from motcua.consultation.models import ArticleResponse, CommentStatus, Consultation
from motcua.consultation.selectors import comments_for_export, export_version
from motcua.core.spreadsheet import append_text_row
from motcua.dossiers.slips import local

HEADERS = (
    "STT",
    "Góp ý về",
    "Người góp ý",
    "Thời điểm góp ý",
    "Trạng thái",
    "Nội dung góp ý",
    "Lý do không đăng",
    "Ý kiến của cơ quan soạn thảo",
    "Giải trình",
)


CACHE_SECONDS = 7 * 24 * 3600  # a version never goes stale; old ones age out


def consultation_xlsx(consultation: Consultation) -> bytes:
    """The export of `consultation`, from the cache when its version was built already."""
    version = export_version(consultation=consultation)
    digest = hashlib.sha256(version.key.encode()).hexdigest()[:32]
    key = f"consultation:xlsx:{consultation.pk}:{digest}"
    data = cache.get(key)
    if not isinstance(data, bytes):
        data = _build(consultation, version.stamp)
        cache.set(key, data, CACHE_SECONDS)
    return data


class _DatedZip(ZipFile):
    """A zip whose entries carry `date_time` instead of the clock's time: `writestr` would
    date an entry by the clock, `write` (openpyxl's sheets, from a temporary file) by the file's
    modification time."""

    def __init__(self, file: Any, date_time: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        self.date_time = date_time

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if not isinstance(zinfo_or_arcname, ZipInfo):  # as ZipFile does, with our date
            info = ZipInfo(zinfo_or_arcname, date_time=self.date_time)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as f:
            self.writestr(arcname or filename, f.read())


def _build(consultation: Consultation, stamp: datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Góp ý"
    append_text_row(ws, ["TỔNG HỢP GÓP Ý DỰ THẢO"])
    append_text_row(ws, [consultation.title])
    append_text_row(ws, [consultation.agency.name])
    ws.append([])
    append_text_row(ws, list(HEADERS))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws["A1"].font = Font(bold=True, size=14)
    for i, c in enumerate(comments_for_export(consultation=consultation), 1):
        article = c.article
        published = c.status == CommentStatus.PUBLISHED
        response = ArticleResponse(article.response).label if article and article.response else ""
        append_text_row(
            ws,
            [
                i,
                f"Điều {article.number}" if article else "Toàn văn dự thảo",
                c.display_name,
                local(c.created_at).replace(tzinfo=None),  # Excel has no time zones
                c.get_status_display(),
                c.text if published else "",
                "" if published else c.reason,
                str(response),
                article.response_text if article else "",
            ],
        )
        ws.cell(ws.max_row, 4).number_format = "hh:mm dd/mm/yyyy"
    for i, width in enumerate((6, 18, 24, 17, 14, 60, 40, 18, 40), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    summary = wb.create_sheet("Tổng hợp, tiếp thu")
    append_text_row(summary, ["Báo cáo tổng hợp, tiếp thu, giải trình"])
    append_text_row(summary, [consultation.response_summary or "Chưa công bố."])
    utc = stamp.astimezone(UTC).replace(tzinfo=None)  # the workbook's dates are UTC, naive
    wb.properties.created = wb.properties.modified = utc
    out = io.BytesIO()
    # openpyxl's own save sets `modified` to the clock; its writer with our archive does not
    from openpyxl.writer.excel import ExcelWriter

    ExcelWriter(wb, _DatedZip(out, local(stamp).timetuple()[:6])).save()
    return out.getvalue()
