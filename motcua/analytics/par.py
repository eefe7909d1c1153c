"""The PAR-index criteria the platform's records can answer, prefilled for the yearly
self-assessment (Decision 876/QĐ-BNV methodology; docs/rules.md §30). The list and weights of the
PAR areas were not available to us: each figure is labelled by what it measures, with the area it
most likely belongs to, and the assessor copies it into the official form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.analytics.dashboard import pct


@dataclass(frozen=True)
class Criterion:
    area: str | Promise
    name: str | Promise
    numerator: int | None
    denominator: int | None
    note: str | Promise = ""

    @property
    def percent(self) -> Decimal | None:
        if self.numerator is None or self.denominator is None:
            return None
        return pct(self.numerator, self.denominator)


def criteria(counts: dict[str, Any]) -> list[Criterion]:
    t = counts["totals"]
    procedure_area = _("Cải cách thủ tục hành chính")
    digital_area = _("Xây dựng chính quyền điện tử, chính quyền số")
    impact_area = _("Tác động của cải cách hành chính đến người dân, tổ chức")
    return [
        Criterion(procedure_area, _("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"),
                  counts["in_time"], counts["handled"]),
        Criterion(procedure_area, _("Tỷ lệ thủ tục công khai đầy đủ các bộ phận"),
                  counts["content_full"], counts["published"]),
        Criterion(digital_area, _("Tỷ lệ thủ tục cung cấp dịch vụ công trực tuyến"),
                  counts["online_procedures"], counts["procedures"]),
        Criterion(digital_area, _("Tỷ lệ hồ sơ nộp trực tuyến"), t["received_online"],
                  t.received),
        Criterion(digital_area, _("Tỷ lệ hồ sơ có kết quả điện tử"), counts["e_result"],
                  counts["resolved"]),
        Criterion(digital_area, _("Tỷ lệ hồ sơ thanh toán trực tuyến"), counts["paid_online"],
                  counts["fee_bearing"]),
        Criterion(digital_area, _("Tỷ lệ văn bản trao đổi giữa các cơ quan dưới dạng điện tử"),
                  counts["documents_electronic"], counts["documents_issued"],
                  _("Văn bản đã ban hành gửi cơ quan khác, trừ văn bản mật.")),
        Criterion(impact_area, _("Tỷ lệ người nộp hài lòng với việc giải quyết hồ sơ"),
                  t["satisfied"], t["rated"]),
        Criterion(impact_area, _("Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn"),
                  counts["feedback_on_time"], counts["feedback"]),
    ]  # fmt: skip
