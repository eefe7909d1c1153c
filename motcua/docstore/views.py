"""Pages of the document store: "Kho giấy tờ" (the owner's list and downloads) and the
official's "đã đối chiếu bản chính" action on the workspace dossier page.

Thin: parse, call one selector or service, render or redirect (PRG). Another person's item is a
404; a file leaves only through `core.downloads.file_response`, the stored copy as stored."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from motcua.accounts.access import official_required, signed_in
from motcua.core.downloads import file_response
from motcua.core.errors import DomainError, NotFound
from motcua.core.http import found_or_404
from motcua.docstore import selectors
from motcua.docstore.services import store_add_verified
from motcua.workspace.selectors import dossier_for_official

VERIFIED = gettext_lazy("Đã xác nhận đối chiếu bản chính; giấy tờ vào kho của người nộp.")


@require_safe
@signed_in
def store_list(request: HttpRequest) -> HttpResponse:
    items = list(selectors.store_items_for_user(user=request.user))
    return render(request, "docstore/store_list.html", {"items": items})


@require_safe
@login_required  # as every portal download (portal/views_files.py)
def store_download(request: HttpRequest, item_id: int) -> FileResponse:
    """The item's stored file as stored (a signed result keeps its signature), with its hash."""
    item = found_or_404(selectors.store_item_get_for_user, user=request.user, item_id=item_id)
    attachment = item.attachment
    return file_response(
        stored=attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        sha256=attachment.sha256,
    )


@require_POST
@official_required
def verify(request: HttpRequest, code: str, attachment_id: int) -> HttpResponse:
    """An official confirms an uploaded document against its original: into the store."""
    found_or_404(dossier_for_official, user=request.user, code=code)  # else 404, not 403
    try:
        store_add_verified(actor=request.user, code=code, attachment_id=attachment_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, VERIFIED)
    return redirect(reverse("workspace:dossier", kwargs={"code": code}) + "#h-docs")
