"""The index 1.4 report as words (the command) and as data (the API)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.national_portal.selectors import SyncReport

BASIS = {
    "counts": gettext_lazy("số hồ sơ tiếp nhận trong kỳ"),
    "last_year": gettext_lazy("tổng năm trước chia theo kỳ"),
    "none": gettext_lazy("không có hồ sơ"),
}


def decimal2(value: Fraction | None) -> str | None:
    """Two decimals, half up (a score is never a float)."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def report_data(report: SyncReport) -> dict[str, Any]:
    index = report.index
    return {
        "agency": report.agency.code,
        "period": report.period.label,
        "received": report.received,
        "synced": report.synced,
        "rejected": report.rejected,
        "never_queued": report.never_queued,
        "denominator": decimal2(index.denominator),
        "basis": index.basis,
        "ratio_percent": decimal2(index.ratio * 100) if index.ratio is not None else None,
        "score": decimal2(index.score),
        "max_score": 6,
    }


def report_lines(report: SyncReport) -> list[str]:
    data = report_data(report)
    score = (
        _("Điểm chỉ số 1.4: %(score)s/6 (tỷ lệ %(ratio)s%%, mẫu số %(den)s: %(basis)s).")
        % {
            "score": data["score"],
            "ratio": data["ratio_percent"],
            "den": data["denominator"],
            "basis": BASIS[data["basis"]],
        }
        if data["score"] is not None
        else _("Điểm chỉ số 1.4: không áp dụng (kỳ này và năm trước không có hồ sơ).")
    )
    return [
        _("Cơ quan %(agency)s, kỳ %(period)s.") % data,
        _("Hồ sơ tiếp nhận trong kỳ: %(received)s; đã đồng bộ DVCQG: %(synced)s.") % data,
        _("Bị Cổng từ chối: %(rejected)s; chưa từng gửi: %(never_queued)s.") % data,
        score,
    ]
