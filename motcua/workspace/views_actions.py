"""Dossier actions from the workspace: `/can-bo/ho-so/<code>/thao-tac/<action>/`.

GET shows the action's form on a confirmation page; POST performs it through one named service,
with the dossier version the form was shown at. Order of checks on POST: the dossier in the
user's official scope (else 404); the version (someone acted since → 409 page, nothing changed);
the action available to this user now (`dossiers.selectors.actions`, else 403); the form; then
the service, whose DomainError is shown on the form with its status (nothing changed: the
service's transaction rolled back)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.access import official_required
from motcua.accounts.models import Agency
from motcua.accounts.selectors import users_with_role
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.dossiers.models import Dossier, Outcome
from motcua.dossiers.selectors.actions import DossierActions, StepActions, dossier_actions
from motcua.dossiers.selectors.dossiers import assignee_get, dossier_open_steps
from motcua.dossiers.services import bundles, lateness, processing, reception, results
from motcua.workspace import forms_actions as f
from motcua.workspace.selectors import dossier_for_official

STALE = _(
    "Hồ sơ vừa được người khác cập nhật (phiên bản đã thay đổi), nên thao tác của bạn chưa "
    "được thực hiện. Vui lòng tải lại hồ sơ, xem thay đổi rồi làm lại nếu vẫn cần."
)


@dataclass
class Ctx:
    user: Any
    dossier: Dossier
    step: StepActions | None

    @property
    def code(self) -> str:
        return self.dossier.code


def _version(form: f.ActionForm) -> int:
    return int(form.cleaned_data["version"])


def _step_id(ctx: Ctx) -> int:
    assert ctx.step is not None  # step actions are only reached with their step
    return int(ctx.step.step.pk)


# -- one function per action, each calling its service ------------------------------------------


def _receive(ctx: Ctx, form: Any) -> None:
    reception.dossier_receive(actor=ctx.user, code=ctx.code, expected_version=_version(form))


def _request_supplement(ctx: Ctx, form: Any) -> None:
    reception.dossier_request_supplement(
        actor=ctx.user,
        code=ctx.code,
        items=form.items(),
        legal_basis=form.cleaned_data["legal_basis"],
        override=form.cleaned_data["override"],
        expected_version=_version(form),
    )


def _refuse(ctx: Ctx, form: Any) -> None:
    reception.dossier_refuse(
        actor=ctx.user, code=ctx.code, reasons=form.reason_list(), expected_version=_version(form)
    )


def _claim(ctx: Ctx, form: Any) -> None:
    processing.step_claim(
        actor=ctx.user, code=ctx.code, step_id=_step_id(ctx), expected_version=_version(form)
    )


def _assign(ctx: Ctx, form: Any) -> None:
    processing.step_assign(
        actor=ctx.user,
        code=ctx.code,
        step_id=_step_id(ctx),
        assignee=assignee_get(username=form.cleaned_data["assignee"]),
        expected_version=_version(form),
    )


def _complete(ctx: Ctx, form: Any) -> None:
    outcome = form.cleaned_data["outcome"]
    processing.step_complete(
        actor=ctx.user,
        code=ctx.code,
        step_id=_step_id(ctx),
        outcome=outcome,
        note=form.cleaned_data["note"],
        items=form.items() if outcome == Outcome.SUPPLEMENT else None,
        reasons=form.reason_list(),
        target_agency=form.cleaned_data["target_agency"] or None,
        legal_basis=form.cleaned_data["legal_basis"],
        override=form.cleaned_data["override"],
        expected_version=_version(form),
    )


def _apologize(ctx: Ctx, form: Any) -> None:
    lateness.apology_issue(
        actor=ctx.user,
        code=ctx.code,
        reason=form.cleaned_data["reason"],
        new_due=form.cleaned_data["new_due"],
        expected_version=_version(form),
    )


def _verify(ctx: Ctx, form: Any) -> None:
    bundles.dossier_verification_extend(
        actor=ctx.user,
        code=ctx.code,
        reason=form.cleaned_data["reason"],
        expected_version=_version(form),
    )


def _record_result(ctx: Ctx, form: Any) -> None:
    results.result_record(
        actor=ctx.user,
        code=ctx.code,
        summary=form.cleaned_data["summary"],
        document=form.cleaned_data["document"],
        expected_version=_version(form),
    )


def _return_result(ctx: Ctx, form: Any) -> None:
    results.result_return(
        actor=ctx.user,
        code=ctx.code,
        channel=form.cleaned_data["channel"],
        expected_version=_version(form),
    )


# -- the forms, with what each needs from the dossier -------------------------------------------


def _assign_form(ctx: Ctx, data: Any, files: Any, initial: dict[str, Any]) -> f.ActionForm:
    assert ctx.step is not None
    step = ctx.step.step
    officials = list(users_with_role(step.step.role, step.agency).order_by("username"))
    return f.AssignForm(data, initial=initial, officials=officials)


def _complete_form(ctx: Ctx, data: Any, files: Any, initial: dict[str, Any]) -> f.ActionForm:
    assert ctx.step is not None
    outcomes = ctx.step.outcomes
    agencies: list[Agency] = []
    if Outcome.FORWARD in outcomes:
        qs = Agency.objects.filter(is_active=True).exclude(pk=ctx.step.step.agency_id)
        agencies = list(qs.only("code", "name").order_by("name"))
    return f.CompleteForm(data, initial=initial, outcomes=outcomes, agencies=agencies)


def _plain(form_class: type[f.ActionForm]) -> Callable[[Ctx, Any, Any, dict[str, Any]], Any]:
    def build(ctx: Ctx, data: Any, files: Any, initial: dict[str, Any]) -> f.ActionForm:
        return form_class(data, files, initial=initial)

    return build


@dataclass(frozen=True)
class Action:
    field: str  # the DossierActions flag that says the user may
    title: Any
    done: Any
    build: Callable[[Ctx, Any, Any, dict[str, Any]], Any]
    perform: Callable[[Ctx, Any], None]
    on_step: bool = False


ACTIONS = {
    "receive": Action(
        "receive", _("Tiếp nhận hồ sơ"), _("Đã tiếp nhận hồ sơ."), _plain(f.ReceiveForm), _receive
    ),
    "request-supplement": Action(
        "request_supplement",
        _("Yêu cầu bổ sung hồ sơ"),
        _("Đã gửi yêu cầu bổ sung."),
        _plain(f.SupplementForm),
        _request_supplement,
    ),
    "refuse": Action(
        "refuse", _("Từ chối tiếp nhận"), _("Đã từ chối hồ sơ."), _plain(f.RefuseForm), _refuse
    ),
    "claim": Action(
        "claim", _("Nhận xử lý bước"), _("Đã nhận xử lý."), _plain(f.ClaimForm), _claim, True
    ),
    "assign": Action("assign", _("Giao xử lý bước"), _("Đã giao."), _assign_form, _assign, True),
    "complete": Action(
        "complete", _("Hoàn thành bước"), _("Đã xử lý bước."), _complete_form, _complete, True
    ),
    "apologize": Action(
        "apologize",
        _("Xin lỗi và hẹn lại ngày trả"),
        _("Đã phát hành văn bản xin lỗi, hẹn lại."),
        _plain(f.ApologyForm),
        _apologize,
    ),
    "verify": Action(
        "verify",
        _("Cần xác minh: gia hạn theo thời hạn liên thông"),
        _("Đã gia hạn do hồ sơ cần xác minh."),
        _plain(f.VerifyForm),
        _verify,
    ),
    "record-result": Action(
        "record_result",
        _("Ghi nhận kết quả giải quyết"),
        _("Đã ghi nhận kết quả."),
        _plain(f.RecordResultForm),
        _record_result,
    ),
    "return-result": Action(
        "return_result",
        _("Trả kết quả"),
        _("Đã trả kết quả."),
        _plain(f.ReturnResultForm),
        _return_result,
    ),
}


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else None


def _context(request: HttpRequest, code: str, name: str) -> tuple[Action, Ctx, DossierActions]:
    spec = ACTIONS.get(name)
    try:
        dossier = dossier_for_official(user=request.user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if spec is None:
        raise Http404("Không có thao tác này.")
    acts = dossier_actions(
        user=request.user, dossier=dossier, open_steps=dossier_open_steps(dossier)
    )
    step_id = _int(request.POST.get("step_id") or request.GET.get("buoc"))
    step = acts.step(step_id) if spec.on_step else None
    if spec.on_step and step is None:
        raise Http404("Không có bước đang mở này.")
    return spec, Ctx(request.user, dossier, step), acts


def _page(request: HttpRequest, spec: Action, ctx: Ctx, form: Any, status: int = 200) -> Any:
    context = {"spec": spec, "dossier": ctx.dossier, "step": ctx.step, "form": form}
    return render(request, "workspace/action.html", context, status=status)


def _stale(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    context = {"dossier": ctx.dossier, "message": STALE}
    return render(request, "workspace/conflict.html", context, status=409)


def _forbidden(request: HttpRequest, spec: Action, ctx: Ctx) -> HttpResponse:
    message = gettext("Bạn không thể thực hiện thao tác này với hồ sơ ở thời điểm này.")
    context = {"spec": spec, "dossier": ctx.dossier, "step": ctx.step, "forbidden": message}
    return render(request, "workspace/action.html", context, status=403)


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    spec, ctx, acts = _context(request, code, action)
    step_id = ctx.step.step.pk if ctx.step else None
    if request.method == "POST":
        posted = _int(request.POST.get("version"))
        if posted is not None and posted != ctx.dossier.version:
            return _stale(request, ctx)
    if not acts.allows(spec.field, step_id):
        return _forbidden(request, spec, ctx)
    initial = {"version": ctx.dossier.version, "step_id": step_id}
    if request.method != "POST":
        return _page(request, spec, ctx, spec.build(ctx, None, None, initial))
    form = spec.build(ctx, request.POST, request.FILES, initial)
    if not form.is_valid():
        return _page(request, spec, ctx, form, status=400)
    return _perform(request, spec, ctx, form)


def _perform(request: HttpRequest, spec: Action, ctx: Ctx, form: Any) -> HttpResponse:
    try:
        spec.perform(ctx, form)
    except Conflict as exc:
        if exc.code == "version_conflict":
            return _stale(request, ctx)
        form.add_error(None, exc.message)
        return _page(request, spec, ctx, form, status=exc.status)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _page(request, spec, ctx, form, status=exc.status)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _page(request, spec, ctx, form, status=400)
    messages.success(request, spec.done)
    return redirect("workspace:dossier", code=ctx.code)
