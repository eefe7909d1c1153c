"""The dossiers behind a number of the dashboards and the 766 index: the same conditions the
rollups sum, applied to the stored facts (`DossierFact`), so the list has exactly as many rows as
the number it opens (tests/analytics/test_pages.py checks it)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.analytics.models import DossierFact
from motcua.analytics.selectors import subtree
from motcua.core.errors import NotFound

LIMIT = 500


def _received(start: date, end: date) -> Q:
    return Q(received_day__gte=start, received_day__lt=end)


def _closed(start: date, end: date, outcome: str) -> Q:
    return Q(outcome=outcome, closed_day__gte=start, closed_day__lt=end)


def _open_at(day: date) -> Q:
    return (
        Q(received_day__lt=day)
        & (Q(closed_day__isnull=True) | Q(closed_day__gte=day))
        & Q(outcome__in=("", "resolved", "refused", "withdrawn"))
    )


def _overdue_at(day: date) -> Q:
    return Q(deadline_day__lt=day) & (Q(closed_day__isnull=True) | Q(closed_day__gte=day))


def condition(metric: str, start: date, end: date) -> Q:
    """The facts counted by `metric` over [start, end); NotFound for an unknown metric."""
    received = _received(start, end)
    conditions = {
        "received": received,
        "online": received & Q(channel="online"),
        "counter": received & Q(channel="counter"),
        "postal": received & ~Q(channel__in=("online", "counter")),
        "resolved": _closed(start, end, "resolved"),
        "resolved_early": _closed(start, end, "resolved") & Q(timing="early"),
        "resolved_on_time": _closed(start, end, "resolved") & Q(timing="on_time"),
        "resolved_late": _closed(start, end, "resolved") & Q(timing="late"),
        "refused": _closed(start, end, "refused") | _closed(start, end, "rejected"),
        "withdrawn": _closed(start, end, "withdrawn"),
        "open_start": _open_at(start),
        "within_end": _open_at(end) & ~_overdue_at(end),
        "overdue_end": _overdue_at(end),
        # 2.1: handled late in the period or overdue at its end
        "late": (
            (_closed(start, end, "resolved") | _closed(start, end, "refused")) & Q(timing="late")
        )
        | _overdue_at(end),
        "e_result": _closed(start, end, "resolved") & Q(e_result=True),
        "digitised": _closed(start, end, "resolved") & Q(digitised=True),
        "reused": received & Q(reused=True),
        "personal_store": received & Q(personal_store=True),
        "vneid": received & Q(vneid=True),
        "paid_online": received & Q(paid_online=True),
        "fee_bearing": received & Q(fee_bearing=True),
        "rated": Q(rating_day__gte=start, rating_day__lt=end),
        "satisfied": Q(rating_day__gte=start, rating_day__lt=end, satisfied=True),
    }
    if metric not in conditions:
        raise NotFound("Không có số liệu này.")
    return conditions[metric]


def facts_for(
    agency: Agency, metric: str, start: date, end: date, *, procedure_code: str | None = None
) -> QuerySet[DossierFact]:
    qs = DossierFact.objects.filter(condition(metric, start, end), agency__in=subtree(agency))
    if procedure_code:
        qs = qs.filter(procedure__code=procedure_code)
    return qs.select_related("dossier", "agency", "procedure__current").order_by("dossier_id")


METRIC_LABELS = {
    "received": _("Hồ sơ tiếp nhận"),
    "online": _("Hồ sơ nộp trực tuyến"),
    "counter": _("Hồ sơ nộp trực tiếp"),
    "postal": _("Hồ sơ nộp qua bưu chính"),
    "resolved": _("Hồ sơ đã giải quyết"),
    "resolved_early": _("Giải quyết trước hạn"),
    "resolved_on_time": _("Giải quyết đúng hạn"),
    "resolved_late": _("Giải quyết trễ hạn"),
    "refused": _("Hồ sơ bị từ chối"),
    "withdrawn": _("Hồ sơ dừng theo yêu cầu"),
    "open_start": _("Hồ sơ kỳ trước chuyển sang"),
    "within_end": _("Đang giải quyết trong hạn cuối kỳ"),
    "overdue_end": _("Đang giải quyết quá hạn cuối kỳ"),
    "late": _("Hồ sơ trễ hạn (chỉ số 2.1)"),
    "e_result": _("Hồ sơ có kết quả điện tử"),
    "digitised": _("Hồ sơ được số hoá"),
    "reused": _("Hồ sơ tái sử dụng dữ liệu số hoá"),
    "personal_store": _("Hồ sơ lấy giấy tờ từ kho dữ liệu cá nhân"),
    "vneid": _("Hồ sơ của tài khoản định danh VNeID"),
    "paid_online": _("Hồ sơ thanh toán trực tuyến"),
    "fee_bearing": _("Hồ sơ có phí, lệ phí"),
    "rated": _("Hồ sơ được đánh giá"),
    "satisfied": _("Hồ sơ được đánh giá hài lòng"),
}
