"""File downloads. Nothing under the media folder has a URL; every file goes out here, after a
check, through `motcua.core.downloads.file_response`.

- Slips and attachments of a dossier need a session and the right to see the dossier
  (`dossier_get_for_user`); a dossier the user may not see, an unknown kind and a slip that does
  not apply are all plain 404s (never telling which). A slip is the stored official copy, never
  a fresh rendering (`slip_official`).
- A procedure's blank form (mẫu đơn, tờ khai) is public: anyone may download the template of a
  document of the version in force.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from motcua.catalog import selectors as catalog
from motcua.catalog.models import RequiredDocument
from motcua.core import filetypes
from motcua.core.downloads import file_response
from motcua.core.errors import DomainError
from motcua.core.http import found_or_404
from motcua.dossiers.selectors.files import attachment_get_for_user, slip_dossier_for_user
from motcua.dossiers.services.slips import slip_official


@require_safe
@login_required
def slip_download(request: HttpRequest, code: str, kind: str) -> HttpResponseBase:
    """The stored official copy of one slip (issued now only if none exists yet)."""
    try:
        dossier = slip_dossier_for_user(user=request.user, code=code, kind=kind)
        slip = slip_official(dossier=dossier, kind=kind, actor=request.user)
    except DomainError as exc:
        if exc.code == "signing_failed":  # the timestamp authority is down: try again later
            return HttpResponse(
                exc.message,
                status=503,
                content_type="text/plain; charset=utf-8",
                headers={"Retry-After": "60"},
            )
        raise Http404(exc.message) from exc  # not found, or e.g. no supplement request yet
    return file_response(
        stored=slip.file,
        filename=f"{dossier.code}-{kind}.pdf",
        content_type="application/pdf",
        sha256=slip.sha256,
        inline=True,
    )


@require_safe
@login_required
def attachment_download(request: HttpRequest, code: str, attachment_id: int) -> FileResponse:
    """One attachment of a dossier the user may see, as a download under its original name."""
    attachment = found_or_404(
        attachment_get_for_user, user=request.user, code=code, attachment_id=attachment_id
    )
    return file_response(
        stored=attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        sha256=attachment.sha256,
    )


@require_safe
def procedure_template(request: HttpRequest, code: str, document_id: int) -> FileResponse:
    """The blank form attached to one required document of the procedure version in force."""
    version = found_or_404(catalog.procedure_get, code=code)
    document = next((d for d in version.documents.all() if d.pk == document_id), None)
    if document is None or not document.template:
        raise Http404("Không có mẫu đơn này.")
    return file_response(
        stored=document.template,
        filename=_template_filename(document),
        content_type=_template_type(document.template.name or ""),
    )


def _template_filename(document: RequiredDocument) -> str:
    stem, stored = document.template_name or document.name, document.template.name or ""
    dot = stored.rfind(".")
    return stem + (stored[dot:] if dot > 0 else "")


def _template_type(name: str) -> str:
    lower = name.lower()
    for ftype in filetypes.ACCEPTED:
        if lower.endswith((ftype.extension, *ftype.aliases)):
            return ftype.mime
    return "application/octet-stream"
