"""The online submission wizard: start a draft on the procedure page, then the steps
(agency when several receive it, declaration, documents, review), then the done page.

Every step saves the draft (POST → service → redirect); a step with problems is shown again
with them. Works without JavaScript; wizard.js only adds an upload progress bar."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from motcua.accounts.access import signed_in
from motcua.core.errors import DomainError, NotFound
from motcua.core.http import found_or_404
from motcua.dossiers.declaration_form import declaration_form
from motcua.dossiers.models import DraftStep, SubmissionDraft
from motcua.dossiers.selectors import drafts as selectors
from motcua.dossiers.services import drafts as services
from motcua.portal.forms_wizard import ApplicantForm, put_errors
from motcua.portal.views_wizard_files import files_step
from motcua.portal.wizard_steps import step_context, step_url

MINE_PATH = "/ho-so-cua-toi/{code}/"
PREFIX = "f"  # the declaration's field names, apart from the applicant's ("applicant-")


def mine_url(code: str) -> str:
    """The applicant's page of one dossier (built by the `mine` part of the portal)."""
    return MINE_PATH.format(code=code)


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def draft_start(request: HttpRequest, code: str) -> HttpResponse:
    """POST: start a draft of procedure `code`. GET (coming back from sign-in): the procedure
    page, where the button is."""
    back = reverse("portal:procedure_detail", args=[code])
    if request.method != "POST":
        return redirect(f"{back}#nop-truc-tuyen")
    try:
        draft = services.draft_start(actor=request.user, procedure_code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return redirect(step_url(draft, draft.step))


@require_safe
@signed_in
def drafts(request: HttpRequest) -> HttpResponse:
    items = list(selectors.drafts_open_for_user(user=request.user))
    return render(request, "portal/wizard_drafts.html", {"drafts": items})


@require_POST
@signed_in
def draft_discard(request: HttpRequest, draft_id: int) -> HttpResponse:
    try:
        services.draft_discard(actor=request.user, draft_id=draft_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã huỷ hồ sơ nháp."))
    return redirect("portal:drafts")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def draft_step(request: HttpRequest, draft_id: int, step: str) -> HttpResponse:
    handler = STEPS.get(step)
    if handler is None:
        raise Http404("Không có bước này.")
    draft = found_or_404(selectors.draft_get_for_user, user=request.user, draft_id=draft_id)
    if draft.dossier_id is not None and step != DraftStep.DONE:
        return redirect(step_url(draft, DraftStep.DONE))
    if draft.dossier_id is None and step == DraftStep.DONE:
        return redirect(step_url(draft, DraftStep.REVIEW))
    if draft.receiving_agency_id is None and step != DraftStep.AGENCY:
        return redirect(step_url(draft, DraftStep.AGENCY))
    return handler(request, draft)


def _render(
    request: HttpRequest,
    draft: SubmissionDraft,
    step: str,
    extra: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    context = {**step_context(draft, step), **extra}
    return render(request, f"portal/wizard_{step.replace('-', '_')}.html", context, status=status)


def _agency_step(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            services.draft_set_agency(
                actor=request.user, draft_id=draft.pk, agency_code=request.POST.get("agency", "")
            )
            return redirect(step_url(draft, DraftStep.FORM))
        except DomainError as exc:
            error = exc.message
    agencies = [a for a in draft.procedure_version.agencies.all() if a.is_active]
    return _render(
        request,
        draft,
        DraftStep.AGENCY,
        {"agencies": agencies, "error": error},
        status=400 if error else 200,
    )


def _form_step(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    schema = draft.procedure_version.form_schema
    if request.method != "POST":
        applicant = ApplicantForm(initial=draft.applicant)
        declaration = declaration_form(
            schema, prefix=PREFIX, initial=draft.form_data, autofill=True
        )
        return _render(request, draft, DraftStep.FORM, _forms(applicant, declaration))
    applicant = ApplicantForm(data=request.POST)
    declaration = declaration_form(schema, request.POST, prefix=PREFIX, autofill=True)
    problems = services.draft_save_form(
        actor=request.user,
        draft_id=draft.pk,
        applicant=_typed(applicant),
        form_data=_typed(declaration),
    )
    if request.POST.get("action") == "save":
        messages.success(request, _("Đã lưu nháp."))
        return redirect(step_url(draft, DraftStep.FORM))
    if not problems:
        return redirect(step_url(draft, DraftStep.FILES))
    put_errors(applicant, problems, "applicant")
    put_errors(declaration, problems, "form")
    return _render(request, draft, DraftStep.FORM, _forms(applicant, declaration), status=400)


def _typed(form: Any) -> dict[str, str]:
    """What was typed, field by field (also when a field's own check failed)."""
    return {name: form[name].value() or "" for name in form.fields}


def _forms(applicant: ApplicantForm, declaration: Any) -> dict[str, Any]:
    errors = [*applicant.errors.values(), *declaration.errors.values()]
    return {"applicant_form": applicant, "declaration_form": declaration, "has_errors": errors}


def _review_step(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    if request.method == "POST":
        try:
            services.draft_submit(actor=request.user, draft_id=draft.pk)
            return redirect(step_url(draft, DraftStep.DONE))
        except ValidationError as exc:
            problems, error = exc.message_dict, ""
        except DomainError as exc:
            problems, error = selectors.draft_problems(draft), exc.message
        return _render(
            request, draft, DraftStep.REVIEW, _review(draft, problems, error), status=400
        )
    problems = selectors.draft_problems(draft)
    return _render(request, draft, DraftStep.REVIEW, _review(draft, problems, ""))


def _review(draft: SubmissionDraft, problems: dict[str, list[str]], error: str) -> dict[str, Any]:
    labels = {s["name"]: s.get("label", s["name"]) for s in draft.procedure_version.form_schema}
    return {
        "problems": problems,
        "problem_list": [m for ms in problems.values() for m in ms],
        "error": error,
        "declaration": [(labels[k], draft.form_data.get(k, "")) for k in labels],
        "applicant_rows": _applicant_rows(draft.applicant),
        "documents": selectors.draft_documents(draft),
    }


def _applicant_rows(data: dict[str, str]) -> list[tuple[Any, str]]:
    form = ApplicantForm()
    kinds = dict(form.fields["kind"].choices)  # type: ignore[attr-defined]
    rows = []
    for name, field in form.fields.items():
        value = data.get(name, "")
        rows.append((field.label, str(kinds.get(value, value)) if name == "kind" else value))
    return rows


def _done_step(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    code = draft.dossier.code  # type: ignore[union-attr]
    return _render(request, draft, DraftStep.DONE, {"code": code, "mine_url": mine_url(code)})


STEPS = {
    DraftStep.AGENCY.value: _agency_step,
    DraftStep.FORM.value: _form_step,
    DraftStep.FILES.value: files_step,
    DraftStep.REVIEW.value: _review_step,
    DraftStep.DONE.value: _done_step,
}
