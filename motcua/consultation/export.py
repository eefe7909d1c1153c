"""The XLSX export of a consultation's comments and responses (docs/rules.md §28).

Only what the public page shows: display names (no other personal data), published comment
texts, the reason of a rejected comment in place of its text, the agency's responses. Every text
is a string cell, never a formula (the tracking book's `_append_row`, reused)."""

from __future__ import annotations

import io

from motcua.consultation.models import ArticleResponse, CommentStatus, Consultation
from motcua.consultation.selectors import comments_for_export
from motcua.dossiers.slips import local
from motcua.dossiers.tracking_book import _append_row

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


def consultation_xlsx(consultation: Consultation) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Góp ý"
    _append_row(ws, ["TỔNG HỢP GÓP Ý DỰ THẢO"])
    _append_row(ws, [consultation.title])
    _append_row(ws, [consultation.agency.name])
    ws.append([])
    _append_row(ws, list(HEADERS))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws["A1"].font = Font(bold=True, size=14)
    for i, c in enumerate(comments_for_export(consultation=consultation), 1):
        article = c.article
        published = c.status == CommentStatus.PUBLISHED
        response = ArticleResponse(article.response).label if article and article.response else ""
        _append_row(
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
    _append_row(summary, ["Báo cáo tổng hợp, tiếp thu, giải trình"])
    _append_row(summary, [consultation.response_summary or "Chưa công bố."])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
