"""Models of assigned tasks (giao việc, issue 12 §6; docs/directives.md): a leader assigns a task
from a document or a meeting to an agency (and optionally one of its officials) with a deadline
in working days; the assignee reports progress with files until it is done or cancelled.

The deadline is a stored date, computed once at assignment (and at each extension) from the
working-day calendar: a later calendar change never moves a deadline already given."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency


class SourceKind(models.TextChoices):
    DOCUMENT = "document", _("Văn bản")  # a decision, directive or official letter
    MEETING = "meeting", _("Cuộc họp")  # the conclusions of a meeting (thông báo kết luận)
    OTHER = "other", _("Khác")  # a verbal instruction, a field visit …


class Status(models.TextChoices):
    ASSIGNED = "assigned", _("Đã giao")  # given, no progress reported yet
    IN_PROGRESS = "in_progress", _("Đang thực hiện")  # at least one progress report
    DONE = "done", _("Đã hoàn thành")  # completed; on time or late is stored
    CANCELLED = "cancelled", _("Đã hủy")  # withdrawn by the assigning leader, with a reason


OPEN_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS)


class Task(models.Model):
    """One assigned task. `deadline` is the deadline in force (after extensions);
    `original_deadline` the one given at assignment, never changed."""

    assigning_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan giao")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người giao"),
    )
    assigned_at = models.DateTimeField(_("thời điểm giao"))
    source_kind = models.CharField(_("nguồn giao"), max_length=16, choices=SourceKind.choices)
    source_reference = models.CharField(_("căn cứ giao"), max_length=300)
    # the official document the task comes from: issued by the assigning agency or received by it
    source_document = models.ForeignKey(
        "documents.OutgoingDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("văn bản nguồn"),
    )
    title = models.CharField(_("nội dung nhiệm vụ"), max_length=300)
    description = models.TextField(_("mô tả, yêu cầu"), blank=True)
    assignee_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan chủ trì")
    )
    assignee_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cán bộ được giao"),
    )
    coordinating_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", verbose_name=_("cơ quan phối hợp")
    )
    working_days = models.PositiveSmallIntegerField(_("thời hạn (ngày làm việc)"))
    original_deadline = models.DateField(_("hạn ban đầu"))
    deadline = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.ASSIGNED
    )
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed_at = models.DateTimeField(_("thời điểm hoàn thành"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # None while open or cancelled; else completed on or before the deadline day (local date)
    completed_on_time = models.BooleanField(_("hoàn thành đúng hạn"), null=True, blank=True)
    completion_note = models.TextField(_("kết quả thực hiện"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("nhiệm vụ được giao")
        verbose_name_plural = _("nhiệm vụ được giao")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["assignee_agency", "status", "deadline"]),
            models.Index(fields=["assigning_agency", "status", "deadline"]),
            models.Index(fields=["status", "deadline"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="task_percent_100"),
        ]

    def __str__(self) -> str:
        return self.title


class TaskExtension(models.Model):
    """One extension of a task's deadline, with its reason (the original stays on the task)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    old_deadline = models.DateField()
    new_deadline = models.DateField()
    reason = models.TextField()
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    extended_at = models.DateTimeField()

    class Meta:
        ordering = ["extended_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.old_deadline} → {self.new_deadline}"


class ProgressReport(models.Model):
    """A report of the assignee on where the task stands, with files."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nội dung báo cáo"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="progress_percent_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} — {self.percent}%"


def report_file_upload_to(instance: ReportFile, filename: str) -> str:
    """Never used: the service names the stored file (`directives/<task>/<random hex><ext>`)."""
    return f"directives/{filename}"


class ReportFile(models.Model):
    """A file attached to a progress report: stored under a random name, served only through
    the checked view (nothing under MEDIA_ROOT has a URL)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=report_file_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Sắp đến hạn")  # N working days before the deadline
    AFTER = "after", _("Quá hạn")  # the first working day after the deadline


class TaskReminder(models.Model):
    """A reminder sent: one per task, kind and deadline, so each goes out once; an extension
    gives a new deadline, whose reminders are new."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    deadline = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "deadline"], name="uniq_task_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.deadline}"
