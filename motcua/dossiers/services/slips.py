"""Issuing a slip: render, sign (when a signer is configured), store, record."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from motcua.core import audit
from motcua.core.pdf import sign_pdf
from motcua.dossiers.models import Dossier, Slip
from motcua.dossiers.slips import render_slip

STREAM = "dossier"


def slip_generate(*, dossier: Dossier, kind: str, actor: Any = None) -> Slip:
    """Render the `kind` slip of `dossier`, store the PDF through the default storage and
    create the Slip row with the SHA-256 of the stored bytes.

    Rendering happens outside the transaction (it takes a while and touches no row). Every call
    issues a new Slip: re-issuing keeps the earlier copies, and equal hashes show that nothing
    changed. If the row cannot be written, the stored file is removed again."""
    rendered = render_slip(dossier, kind)
    pdf = sign_pdf(rendered.pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    slip = Slip(dossier=dossier, kind=kind, form_number=rendered.form.number, sha256=digest)
    slip.file.save(f"{dossier.code}-{kind}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            slip.save()
            audit.append(
                stream_type=STREAM,
                stream_id=dossier.code,
                kind="dossier.slip_generated",
                actor=actor,
                payload={
                    "slip": slip.pk,
                    "kind": kind,
                    "form_number": rendered.form.number,
                    "file": slip.file.name,
                    "sha256": digest,
                },
            )
    except Exception:
        if slip.file.name:
            slip.file.storage.delete(slip.file.name)
        raise
    return slip
