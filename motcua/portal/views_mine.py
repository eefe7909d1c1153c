"""The applicant's pages: "Hồ sơ của tôi" (their dossiers, what to do next, each dossier in
full with its files, slips, supplement, withdrawal and history) and the notifications inbox.

Thin: parse, call one selector or service, render. Another person's dossier is a 404; a stale
form (the dossier changed since the page was read) is a 409 that explains it and links to the
fresh page; a refused upload or reason is a 400 with the error at the top and by the field.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from motcua.accounts.access import signed_in
from motcua.core.errors import Conflict, DomainError
from motcua.core.http import found_or_404
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import CLOCK_STATUSES, Dossier, DossierStatus, DueState
from motcua.dossiers.selectors.due import dossier_due_state
from motcua.dossiers.services.results import dossier_withdraw
from motcua.portal import selectors_mine as selectors
from motcua.portal import services_mine
from motcua.portal.forms_mine import SupplementForm, WithdrawForm
from motcua.portal.history import notification_sentence

WITHDRAWABLE = (
    DossierStatus.SUBMITTED,
    DossierStatus.NEEDS_SUPPLEMENT,
    *CLOCK_STATUSES,
)


def due_label(dossier: Dossier) -> tuple[str, str]:
    """(state, words) while the clock runs or is paused; ("", "") otherwise."""
    if dossier.status not in CLOCK_STATUSES or dossier.due_at is None:
        return "", ""
    state = dossier_due_state(dossier)
    words = str(DueState(state).label)
    if dossier.pause_reason:
        words = _("%(state)s (đang tạm dừng: %(why)s)") % {
            "state": words,
            "why": dossier.get_pause_reason_display(),
        }
    return state, words


def _row(dossier: Dossier) -> dict[str, Any]:
    state, words = due_label(dossier)
    actions = selectors.next_actions(dossier)
    return {"d": dossier, "due_state": state, "due_words": words, "actions": actions}


@require_safe
@signed_in
def mine(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("trang_thai", "")
    state = state if state in selectors.FILTERS else ""
    page = selectors.mine_page(user=request.user, state=state, page=request.GET.get("page"))
    rows = [_row(d) for d in page.object_list]
    unread = selectors.inbox_unread_count(user=request.user)
    context = {"page": page, "rows": rows, "state": state, "unread": unread}
    return render(request, "portal/mine_list.html", context)


def _detail(
    request: HttpRequest,
    code: str,
    *,
    supplement: SupplementForm | None = None,
    withdraw: WithdrawForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    detail = found_or_404(selectors.mine_detail, user=request.user, code=code)
    d = detail.dossier
    state, words = due_label(d)
    items = next((a.items for a in detail.actions if a.kind == "supplement"), None)
    if items is not None and supplement is None:
        supplement = SupplementForm(items=items, initial={"version": d.version})
    if d.status in WITHDRAWABLE and withdraw is None:
        withdraw = WithdrawForm(initial={"version": d.version})
    context = {
        "detail": detail,
        "d": d,
        "due_state": state,
        "due_words": words,
        "apology": d.apologies.order_by("-issued_at").first(),
        "supplement_form": supplement if items is not None else None,
        "withdraw_form": withdraw if d.status in WITHDRAWABLE else None,
        "error": error,
        "conflict": status == Conflict.status,
    }
    return render(request, "portal/mine_detail.html", context, status=status)


@require_safe
@signed_in
def mine_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, code)


def _own(request: HttpRequest, code: str) -> Dossier:
    """The signed-in applicant's dossier, else 404 (checked before any service is called: an
    official who may act on the dossier through a role does not act here as its applicant)."""
    return found_or_404(selectors.mine_get, user=request.user, code=code)


def _items(request: HttpRequest, code: str) -> list[str]:
    dossier = _own(request, code)
    actions = selectors.next_actions(dossier)
    return next((a.items for a in actions if a.kind == "supplement"), [])


@require_POST
@signed_in
def mine_supplement(request: HttpRequest, code: str) -> HttpResponse:
    form = SupplementForm(request.POST, request.FILES, items=_items(request, code))
    if not form.is_valid():
        return _detail(request, code, supplement=form, status=400)
    act = partial(
        services_mine.mine_supplement,
        actor=request.user,
        code=code,
        files=form.files_by_item(),
        note=form.cleaned_data["note"],
        expected_version=form.cleaned_data["version"],
    )
    return _done_or_again(request, code, act, {"supplement": form}, _("Đã gửi hồ sơ bổ sung."))


@require_POST
@signed_in
def mine_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1 (reason given) shows "Bạn có chắc?"; step 2 (`confirm`) withdraws."""
    dossier = _own(request, code)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _detail(request, code, withdraw=form, status=400)
    if not form.cleaned_data["confirm"]:
        context = {"d": dossier, "form": form, "reason": form.cleaned_data["reason"]}
        return render(request, "portal/mine_withdraw_confirm.html", context)
    act = partial(
        dossier_withdraw,
        actor=request.user,
        code=code,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
    done = _("Đã gửi đề nghị dừng giải quyết; hồ sơ đã dừng.")
    return _done_or_again(request, code, act, {"withdraw": form}, done)


def _done_or_again(
    request: HttpRequest, code: str, act: Callable[[], object], forms: dict[str, Any], done: str
) -> HttpResponse:
    """Run the service call `act`: done → `done` and back to the dossier; refused → the dossier
    page again with the form (`forms`: its name on the page → the form) and the reason."""
    try:
        act()
    except DomainError as exc:
        return _detail(request, code, **forms, error=exc.message, status=exc.status)
    messages.success(request, done)
    return redirect(reverse("portal:mine_detail", args=[code]))


def _inbox_link(m: OutboxMessage) -> dict[str, str]:
    """What an inbox line links to: its dossier, or the task a reminder to an official is about
    (directives/services/reminders.py); a row about anything else has no link."""
    if m.subject_type in ("dossier", ""):
        return {"code": m.subject_id}
    return {"task": m.subject_id} if m.subject_type == "task" else {}


@require_safe
@signed_in
def inbox(request: HttpRequest) -> HttpResponse:
    page = selectors.inbox_page(user=request.user, page=request.GET.get("page"))
    rows = [
        {"m": m, "text": notification_sentence(m.kind, m.payload), **_inbox_link(m)}
        for m in page.object_list
    ]
    unread = selectors.inbox_unread_count(user=request.user)
    return render(request, "portal/inbox.html", {"page": page, "rows": rows, "unread": unread})


@require_POST
@signed_in
def inbox_read(request: HttpRequest) -> HttpResponse:
    services_mine.inbox_mark_read(user=request.user)
    return redirect(reverse("portal:inbox"))
