"""Template tags of the workspace: the role navigation of `base_workspace.html` and the due
state shown in colour AND in words (WCAG 1.4.1: colour is never the only signal)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.workspace.queues import QUEUE_ROLES, QUEUES
from motcua.workspace.selectors import user_queue_roles

register = template.Library()

DUE_TEXT = {
    "overdue": _("Quá hạn"),
    "due_today": _("Đến hạn hôm nay"),
    "due_soon": _("Sắp đến hạn"),
    "on_track": _("Trong hạn"),
}
# The pages deskadmin builds, shown to the roles that use them (paths fixed by the brief).
EXTRA_LINKS = (
    (Role.RECEPTION, "/can-bo/tiep-nhan/", _("Tiếp nhận tại quầy")),
    (Role.AGENCY_ADMIN, "/can-bo/quan-tri/", _("Quản trị cơ quan")),
    (Role.CITY_ADMIN, "/can-bo/quan-tri/", _("Quản trị cơ quan")),
    (Role.INSPECTOR, "/can-bo/giam-sat/", _("Tra cứu, giám sát")),
    (Role.AGENCY_ADMIN, "/can-bo/lay-y-kien/", _("Lấy ý kiến dự thảo")),
    (Role.UNIT_HEAD, "/can-bo/lay-y-kien/", _("Lấy ý kiến dự thảo")),
    # the scorecards of motcua/ratings (docs/rules.md §23)
    (Role.UNIT_HEAD, "/can-bo/danh-gia/", _("Kết quả đánh giá")),
    (Role.AGENCY_ADMIN, "/can-bo/danh-gia/", _("Kết quả đánh giá")),
    (Role.CITY_ADMIN, "/can-bo/danh-gia/", _("Kết quả đánh giá")),
    (Role.INSPECTOR, "/can-bo/danh-gia/", _("Kết quả đánh giá")),
    # the analytics centre of motcua/analytics (docs/analytics.md)
    (Role.UNIT_HEAD, "/can-bo/thong-ke/", _("Thống kê, chỉ số")),
    (Role.AGENCY_ADMIN, "/can-bo/thong-ke/", _("Thống kê, chỉ số")),
    (Role.CITY_ADMIN, "/can-bo/thong-ke/", _("Thống kê, chỉ số")),
    (Role.INSPECTOR, "/can-bo/thong-ke/", _("Thống kê, chỉ số")),
    # feedback and petitions of motcua/feedback (docs/rules.md §24)
    (Role.RECEPTION, "/can-bo/phan-anh/", _("Phản ánh, kiến nghị")),
    (Role.SPECIALIST, "/can-bo/phan-anh/", _("Phản ánh, kiến nghị")),
    (Role.UNIT_HEAD, "/can-bo/phan-anh/", _("Phản ánh, kiến nghị")),
    # the registers of official documents of motcua/documents (docs/documents.md)
    (Role.CLERK, "/can-bo/van-ban/di/", _("Văn bản đi, đến")),
    (Role.SIGNER, "/can-bo/van-ban/di/", _("Văn bản đi, đến")),
    (Role.UNIT_HEAD, "/can-bo/van-ban/di/", _("Văn bản đi, đến")),
    # assigned tasks of motcua/directives (docs/directives.md)
    (Role.SIGNER, "/can-bo/giao-viec/", _("Giao việc")),
    (Role.UNIT_HEAD, "/can-bo/giao-viec/", _("Giao việc")),
    (Role.SPECIALIST, "/can-bo/giao-viec/", _("Giao việc")),
)


@register.inclusion_tag("workspace/_nav.html", takes_context=True)
def workspace_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Links to each queue of the roles the signed-in official holds (one query)."""
    request = context.get("request")
    held = user_queue_roles(request.user) if request is not None else {}
    roles = [(role, QUEUES[role]) for role in QUEUE_ROLES if role in held]
    links = {path: text for role, path, text in EXTRA_LINKS if role in held}  # once each
    extra = list(links.items())
    return {"roles": roles, "extra": extra, "request": request}


@register.inclusion_tag("workspace/_due.html")
def due_badge(state: str) -> dict[str, Any]:
    return {"state": state, "text": DUE_TEXT.get(state, DUE_TEXT["on_track"])}


SLIP_TEXT = {
    "receipt": _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "supplement": _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "refusal": _("Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "apology": _("Văn bản xin lỗi và hẹn lại ngày trả kết quả"),
    "stop_notice": _("Thông báo dừng giải quyết hồ sơ"),
    "control_sheet": _("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
}


@register.simple_tag
def slip_label(kind: str) -> str:
    return str(SLIP_TEXT.get(kind, kind))
