"""The dossier actions the workspace offers (docs/rules.md): each one a named function calling
its one service with the dossier version the form was shown at, the form it needs (built with what
it needs from the dossier), and the words shown. `ACTIONS` maps the URL's action slug to it; the
page (`workspace.views_actions`) checks scope, version and permission before calling `perform`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.accounts.selectors import users_with_role
from motcua.dossiers.models import Dossier, Outcome
from motcua.dossiers.selectors.actions import StepActions
from motcua.dossiers.selectors.dossiers import assignee_get
from motcua.dossiers.services import bundles, lateness, processing, reception, results
from motcua.workspace import forms_actions as f


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
