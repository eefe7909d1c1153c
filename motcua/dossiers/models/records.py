"""What happens to a dossier: step instances (the control sheet), supplements, apologies,
attachments and generated slips."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_name(folder: str, code: str, suffix: str) -> str:
    """A storage name nobody can guess: `<folder>/<dossier code>/<random hex><suffix>`.

    The media folder is never served by URL (files go out through views that check rights),
    so this only guards against a storage listing or URL leaking; the code in the folder name
    keeps a dossier's files together for backups and clean-up."""
    safe = re.sub(r"[^0-9A-Za-z.-]", "_", code).strip(".") or "_"
    return f"{folder}/{safe}/{uuid.uuid4().hex}{suffix}"


def attachment_upload_to(instance: Any, filename: str) -> str:
    return private_name("dossiers", instance.dossier.code, _suffix(filename))


def slip_upload_to(instance: Any, filename: str) -> str:
    return private_name("slips", instance.dossier.code, ".pdf")


def _suffix(filename: str) -> str:
    dot = filename.rfind(".")
    suffix = filename[dot:].lower() if dot > 0 else ""
    return suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""


class StepStatus(models.TextChoices):
    ACTIVE = "active", _("Đang xử lý")  # waiting for or being worked by an official
    DONE = "done", _("Hoàn thành")  # completed with an outcome
    RETURNED = "returned", _("Trả lại")  # sent back to a previous step
    CANCELLED = "cancelled", _("Huỷ")  # the dossier ended while the step was open


class Timing(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class StepInstance(models.Model):
    """One activation of a process step for a dossier: one row of the control sheet."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey("dossiers.ProcessStep", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=StepStatus.choices, default=StepStatus.ACTIVE)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activated_at = models.DateTimeField()
    due_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    timing = models.CharField(max_length=10, choices=Timing.choices, blank=True)
    due_state = models.CharField(max_length=16, default="on_track")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["dossier", "activated_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["agency", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}:{self.step_id} {self.status}"


class SupplementStage(models.TextChoices):
    RECEPTION = "reception", _("Khi tiếp nhận")  # completeness check at the desk
    PROCESSING = "processing", _("Trong quá trình giải quyết")  # clock paused


class SupplementRequest(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="supplement_requests"
    )
    stage = models.CharField(max_length=16, choices=SupplementStage.choices)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    items = models.JSONField(default=list)  # [{"name": ..., "reason": ...}]
    legal_basis = models.CharField(max_length=500, blank=True)
    is_override = models.BooleanField(default=False)  # a second request at reception
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.stage} {self.requested_at:%Y-%m-%d}"


class Apology(models.Model):
    """Form 04: apology with the reason for delay and the new appointment (once per dossier)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="apologies"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    reason = models.TextField()
    old_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField()
    form_number = models.CharField(max_length=8, blank=True)
    # False when issued later than the profile allows (kept visible to inspectors, not refused:
    # refusing would hide the lateness instead of recording it).
    issued_in_time = models.BooleanField(default=True)

    class Meta:
        ordering = ["dossier", "issued_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.new_due_at:%Y-%m-%d}"


class AttachmentPurpose(models.TextChoices):
    COMPONENT = "component", _("Thành phần hồ sơ")
    SUPPLEMENT = "supplement", _("Bổ sung")
    RESULT = "result", _("Kết quả giải quyết")


class Attachment(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="attachments"
    )
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField(
        max_length=16, choices=AttachmentPurpose.choices, default=AttachmentPurpose.COMPONENT
    )
    file = models.FileField(upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Slip(models.Model):
    """A rendered official slip (PDF), kept with its hash so a re-render can be compared."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="slips")
    kind = models.CharField(max_length=32)  # receipt, supplement, refusal, apology, ...
    form_number = models.CharField(max_length=8, blank=True)
    file = models.FileField(upload_to=slip_upload_to, max_length=300)
    sha256 = models.CharField(max_length=64)
    # The dossier's version the slip was rendered from: a running record (the control sheet)
    # is issued again once the dossier has moved on.
    dossier_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier", "created_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind}"
