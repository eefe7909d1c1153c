"""The blank declaration form (tờ khai) of a procedure as a PDF: public, no personal data.

The file is the one `catalog.declaration` stored for the version in force (rendered once per
published version) and is streamed from the storage; the media folder has no URL."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from motcua.catalog import selectors as catalog
from motcua.catalog.declaration import declaration_file
from motcua.core.downloads import content_disposition
from motcua.core.errors import NotFound

MAX_AGE = 3600  # a new version gives new bytes at the same address: cache for an hour only


@require_safe
def declaration_pdf(request: HttpRequest, code: str) -> FileResponse:
    try:
        version = catalog.procedure_get(code=code)
        name = declaration_file(version=version)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = FileResponse(default_storage.open(name, "rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"to-khai-{version.procedure.code}.pdf", inline=True
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
