"""Dossier actions from the workspace: `/can-bo/ho-so/<code>/thao-tac/<action>/`.

GET shows the action's form on a confirmation page; POST performs it through one named service,
with the dossier version the form was shown at. Order of checks on POST: the dossier in the
user's official scope (else 404); the version (someone acted since → 409 page, nothing changed);
the action available to this user now (`dossiers.selectors.actions`, else 403); the form; then
the service, whose DomainError is shown on the form with its status (nothing changed: the
service's transaction rolled back). The actions themselves are `workspace.actions.ACTIONS`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.access import official_required
from motcua.core.errors import Conflict, DomainError
from motcua.core.http import found_or_404, query_id
from motcua.dossiers.selectors.actions import DossierActions, dossier_actions
from motcua.dossiers.selectors.dossiers import dossier_open_steps
from motcua.workspace.actions import ACTIONS, Action, Ctx
from motcua.workspace.selectors import dossier_for_official

STALE = _(
    "Hồ sơ vừa được người khác cập nhật (phiên bản đã thay đổi), nên thao tác của bạn chưa "
    "được thực hiện. Vui lòng tải lại hồ sơ, xem thay đổi rồi làm lại nếu vẫn cần."
)


def _context(request: HttpRequest, code: str, name: str) -> tuple[Action, Ctx, DossierActions]:
    spec = ACTIONS.get(name)
    dossier = found_or_404(dossier_for_official, user=request.user, code=code)
    if spec is None:
        raise Http404("Không có thao tác này.")
    acts = dossier_actions(
        user=request.user, dossier=dossier, open_steps=dossier_open_steps(dossier)
    )
    step_id = query_id(request.POST.get("step_id") or request.GET.get("buoc"))
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
        posted = query_id(request.POST.get("version"))
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
