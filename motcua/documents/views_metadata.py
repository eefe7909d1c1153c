"""The Annex VI metadata of a document as an XML download (Decree 30/2020/NĐ-CP Annex VI
Part II; docs/documents.md "Metadata").

Thin: the same checks as the document's page (`views._outgoing_doc`, `views._incoming_doc`:
another agency's document is a 404, a citizen a 403, no session a redirect to sign in), then
`metadata`. An outgoing document has metadata once numbered (issued or registered on paper).
A stored value longer than its field is refused with the field named, never cut (400).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from motcua.accounts.access import official_required
from motcua.core.downloads import content_disposition
from motcua.core.errors import DomainError
from motcua.documents import metadata
from motcua.documents.views import _incoming_doc, _outgoing_doc


def _download(values: list[metadata.Value], root: str, name: str) -> HttpResponse:
    try:
        body = metadata.metadata_xml(values, root=root)
    except DomainError as exc:
        return HttpResponse(
            exc.message, status=exc.status, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = content_disposition(name, inline=False)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@official_required
def outgoing_metadata_xml(request: HttpRequest, doc_id: int) -> HttpResponse:
    doc = _outgoing_doc(request, doc_id)
    if doc.number is None:
        raise Http404(_("Văn bản chưa được cấp số."))
    name = f"{doc.symbol}-sieu-du-lieu.xml".replace("/", "-")
    return _download(metadata.outgoing_metadata(doc), metadata.OUTGOING_ROOT, name)


@require_safe
@official_required
def incoming_metadata_xml(request: HttpRequest, doc_id: int) -> HttpResponse:
    doc = _incoming_doc(request, doc_id)
    name = f"den-{doc.incoming_number}-{doc.year}-sieu-du-lieu.xml"
    return _download(metadata.incoming_metadata(doc), metadata.INCOMING_ROOT, name)
