"""Internal processes as data: steps and transitions as rows, published versions frozen."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")  # editable
    PUBLISHED = "published", _("Đang áp dụng")  # frozen; new dossiers use it
    RETIRED = "retired", _("Ngừng áp dụng")  # frozen; dossiers started on it finish on it


class ProcessDefinition(models.Model):
    """One version of the internal process of a procedure, optionally for one agency."""

    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.PROTECT, related_name="processes"
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
        help_text=_("Trống: áp dụng cho mọi cơ quan tiếp nhận."),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ProcessStatus.choices, default=ProcessStatus.DRAFT
    )
    name = models.CharField(_("tên quy trình"), max_length=255)
    allotment_note = models.TextField(
        _("lý do chênh lệch thời gian"),
        blank=True,
        help_text=_("Bắt buộc khi tổng thời gian đường găng khác thời hạn của thủ tục."),
    )
    critical_path_hours = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    # When the law allows a longer limit if verification is needed (Decree 63/2024/NĐ-CP Art. 7:
    # 3 working days, 5 when verification is needed; docs/rules.md §15): that limit in working
    # hours and its legal basis. Null: the procedure has no such extension.
    verification_limit_hours = models.DecimalField(
        _("thời hạn khi cần xác minh (giờ làm việc)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    verification_legal_basis = models.CharField(
        _("căn cứ gia hạn khi cần xác minh"), max_length=255, blank=True
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency", "version"], name="uniq_process_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.status != ProcessStatus.DRAFT


class AgencyRule(models.TextChoices):
    RECEIVING = "receiving", _("Cơ quan tiếp nhận")  # the agency that received the dossier
    PARENT = "parent", _("Cơ quan cấp trên của cơ quan tiếp nhận")  # its parent
    FIXED = "fixed", _("Cơ quan cố định")  # the step's `agency`
    OTHER = "other", _("Cơ quan phối hợp (liên thông)")  # another agency, inter-agency work


class Outcome(models.TextChoices):
    APPROVE = "approve", _("Đồng ý, chuyển bước tiếp")  # follow the approve transitions
    RETURN = "return", _("Trả lại bước trước")  # back to the previous step(s)
    SUPPLEMENT = "supplement", _("Yêu cầu bổ sung")  # pause the clock, ask the applicant
    REFUSE = "refuse", _("Từ chối giải quyết")  # ends the dossier with reasons
    FORWARD = "forward", _("Chuyển cơ quan khác")  # hand the step to another agency


class ProcessStep(models.Model):
    process = models.ForeignKey(ProcessDefinition, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(_("mã bước"), max_length=50)
    name = models.CharField(_("tên bước"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    agency_rule = models.CharField(
        _("cơ quan thực hiện"),
        max_length=16,
        choices=AgencyRule.choices,
        default=AgencyRule.RECEIVING,
    )
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    allotted_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"), max_digits=7, decimal_places=2
    )
    outcomes = models.JSONField(_("kết quả cho phép"), default=list)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="uniq_step_key"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class ProcessTransition(models.Model):
    """An edge taken on `approve`. `source` empty = start; `target` empty = end (result ready).

    Several edges out of one step fork parallel branches; a step with several incoming edges
    waits for all of them (join)."""

    process = models.ForeignKey(
        ProcessDefinition, on_delete=models.CASCADE, related_name="transitions"
    )
    source = models.ForeignKey(
        ProcessStep, null=True, blank=True, on_delete=models.CASCADE, related_name="out_edges"
    )
    target = models.ForeignKey(
        ProcessStep, null=True, blank=True, on_delete=models.CASCADE, related_name="in_edges"
    )

    class Meta:
        verbose_name = _("chuyển bước")
        verbose_name_plural = _("chuyển bước")

    def __str__(self) -> str:
        return f"{self.source or 'BẮT ĐẦU'} → {self.target or 'KẾT THÚC'}"
