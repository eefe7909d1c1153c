"""The workspace dossier page (`/can-bo/ho-so/<code>/`) and its in-page document viewer.

The viewer frames a document of the same site: the page's CSP allows same-origin frames
(`default-src 'self'`), and only the viewer's response relaxes its own framing rules to
same-origin (`X-Frame-Options: SAMEORIGIN`, `frame-ancestors 'self'`); every other response keeps
DENY / 'none'. Only PDFs and images are shown inline; anything else downloads."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_replace
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from motcua.accounts.access import official_required
from motcua.core.downloads import file_response
from motcua.core.http import found_or_404
from motcua.dossiers.selectors.files import attachment_get_for_user
from motcua.workspace.selectors import dossier_for_official, dossier_page

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


@require_safe
@official_required
def dossier(request: HttpRequest, code: str) -> HttpResponse:
    page = found_or_404(dossier_page, user=request.user, code=code)
    context = {"p": page, "d": page.dossier, "inline_types": INLINE_TYPES}
    return render(request, "workspace/dossier.html", context)


@require_safe
@official_required  # type: ignore[arg-type]  # django-csp types its decorator for 1-arg views
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})  # type: ignore[arg-type]
def attachment_view(request: HttpRequest, code: str, attachment_id: int) -> FileResponse:
    """One document of a dossier in the official's scope, inline (PDF, image) for the viewer."""
    dossier = found_or_404(dossier_for_official, user=request.user, code=code)
    attachment = found_or_404(
        attachment_get_for_user, user=request.user, code=dossier.code, attachment_id=attachment_id
    )
    return file_response(
        stored=attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        sha256=attachment.sha256,
        inline=attachment.content_type in INLINE_TYPES,
    )
