"""Submission drafts: what an applicant prepares online before submitting.

A draft is not a dossier: the dossier code is gap-free and issued only at submission
(docs/rules.md §5), so a draft lives in its own table and becomes a dossier in `draft_submit`.
Its files are stored privately under random names, like attachments (docs/rules.md §12).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftStep(models.TextChoices):
    """The wizard's steps, in order; `SubmissionDraft.step` is the furthest one reached."""

    AGENCY = "co-quan", _("Cơ quan tiếp nhận")  # only when several agencies receive it
    FORM = "to-khai", _("Tờ khai")
    FILES = "giay-to", _("Giấy tờ")
    REVIEW = "xem-lai", _("Xem lại")
    DONE = "hoan-tat", _("Hoàn tất")  # submitted: the dossier exists


STEP_ORDER = [s.value for s in DraftStep]


class SubmissionDraft(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submission_drafts"
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.CASCADE, related_name="+"
    )
    # Null until the applicant chooses, when several agencies receive the procedure.
    receiving_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.JSONField(default=dict)  # the applicant fields as typed
    form_data = models.JSONField(default=dict)  # the declaration as typed (maybe incomplete)
    step = models.CharField(max_length=16, choices=DraftStep.choices, default=DraftStep.FORM)
    dossier = models.OneToOneField(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "dossier"])]

    def __str__(self) -> str:
        return f"draft {self.pk} of {self.owner_id}"

    @property
    def idempotency_key(self) -> str:
        """The key `dossier_submit` receives: one draft gives at most one dossier."""
        return f"draft-{self.pk}"


class DraftFile(models.Model):
    """One file for one required document of a draft. `reused_from`: the file is an attachment
    of one of the owner's earlier dossiers, held by reference (its stored file is not ours)."""

    draft = models.ForeignKey(SubmissionDraft, on_delete=models.CASCADE, related_name="files")
    required_document = models.ForeignKey(
        "catalog.RequiredDocument", on_delete=models.CASCADE, related_name="+"
    )
    # Stored by `draft_attach` as drafts/<draft id>/<random hex><extension by content>.
    file = models.FileField(upload_to="drafts/", max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    reused_from = models.ForeignKey(
        "dossiers.Attachment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "required_document", "id"]

    def __str__(self) -> str:
        return self.original_name
