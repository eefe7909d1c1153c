"""Counter intake pages (/can-bo/tiep-nhan/): choose the procedure, enter the applicant, the
declaration and the scans, then the receipt page with the slip to print.

Thin: the selectors and `workspace.intake.counter_intake` hold the rules; a refused intake
shows every problem at the top and next to its field, and nothing is recorded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from motcua.accounts.access import official_required
from motcua.core.errors import DomainError
from motcua.core.http import found_or_404
from motcua.core.identifiers import validate_cccd
from motcua.dossiers.declaration_form import declaration_form, declaration_values
from motcua.workspace.forms_intake import (
    APPLICANT_KEYS,
    ApplicantForm,
    ChannelForm,
    CitizenLookupForm,
    DocumentsForm,
    ProcedureSearchForm,
)
from motcua.workspace.intake import (
    IntakeChoice,
    IntakeFiles,
    citizen_prefill,
    counter_intake,
    intake_agencies,
    intake_procedure_get,
    intake_procedures,
    intake_receipt,
)

DECLARATION_PREFIX = "tk"  # tờ khai: keeps the declaration apart from the applicant's fields


@require_safe
@official_required
def intake_start(request: HttpRequest) -> HttpResponse:
    """The procedures the officer's agencies take in at the counter, filtered by a search box."""
    form = ProcedureSearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "form": form,
        "q": q,
        "procedures": intake_procedures(user=request.user, q=q),
        "is_reception": intake_agencies(request.user).exists(),
    }
    return render(request, "workspace/intake_start.html", context)


def _lookup(request: HttpRequest) -> tuple[CitizenLookupForm, dict[str, str], str]:
    """The CCCD lookup (GET ?cccd=): the applicant fields it prefills and a note to show."""
    lookup = CitizenLookupForm(request.GET or None)
    if not (lookup.is_bound and lookup.is_valid() and lookup.cleaned_data["cccd"]):
        return lookup, {}, ""
    try:
        cccd = validate_cccd(lookup.cleaned_data["cccd"])
    except ValidationError as exc:
        lookup.add_error("cccd", exc)
        return lookup, {}, ""
    found = citizen_prefill(cccd=cccd)
    initial = {"kind": "person", "id_number": cccd, **(found or {})}
    note = (
        _("Đã điền thông tin từ tài khoản công dân có số CCCD này.")
        if found
        else _("Chưa có tài khoản công dân với số CCCD này; hãy nhập thông tin người nộp.")
    )
    return lookup, initial, note


def _forms(request: HttpRequest, choice: IntakeChoice, initial: dict[str, Any]) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    version = choice.version
    return {
        "applicant": ApplicantForm(data, initial=initial),
        "channel": ChannelForm(data, agencies=choice.agencies),
        "declaration": declaration_form(version.form_schema or [], data, prefix=DECLARATION_PREFIX),
        "documents": DocumentsForm(data, files, documents=list(version.documents.all())),
    }


def _place_errors(forms_: dict[str, forms.Form], exc: ValidationError) -> None:
    """Put the service's errors next to their fields; anything else goes to the top."""
    declaration, documents = forms_["declaration"], forms_["documents"]
    for key, messages in exc.message_dict.items():
        if key in APPLICANT_KEYS:
            forms_["applicant"].add_error(APPLICANT_KEYS[key], messages)
        elif key in declaration.fields:
            declaration.add_error(key, messages)
        elif key in documents.fields:
            documents.add_error(key, messages)
        else:
            forms_["applicant"].add_error(None, messages)


def _submit(request: HttpRequest, choice: IntakeChoice, forms_: dict[str, Any]) -> str | None:
    """The new dossier's code, or None with the errors placed on the forms."""
    if not all(f.is_valid() for f in forms_.values()):
        return None
    try:
        dossier = counter_intake(
            actor=request.user,
            procedure_code=choice.version.procedure.code,
            agency_code=forms_["channel"].cleaned_data["agency"],
            applicant=forms_["applicant"].applicant(),
            form_data=declaration_values(forms_["declaration"]),
            files=IntakeFiles(by_document=forms_["documents"].by_document()),
            channel=forms_["channel"].cleaned_data["channel"],
        )
    except ValidationError as exc:
        _place_errors(forms_, exc)
        return None
    except DomainError as exc:
        forms_["applicant"].add_error(None, exc.message)
        return None
    return dossier.code


def _error_list(forms_: dict[str, forms.Form]) -> list[dict[str, Any]]:
    """Every error, for the summary at the top: its message and the id of its field."""
    out = []
    for form in forms_.values():
        for message in form.non_field_errors():
            out.append({"message": message, "anchor": ""})
        for name, field in form.fields.items():
            for message in form.errors.get(name, []):
                out.append(
                    {"message": f"{field.label}: {message}", "anchor": form[name].id_for_label}
                )
    return out


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def intake_form(request: HttpRequest, code: str) -> HttpResponse:
    """The intake of one procedure; POST takes the dossier in and goes to its receipt page."""
    choice = found_or_404(intake_procedure_get, user=request.user, code=code)
    lookup, initial, note = _lookup(request)
    forms_ = _forms(request, choice, initial)
    status = 200
    if request.method == "POST":
        created = _submit(request, choice, forms_)
        if created is not None:
            return redirect("workspace:intake_receipt", code=created)
        status = 400
    context = {
        "version": choice.version,
        "lookup": lookup,
        "lookup_note": note,
        "forms": forms_,
        "errors": _error_list(forms_),
    }
    return render(request, "workspace/intake_form.html", context, status=status)


@require_safe
@official_required
def intake_receipt_page(request: HttpRequest, code: str) -> HttpResponse:
    """The dossier taken in, its appointment, and its receipt slip once rendered."""
    receipt = found_or_404(intake_receipt, user=request.user, code=code)
    return render(request, "workspace/intake_receipt.html", {"receipt": receipt})
