"""The wizard's documents step: one upload per required document, removing a file, and
"Dùng giấy tờ đã có" and "Lấy từ kho giấy tờ" (motcua/docstore) for reusable documents. A plain
multipart POST without JavaScript; wizard.js sends the same form with XMLHttpRequest (to show
upload progress) and gets JSON."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.http import query_id
from motcua.docstore.selectors import store_items_for_document, store_items_for_user
from motcua.docstore.services_attach import store_item_to_draft
from motcua.dossiers.models import DraftStep, SubmissionDraft
from motcua.dossiers.selectors import drafts as selectors
from motcua.dossiers.services import drafts as services
from motcua.dossiers.services.attachments import mb
from motcua.portal.forms_wizard import ACCEPT
from motcua.portal.wizard_steps import step_context, step_url

NO_FILE = "Hãy chọn một tệp để tải lên."


def _act(request: HttpRequest, draft: SubmissionDraft) -> str:
    """Run the posted action; returns the message to show."""
    action = request.POST.get("action")
    document = query_id(request.POST.get("document"))
    if action == "remove":
        services.draft_detach(
            actor=request.user, draft_id=draft.pk, file_id=query_id(request.POST.get("file")) or 0
        )
        return _("Đã xoá tệp.")
    if document is None:
        raise DomainError("Thành phần hồ sơ không hợp lệ.", code="unknown_document")
    if action == "reuse":
        services.draft_reuse(
            actor=request.user,
            draft_id=draft.pk,
            required_document_id=document,
            attachment_id=query_id(request.POST.get("attachment")) or 0,
        )
        return _("Đã dùng giấy tờ đã có.")
    if action == "store":
        store_item_to_draft(
            actor=request.user,
            draft_id=draft.pk,
            item_id=query_id(request.POST.get("item")) or 0,
            required_document_id=document,
        )
        return _("Đã lấy giấy tờ từ kho giấy tờ.")
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(NO_FILE, code="file_missing")
    services.draft_attach(
        actor=request.user, draft_id=draft.pk, required_document_id=document, upload=upload
    )
    return _("Đã tải lên tệp %(name)s.") % {"name": upload.name}


def files_step(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    xhr = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    target = step_url(draft, DraftStep.FILES)
    errors: dict[int, str] = {}
    if request.method == "POST":
        try:
            done = _act(request, draft)
        except DomainError as exc:
            if xhr:
                return JsonResponse({"ok": False, "error": exc.message}, status=400)
            errors[query_id(request.POST.get("document")) or 0] = exc.message
        else:
            messages.success(request, done)
            if xhr:
                return JsonResponse({"ok": True, "redirect": target})
            return redirect(target)
    context = {
        **step_context(draft, DraftStep.FILES),
        "documents": _documents(draft, errors, request.user),
        "reusable": list(selectors.reusable_attachments(user=request.user)),
        "accept": ACCEPT,
        "max_mb": mb(settings.MOTCUA["ATTACHMENT_MAX_BYTES"]),
        "errors": errors,
    }
    return render(request, "portal/wizard_giay_to.html", context, status=400 if errors else 200)


def _documents(draft: SubmissionDraft, errors: dict[int, str], user: Any) -> list[dict[str, Any]]:
    """Each document with its files, its error, and (when reusable) the store items offered."""
    items = list(store_items_for_user(user=user))
    return [
        {
            "doc": doc,
            "files": files,
            "error": errors.get(doc.pk, ""),
            "store": store_items_for_document(items, doc.name) if doc.reusable else [],
        }
        for doc, files in selectors.draft_documents(draft)
    ]
