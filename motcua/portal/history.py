"""Plain Vietnamese sentences for an applicant: a dossier's audit events (its history) and the
outbox messages addressed to them (the notifications inbox). Pure: no database, no request.

Contract:
- `event_sentence` turns one event of the dossier's audit stream into one sentence, or None for
  events that are internal to the officials (a step claimed or handed to a colleague, a slip
  rendered); officials are named by their agency, never by name.
- `notification_sentence` turns one outbox row (`kind` + payload, as `services._common.notify`
  writes it) into one sentence; an unknown kind still gives a sentence naming the dossier. The
  `task.*` kinds are the deadline reminders of assigned tasks to officials
  (directives/services/reminders.py), their dates ISO dates shown "dd/mm/yyyy".
- Times are shown in Asia/Ho_Chi_Minh as "dd/mm/yyyy HH:MM"; ISO strings in payloads are read
  as written by the services (aware, UTC).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CHANNELS = {
    "counter": gettext_noop("tại bộ phận một cửa"),
    "postal": gettext_noop("qua dịch vụ bưu chính"),
    "electronic": gettext_noop("bằng hình thức điện tử"),
}


@dataclass(frozen=True)
class HistoryContext:
    """What a sentence may name: the receiving agency, each step instance by id (its step name
    and agency) and agency names by code (for a forward)."""

    agency: str
    steps: Mapping[int, tuple[str, str]] = field(default_factory=dict)
    agencies: Mapping[str, str] = field(default_factory=dict)


def when(value: datetime | str | None) -> str:
    """`02/12/2026 10:15` in Ho Chi Minh City time; "" for nothing or an unreadable string."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return ""
    if value is None or value.tzinfo is None:
        return ""
    return value.astimezone(HCM).strftime("%d/%m/%Y %H:%M")


def day(value: str | None) -> str:
    """`14/05/2026` for an ISO date string (a task's deadline); "" for nothing or unreadable."""
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y") if value else ""
    except ValueError:
        return ""


def _items(payload: Mapping[str, Any]) -> str:
    names = [str(i.get("name", "")) for i in payload.get("items") or [] if isinstance(i, dict)]
    return "; ".join(n for n in names if n)


def _reasons(payload: Mapping[str, Any]) -> str:
    return "; ".join(str(r) for r in payload.get("reasons") or [])


def _step(payload: Mapping[str, Any], ctx: HistoryContext) -> tuple[str, str]:
    found = ctx.steps.get(int(payload.get("step_instance") or 0))
    return found or (str(payload.get("step", "")), ctx.agency)


Phrase = Callable[[Mapping[str, Any], HistoryContext], str]


def _submitted(p: Mapping[str, Any], c: HistoryContext) -> str:
    if p.get("channel") == "online":
        return _("Hồ sơ được nộp trực tuyến đến %(agency)s.") % {"agency": c.agency}
    return _("Hồ sơ được nộp tại bộ phận một cửa %(agency)s.") % {"agency": c.agency}


def _received(p: Mapping[str, Any], c: HistoryContext) -> str:
    return _("Bộ phận một cửa %(agency)s đã tiếp nhận hồ sơ, hẹn trả kết quả %(due)s.") % {
        "agency": c.agency,
        "due": when(p.get("due_at")),
    }


def _supplement_requested(p: Mapping[str, Any], c: HistoryContext) -> str:
    return _("%(agency)s yêu cầu bổ sung hồ sơ: %(items)s.") % {
        "agency": c.agency,
        "items": _items(p),
    }


def _step_supplement(p: Mapping[str, Any], c: HistoryContext) -> str:
    return _(
        "%(agency)s yêu cầu bổ sung hồ sơ trong quá trình giải quyết; thời hạn giải quyết "
        "tạm dừng đến khi hồ sơ được bổ sung."
    ) % {"agency": _step(p, c)[1]}


def _step_approve(p: Mapping[str, Any], c: HistoryContext) -> str:
    name, agency = _step(p, c)
    return _("%(agency)s đã hoàn thành bước “%(step)s”.") % {"agency": agency, "step": name}


def _step_return(p: Mapping[str, Any], c: HistoryContext) -> str:
    name, agency = _step(p, c)
    return _("%(agency)s chuyển hồ sơ về bước trước để xử lý lại (từ bước “%(step)s”).") % {
        "agency": agency,
        "step": name,
    }


def _step_forward(p: Mapping[str, Any], c: HistoryContext) -> str:
    code = str(p.get("to_agency", ""))
    return _("Hồ sơ được chuyển đến %(agency)s để xử lý.") % {"agency": c.agencies.get(code, code)}


def _apology(p: Mapping[str, Any], c: HistoryContext) -> str:
    return _(
        "%(agency)s đã gửi văn bản xin lỗi và hẹn lại ngày trả kết quả: %(due)s. Lý do: %(reason)s"
    ) % {"agency": c.agency, "due": when(p.get("new_due_at")), "reason": p.get("reason", "")}


def _refused(p: Mapping[str, Any], c: HistoryContext) -> str:
    return _("%(agency)s từ chối giải quyết hồ sơ. Lý do: %(reasons)s.") % {
        "agency": c.agency,
        "reasons": _reasons(p),
    }


def _returned(p: Mapping[str, Any], c: HistoryContext) -> str:
    how = CHANNELS.get(str(p.get("channel", "")), "")
    return (
        _("Đã trả kết quả giải quyết %(how)s.") % {"how": _(how)}
        if how
        else _("Đã trả kết quả giải quyết.")
    )


def _with_reason(text: str) -> Phrase:
    def phrase(p: Mapping[str, Any], c: HistoryContext) -> str:
        return _(text) % {"reason": p.get("reason", ""), "agency": c.agency}

    return phrase


def _fixed(text: str) -> Phrase:
    return lambda p, c: _(text) % {"agency": c.agency}


EVENTS: dict[str, Phrase] = {
    "dossier.submitted": _submitted,
    "dossier.received": _received,
    "dossier.supplement_requested": _supplement_requested,
    "dossier.supplemented": _fixed(gettext_noop("Người nộp đã bổ sung hồ sơ.")),
    "dossier.attachment_added": lambda p, c: (
        _("Đã đính kèm tệp “%(name)s”.") % {"name": p.get("name", "")}
    ),
    "step.approve": _step_approve,
    "step.return": _step_return,
    "step.supplement": _step_supplement,
    "step.forward": _step_forward,
    "dossier.refused": _refused,
    "dossier.apology_issued": _apology,
    "dossier.result_recorded": _fixed(gettext_noop("%(agency)s đã có kết quả giải quyết hồ sơ.")),
    "dossier.returned": _returned,
    "dossier.withdrawn": _with_reason(
        gettext_noop("Hồ sơ được dừng giải quyết theo yêu cầu của người nộp. Lý do: %(reason)s")
    ),
    "dossier.cancelled": _with_reason(gettext_noop("%(agency)s đã huỷ hồ sơ. Lý do: %(reason)s")),
}


def event_sentence(
    kind: str, at: datetime, payload: Mapping[str, Any], ctx: HistoryContext
) -> str | None:
    """ "Ngày 02/12/2026 10:15: <what happened>." — None for an internal event."""
    phrase = EVENTS.get(kind)
    if phrase is None:
        return None
    return _("Ngày %(at)s: %(what)s") % {"at": when(at), "what": phrase(payload, ctx)}


NOTIFICATIONS: dict[str, str] = {
    "dossier.submitted": gettext_noop(
        "Hồ sơ %(code)s (%(procedure)s) đã được gửi, đang chờ tiếp nhận."
    ),
    "dossier.received": gettext_noop(
        "Hồ sơ %(code)s đã được tiếp nhận, hẹn trả kết quả %(due_at)s."
    ),
    "dossier.supplement_requested": gettext_noop("Hồ sơ %(code)s cần bổ sung: %(items)s."),
    "dossier.refused": gettext_noop("Hồ sơ %(code)s bị từ chối. Lý do: %(reasons)s."),
    "dossier.result_ready": gettext_noop(
        "Hồ sơ %(code)s đã có kết quả; mời ông/bà đến nhận kết quả."
    ),
    "dossier.returned": gettext_noop("Hồ sơ %(code)s đã được trả kết quả."),
    "dossier.withdrawn": gettext_noop(
        "Hồ sơ %(code)s đã dừng giải quyết theo yêu cầu. Lý do: %(reason)s"
    ),
    "dossier.cancelled": gettext_noop("Hồ sơ %(code)s đã bị huỷ. Lý do: %(reason)s"),
    "dossier.apology": gettext_noop(
        "Hồ sơ %(code)s được hẹn lại ngày trả kết quả: %(new_due_at)s. Lý do: %(reason)s"
    ),
    "dossier.due_soon": gettext_noop("Hồ sơ %(code)s sắp đến hạn trả kết quả (%(due_at)s)."),
    "dossier.overdue": gettext_noop("Hồ sơ %(code)s đã quá hạn trả kết quả (%(due_at)s)."),
    "dossier.verification": gettext_noop(
        "Hồ sơ %(code)s cần xác minh thêm, hẹn lại ngày trả kết quả: %(new_due_at)s."
    ),
    "dossier.payment_due": gettext_noop(
        "Hồ sơ %(code)s cần nộp phí, lệ phí; mời ông/bà thanh toán trên trang hồ sơ."
    ),
    "dossier.paid": gettext_noop(
        "Đã nhận phí, lệ phí của hồ sơ %(code)s; biên lai điện tử có trên trang hồ sơ."
    ),
    # the deadline reminders of assigned tasks, to officials (directives/services/reminders.py)
    "task.due_soon": gettext_noop(
        "Nhiệm vụ “%(title)s” sắp đến hạn hoàn thành (hạn %(deadline)s), do %(assigning_agency)s "
        "giao."
    ),
    "task.overdue": gettext_noop(
        "Nhiệm vụ “%(title)s” đã quá hạn hoàn thành (hạn %(deadline)s), do %(assigning_agency)s "
        "giao."
    ),
}


def notification_sentence(kind: str, payload: Mapping[str, Any]) -> str:
    """The inbox line for one outbox message."""
    values = {
        "code": str(payload.get("code", "")),
        "procedure": str(payload.get("procedure", "")),
        "due_at": when(payload.get("due_at")),
        "new_due_at": when(payload.get("new_due_at")),
        "items": _items(payload),
        "reasons": _reasons(payload),
        "reason": str(payload.get("reason", "")),
        "title": str(payload.get("title", "")),
        "deadline": day(payload.get("deadline")),
        "assigning_agency": str(payload.get("assigning_agency", "")),
    }
    text = NOTIFICATIONS.get(kind, gettext_noop("Có cập nhật mới về hồ sơ %(code)s."))
    return _(text) % values
