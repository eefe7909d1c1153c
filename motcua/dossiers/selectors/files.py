"""Reads of a dossier's files, under the dossier's visibility rule (`dossier_get_for_user`):
the applicant, whoever submitted for them online, and officials whose scope covers the dossier.
A file of a dossier the caller may not see, or of another dossier, is "not found". Internal
records (the control sheet of hand-overs between officials) need an official role in scope: the
applicant gets "not found" for them too."""

from __future__ import annotations

from typing import Any

from motcua.core.errors import NotFound
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.selectors.dossiers import dossier_get_for_user, dossier_in_official_scope
from motcua.dossiers.selectors.tracking import normalise_code
from motcua.dossiers.slips import SLIP_KINDS, slip_applies

INTERNAL_SLIPS = frozenset({"control_sheet"})  # phiếu kiểm soát quá trình giải quyết


def _dossier(user: Any, code: str) -> Dossier:
    normalised = normalise_code(code)  # a NUL or other junk never reaches the database
    if normalised is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    return dossier_get_for_user(user=user, code=normalised)


def attachment_get_for_user(*, user: Any, code: str, attachment_id: int) -> Attachment:
    dossier = _dossier(user, code)
    attachment = Attachment.objects.filter(dossier=dossier, pk=attachment_id).first()
    if attachment is None:
        raise NotFound("Không tìm thấy tệp đính kèm.")
    return attachment


def slip_dossier_for_user(*, user: Any, code: str, kind: str) -> Dossier:
    """The dossier whose `kind` slip the user may download; NotFound for an unknown kind or a
    slip that does not apply to the dossier (yet), never telling which."""
    if kind not in SLIP_KINDS:
        raise NotFound("Không có loại phiếu này.")
    dossier = _dossier(user, code)
    if kind in INTERNAL_SLIPS and not dossier_in_official_scope(user=user, dossier=dossier):
        raise NotFound("Hồ sơ không có phiếu này.")
    if not slip_applies(dossier, kind):
        raise NotFound("Hồ sơ không có phiếu này.")
    return dossier
