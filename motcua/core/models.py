"""Shared kernel tables: calendar overrides, the audit chain and its signed checkpoints, the
notification outbox, job runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")  # an announced extra day off (swap, compensatory day)
    WORKING_DAY = (
        "working_day",
        _("Ngày làm việc"),
    )  # a worked Saturday/Sunday, or a cancelled holiday


class CalendarOverride(models.Model):
    """An announced change that wins over the `holidays` library for one date.

    `agency` empty means city-wide; an agency row applies to that agency only (e.g. a ward that
    receives dossiers on one Saturday)."""

    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=16, choices=OverrideKind.choices)
    agency = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_overrides",
        verbose_name=_("cơ quan"),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    source = models.CharField(_("văn bản căn cứ"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "agency"], name="uniq_override_date_agency"),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(agency__isnull=True),
                name="uniq_override_city_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class AuditHead(models.Model):
    """The one head of the global chain (a single row, pk 1): the last global sequence number and
    its hash. Every append locks this row, so all events form one strictly ordered sequence."""

    last_gseq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"#{self.last_gseq} {self.last_hash[:12]}"


class AuditEvent(models.Model):
    """Append-only. `gseq` numbers every event of every stream (1, 2, 3, ...); `prev_hash` is the
    hash of event `gseq - 1`; `seq` numbers the events of one stream. `hash` = SHA-256 over
    `prev_hash` and the canonical JSON of the event (see `motcua.core.audit`)."""

    gseq = models.PositiveBigIntegerField(unique=True)
    stream_type = models.CharField(max_length=32)
    stream_id = models.CharField(max_length=64)
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    occurred_at = models.DateTimeField()
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["stream_type", "stream_id", "seq"], name="uniq_audit_seq"
            ),
        ]
        indexes = [
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["kind", "occurred_at"]),
        ]
        ordering = ["gseq"]

    def __str__(self) -> str:
        return f"#{self.gseq} {self.stream_type}:{self.stream_id}#{self.seq} {self.kind}"


class AuditCheckpoint(models.Model):
    """A signed statement "event #gseq of the chain has hash `head_hash`" (Ed25519).

    The key lives outside the database, so a database writer who rewrites the chain cannot sign
    a matching checkpoint; `motcua audit_verify` checks the chain against these rows."""

    gseq = models.PositiveBigIntegerField()
    head_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=128)  # hex of the 64-byte Ed25519 signature

    class Meta:
        ordering = ["gseq", "signed_at"]

    def __str__(self) -> str:
        return f"#{self.gseq} {self.head_hash[:12]} ({self.key_id})"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Lỗi")


class OutboxMessage(models.Model):
    """A side effect (notification, a push to the national portal) written in the same
    transaction as the change that caused it; `motcua.core.outbox` delivers it."""

    kind = models.CharField(max_length=64)
    channel = models.CharField(max_length=16, default="portal")
    recipient = models.CharField(max_length=255, blank=True)
    subject_type = models.CharField(max_length=32, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    # the account it is addressed to, when there is one: the portal's notifications inbox
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payload = models.JSONField(default=dict)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(
        max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # not before this time may a deliverer claim it: the lease of the attempt in progress, then
    # the back-off after a failure (motcua.core.outbox); null: at once
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # when the addressed user saw it in the portal's inbox (None: unread)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "channel", "next_attempt_at"]),
            models.Index(fields=["user", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient or self.channel}"


class JobRun(models.Model):
    """When each periodic job last ran, so a missed sweep shows on the health page."""

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_ok = models.BooleanField(default=False)
    last_message = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class Throttle(models.Model):
    """A failure counter shared by every process (web workers), e.g. tracking-page guesses.

    Failures count in a window from the first one; reaching the limit sets `blocked_until`
    (see `motcua.core.throttle`)."""

    key = models.CharField(max_length=200, unique=True)
    window_started_at = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
