"""Issuing a slip: render, sign (with the receiving agency's credential, docs/signing.md), store,
record.

Assumptions:
- A stored slip is the official copy: downloads serve its bytes (`slip_official`), never a
  fresh rendering. Re-issuing (`slip_generate`) keeps earlier copies; the newest is served.
- The control sheet is a running record of hand-overs: it is issued again when the dossier has
  changed (its version moved on) since the stored copy. Every other slip is issued once for the
  event that produced it and is not re-rendered on download.
- Files are stored under a random name (`models.records.slip_upload_to`); the media folder is
  never served by URL.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from motcua.core import audit
from motcua.core.pdf import sign_pdf
from motcua.dossiers.models import Dossier, Slip
from motcua.dossiers.slips import render_slip
from motcua.signing.selectors import verify_page_url

logger = logging.getLogger(__name__)

STREAM = "dossier"
RUNNING_RECORDS = ("control_sheet",)


def slip_generate(*, dossier: Dossier, kind: str, actor: Any = None) -> Slip:
    """Render the `kind` slip of `dossier`, store the PDF through the default storage and
    create the Slip row with the SHA-256 of the stored bytes.

    Rendering happens outside the transaction (it takes a while and touches no row). Every call
    issues a new Slip: re-issuing keeps the earlier copies, and equal hashes show that nothing
    changed. If the row cannot be written, the stored file is removed again."""
    slip = _render_and_store(dossier, kind)
    try:
        with transaction.atomic():
            _record(slip, actor)
    except BaseException:
        _delete_quietly(slip)
        raise
    return slip


def slip_official(*, dossier: Dossier, kind: str, actor: Any = None) -> Slip:
    """The stored copy to hand out: the newest issued slip of `kind`, issued now (through
    `slip_generate`'s steps) only when there is none yet, or when a running record is stale.

    Two first downloads at once both render, but under the dossier row lock the second finds
    the first one's row, removes its own file and returns the first: one official copy."""
    current = _latest(dossier, kind)
    if current is not None and not _stale(current, dossier):
        return current
    slip = _render_and_store(dossier, kind)
    try:
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            current = _latest(locked, kind)
            if current is not None and not _stale(current, locked):
                _delete_quietly(slip)
                return current
            _record(slip, actor)
    except BaseException:
        _delete_quietly(slip)
        raise
    return slip


def _latest(dossier: Dossier, kind: str) -> Slip | None:
    return (
        Slip.objects.filter(dossier_id=dossier.pk, kind=kind).order_by("-created_at", "-pk").first()
    )


def _stale(slip: Slip, dossier: Dossier) -> bool:
    return slip.kind in RUNNING_RECORDS and slip.dossier_version != dossier.version


def _render_and_store(dossier: Dossier, kind: str) -> Slip:
    rendered = render_slip(dossier, kind)
    # signed with the receiving agency's credential; the seal's QR leads to verification
    pdf = sign_pdf(rendered.pdf, agency=dossier.receiving_agency, verify_url=verify_page_url())
    slip = Slip(
        dossier=dossier,
        kind=kind,
        form_number=rendered.form.number,
        sha256=hashlib.sha256(pdf).hexdigest(),
        dossier_version=dossier.version,
    )
    slip.file.save(f"{kind}.pdf", ContentFile(pdf), save=False)
    return slip


def _record(slip: Slip, actor: Any) -> None:
    slip.save()
    audit.append(
        stream_type=STREAM,
        stream_id=slip.dossier.code,
        kind="dossier.slip_generated",
        actor=actor,
        payload={
            "slip": slip.pk,
            "kind": slip.kind,
            "form_number": slip.form_number,
            "file": slip.file.name,
            "sha256": slip.sha256,
        },
    )


def _delete_quietly(slip: Slip) -> None:
    try:
        if slip.file.name:
            slip.file.storage.delete(slip.file.name)
    except Exception:
        logger.exception("could not delete stored slip %s", slip.file.name)
