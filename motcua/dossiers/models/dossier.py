"""The dossier (hồ sơ) and its daily code counter."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")  # being prepared by the applicant
    SUBMITTED = "submitted", _("Chờ tiếp nhận")  # submitted, awaiting the reception check
    NEEDS_SUPPLEMENT = "needs_supplement", _("Yêu cầu bổ sung")  # reception asked for more
    RECEIVED = "received", _("Đã tiếp nhận")  # clock started, appointment issued
    IN_PROGRESS = "in_progress", _("Đang xử lý")  # moving through the process steps
    RESULT_READY = "result_ready", _("Có kết quả")  # result recorded, awaiting return
    RETURNED = "returned", _("Đã trả kết quả")  # finished
    REJECTED = "rejected", _("Từ chối")  # refused with reasons
    WITHDRAWN = "withdrawn", _("Dừng theo yêu cầu")  # stopped at the applicant's request
    CANCELLED = "cancelled", _("Đã huỷ")  # cancelled (e.g. created by mistake before receipt)


# The statuses in which the statutory clock runs (unless the dossier is paused for a
# supplement): from receipt (form 01) until the result is recorded. Defined only here; the
# sweep, the transitions and the due state read it (docs/rules.md §4).
CLOCK_STATUSES = (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)
OPEN_STATUSES = (
    DossierStatus.SUBMITTED,
    DossierStatus.NEEDS_SUPPLEMENT,
    *CLOCK_STATUSES,
    DossierStatus.RESULT_READY,
)


class PauseReason(models.TextChoices):
    NONE = "", _("Không")
    SUPPLEMENT = "supplement", _("Chờ công dân bổ sung")  # clock stopped
    PAYMENT = "payment", _("Chờ thanh toán")  # clock stopped


class DueState(models.TextChoices):
    ON_TRACK = "on_track", _("Trong hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


TRACKING_PIN_DIGITS = 6


def new_tracking_pin() -> str:
    """A random PIN for public tracking, printed on the receipt slip and in its QR link.

    Stored in plain text on purpose: the receipt is rendered (and may be rendered again) after
    creation, so the PIN must stay readable, and a database reader already sees everything the
    PIN guards. Guessing is limited by `motcua.core.throttle` (5 failures per 15 minutes per
    client and per dossier), which the 10^6 space makes impractical."""
    return f"{secrets.randbelow(10**TRACKING_PIN_DIGITS):0{TRACKING_PIN_DIGITS}d}"


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=32, unique=True)
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.PROTECT, related_name="dossiers"
    )
    process = models.ForeignKey(
        "dossiers.ProcessDefinition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    profile_code = models.CharField(_("quy định áp dụng"), max_length=32)
    receiving_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="received_dossiers"
    )
    channel = models.CharField(_("kênh nộp"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DossierStatus.choices, db_index=True
    )
    pause_reason = models.CharField(max_length=16, choices=PauseReason.choices, blank=True)
    due_state = models.CharField(
        max_length=16, choices=DueState.choices, default=DueState.ON_TRACK, db_index=True
    )
    # Applicant and representative.
    applicant_kind = models.CharField(max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("người nộp"), max_length=255)
    applicant_id_number = models.CharField(_("số CCCD / mã số thuế"), max_length=14)
    applicant_phone = models.CharField(max_length=16, blank=True)
    applicant_email = models.EmailField(blank=True)
    applicant_address = models.CharField(max_length=500, blank=True)
    representative_name = models.CharField(max_length=255, blank=True)
    representative_id_number = models.CharField(max_length=12, blank=True)
    tracking_pin = models.CharField(
        _("mã tra cứu"), max_length=TRACKING_PIN_DIGITS, default=new_tracking_pin, editable=False
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    form_data = models.JSONField(default=dict)
    fee_total = models.PositiveBigIntegerField(default=0)
    # Timestamps (UTC).
    submitted_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    deemed_received_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả"), null=True, blank=True, db_index=True)
    extended_due_at = models.DateTimeField(_("hẹn lại"), null=True, blank=True)
    # The appointment as given at receipt (moved only by the Decree 63/2024 verification
    # extension), never by a supplement pause or an apology: the Decision 766 on-time rule
    # subtracts the supplement time from the end instead (docs/rules.md §29).
    appointment_at = models.DateTimeField(_("ngày hẹn trả khi tiếp nhận"), null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveBigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    calendar_version = models.CharField(max_length=64, blank=True)
    return_channel = models.CharField(max_length=16, blank=True)
    result_summary = models.TextField(blank=True)
    refusal_reasons = models.JSONField(default=list, blank=True)
    # Counters and flags feeding the 766 index.
    reception_supplements = models.PositiveSmallIntegerField(default=0)
    supplement_flagged = models.BooleanField(default=False)
    apology_count = models.PositiveSmallIntegerField(default=0)
    # "Cần xác minh": the appointment moved once to the process's verification limit
    # (Decree 63/2024/NĐ-CP Art. 7; docs/rules.md §15).
    verification_at = models.DateTimeField(
        _("thời điểm xác định cần xác minh"), null=True, blank=True
    )
    verification_reason = models.TextField(_("lý do cần xác minh"), blank=True)
    # Idempotent online submission: one dossier per (submitter, key).
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)  # bumped by every transition
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                name="uniq_dossier_idempotency",
                condition=models.Q(idempotency_key__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["receiving_agency", "status"]),
            # The sweep's "due before" test also reads extended_due_at; without this index
            # every chunk of the sweep scans the whole table.
            models.Index(
                fields=["extended_due_at"],
                condition=models.Q(extended_due_at__isnull=False),
                name="dossier_extended_due",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def effective_due_at(self) -> datetime | None:
        return self.extended_due_at or self.due_at


class DossierCounter(models.Model):
    """Daily sequence per agency for the dossier code (Circular 01/2018 Art. 19: XXXX)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="uniq_counter_agency_day"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"
