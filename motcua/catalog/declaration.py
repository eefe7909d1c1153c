"""The declaration form (tờ khai) of a procedure version as a blank printable PDF (rules §16).

Built from the version's `form_schema`: the national heading, the title, the procedure's name
and code, "Kính gửi" with the agency, the applicant's lines, each field as a labelled line to
fill by hand (boxes for the 12 digits of an ID number, checkboxes for the choices), the
documents to attach as checkboxes, and the place, date and signature block. Rendered by the one
renderer (`core.pdf`, WeasyPrint, Liberation Serif) on A4.

Contract:
- A blank form holds no personal data: it is public, for the version in force only.
- Rendered once per published version: the file is stored through the default storage as
  `declarations/<version id>-<hash>.pdf`, the hash being the SHA-256 of the HTML it is printed
  from. A published version is frozen, so its HTML changes only when the template or this module
  does, and then the new hash gives a new file. It is a cache, not a record: no audit event,
  and deleting the folder only costs a re-render.
- The text is the official Vietnamese whatever the reader's language (rendered under
  `translation.override("vi")`), so every reader gets the same stored file.
- Two first requests at once may both render; the second finds the first file stored and
  removes its own copy, so one file stays.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.core.errors import NotFound
from motcua.core.pdf import html_to_pdf

logger = logging.getLogger(__name__)

FOLDER = "declarations"
TEMPLATE = "declaration/form.html"
CCCD_DIGITS = 12
DOTS = "." * 40


@dataclass(frozen=True)
class FormLine:
    """One field of the form as printed."""

    label: str
    kind: str  # "line", "date", "boxes" or "choice"
    required: bool
    choices: tuple[str, ...] = ()
    boxes: int = 0


def _line(item: dict[str, Any]) -> FormLine:
    label, required = str(item.get("label") or item.get("name") or ""), bool(item.get("required"))
    kind = item.get("type", "text")
    if kind == "choice" and item.get("choices"):
        return FormLine(label, "choice", required, tuple(str(c) for c in item["choices"]))
    if kind == "cccd":
        return FormLine(label, "boxes", required, boxes=CCCD_DIGITS)
    if kind == "date":
        return FormLine(label, "date", required)
    return FormLine(label, "line", required)


def _recipient(version: ProcedureVersion) -> tuple[str, str]:
    """ "Kính gửi": the agency when there is one; else a line to fill and a hint of which."""
    agencies = [a.name for a in version.agencies.all()]
    if len(agencies) == 1:
        return agencies[0], ""
    hint = version.agency_text or "; ".join(agencies[:3])
    return "", hint


def declaration_context(version: ProcedureVersion) -> dict[str, Any]:
    recipient, hint = _recipient(version)
    return {
        "title": "TỜ KHAI",
        "procedure_name": version.name,
        "procedure_code": version.procedure.code,
        "version_number": version.number,
        "recipient": recipient,
        "recipient_hint": hint,
        "lines": [_line(item) for item in version.form_schema or []],
        "documents": [d.name for d in version.documents.all()],
        "box_range": range(CCCD_DIGITS),
        "dots": DOTS,
    }


def declaration_html(version: ProcedureVersion) -> str:
    with translation.override("vi"):
        return render_to_string(TEMPLATE, {**declaration_context(version), "paper": "A4"})


def declaration_file(*, version: ProcedureVersion) -> str:
    """The storage name of the blank form of `version` (a published version), rendered and
    stored on first use. NotFound for a version that is not in force."""
    if version.status != VersionStatus.PUBLISHED:
        raise NotFound("Chỉ có tờ khai của phiên bản đang áp dụng.", code="procedure_not_found")
    html = declaration_html(version)
    digest = hashlib.sha256(html.encode()).hexdigest()[:16]
    name = f"{FOLDER}/{version.pk}-{digest}.pdf"
    if default_storage.exists(name):
        return name
    stored = default_storage.save(name, ContentFile(html_to_pdf(html, paper="A4")))
    if stored != name:  # another request stored the same file meanwhile: keep that one
        _delete_quietly(stored)
    return name


def _delete_quietly(name: str) -> None:
    try:
        default_storage.delete(name)
    except Exception:
        logger.exception("could not delete duplicate declaration %s", name)
