"""The procedure catalogue. A procedure is an identity (its national code); its content lives in
versions. A published version is frozen: changing it means publishing a new version, and a dossier
keeps the version it started on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Field(models.Model):
    """Lĩnh vực: the sector a procedure belongs to (Hộ tịch, Đất đai, Xây dựng...)."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """Identity of an administrative procedure; `current` is the version now in force."""

    code = models.CharField(
        _("mã thủ tục"), max_length=32, unique=True, help_text=_("Ví dụ 1.000894")
    )
    current = models.OneToOneField(
        "ProcedureVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("phiên bản đang áp dụng"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ProcedureLevel(models.TextChoices):
    CENTRAL = "central", _("Cấp trung ương")  # ministries, vertical agencies
    PROVINCE = "province", _("Cấp tỉnh")  # city level (sở, UBND thành phố)
    COMMUNE = "commune", _("Cấp xã")  # commune, ward, special zone
    OTHER = "other", _("Cơ quan khác")  # public service units etc.


class TimeUnit(models.TextChoices):
    HOURS = "hours", _("giờ làm việc")  # working hours
    DAYS = "days", _("ngày")  # calendar days
    WORKING_DAYS = "working_days", _("ngày làm việc")  # working days (most procedures)
    MONTHS = "months", _("tháng")  # calendar months


class OnlineType(models.TextChoices):
    END_TO_END = "end_to_end", _("Toàn trình")  # Decree 42/2022 Art. 11(1)
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")  # editable
    PUBLISHED = "published", _("Đang áp dụng")  # frozen, in force
    SUPERSEDED = "superseded", _("Hết hiệu lực")  # frozen, replaced by a newer version


class Channel(models.TextChoices):
    """KenhThucHien codes used in national sync data (docs/rules.md §4)."""

    COUNTER = "counter", _("Trực tiếp")  # 1
    ONLINE = "online", _("Trực tuyến")  # 2
    POSTAL = "postal", _("Bưu chính công ích")  # 3


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)

    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        related_name="procedure_versions",
        verbose_name=_("lĩnh vực"),
    )
    level = models.CharField(_("cấp thực hiện"), max_length=16, choices=ProcedureLevel.choices)
    agencies = models.ManyToManyField(
        "accounts.Agency",
        blank=True,
        related_name="procedure_versions",
        verbose_name=_("cơ quan thực hiện"),
    )
    agency_text = models.CharField(_("cơ quan thực hiện (mô tả)"), max_length=500, blank=True)
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    channels = models.JSONField(
        _("cách thức thực hiện"), default=list, help_text=_("counter, online, postal")
    )
    time_limit_value = models.DecimalField(_("thời hạn giải quyết"), max_digits=6, decimal_places=1)
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, choices=TimeUnit.choices
    )
    time_limit_text = models.CharField(_("thời hạn (mô tả)"), max_length=500, blank=True)
    receipt_cutoff = models.TimeField(
        _("giờ chốt tiếp nhận"),
        null=True,
        blank=True,
        help_text=_(
            "Nhận sau giờ này tính từ ngày làm việc tiếp theo. Trống: theo cấu hình chung (15:00)."
        ),
    )
    applicants = models.CharField(_("đối tượng thực hiện"), max_length=500)
    applicant_types = models.JSONField(default=list, help_text=_("individual, organisation"))
    result_type = models.CharField(_("kết quả thực hiện"), max_length=500)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    publication_decision_number = models.CharField(
        _("số quyết định công bố"), max_length=64, blank=True
    )
    publication_decision_date = models.DateField(
        _("ngày quyết định công bố"), null=True, blank=True
    )
    effective_from = models.DateField(
        _("ngày hiệu lực"),
        null=True,
        blank=True,
        help_text=_("Ngày thủ tục (phiên bản này) bắt đầu có hiệu lực theo quyết định công bố."),
    )
    online_type = models.CharField(
        _("dịch vụ công trực tuyến"),
        max_length=16,
        choices=OnlineType.choices,
        default=OnlineType.NONE,
    )
    eligible_end_to_end = models.BooleanField(_("đủ điều kiện toàn trình"), default=False)
    paper_result_required = models.BooleanField(_("bắt buộc kết quả giấy"), default=False)
    fee_before_processing = models.BooleanField(
        _("nộp phí trước khi giải quyết"),
        default=False,
        help_text=_("Hồ sơ tạm dừng (không tính thời hạn) từ khi tiếp nhận đến khi nộp đủ phí."),
    )
    form_schema = models.JSONField(
        _("biểu mẫu điện tử"),
        default=list,
        blank=True,
        help_text=_(
            'Danh sách trường: [{"name": "...", "label": "...", "type": "text|date|number|cccd|'
            'phone|choice", "required": true}]'
        ),
    )

    # Folded copies for diacritic-insensitive search (motcua.core.text.fold).
    name_folded = models.CharField(max_length=500, editable=False, default="")
    search_folded = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="uniq_procedure_version"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    @property
    def is_frozen(self) -> bool:
        return self.status != VersionStatus.DRAFT


class CopyType(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    CERTIFIED_COPY = "certified_copy", _("Bản sao có chứng thực")
    COPY = "copy", _("Bản sao")
    ORIGINAL_OR_COPY = "original_or_copy", _("Bản chính hoặc bản sao")


class RequiredDocument(models.Model):
    """One component of the dossier (thành phần hồ sơ)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="documents"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    copy_type = models.CharField(
        _("loại bản"), max_length=20, choices=CopyType.choices, default=CopyType.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    template = models.FileField(_("mẫu đơn, tờ khai"), upload_to="templates/", blank=True)
    template_name = models.CharField(_("tên mẫu"), max_length=200, blank=True)
    is_required = models.BooleanField(_("bắt buộc"), default=True)
    reusable = models.BooleanField(_("tái sử dụng từ kho dữ liệu"), default=False)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.name


class FeeKind(models.TextChoices):
    FEE = "fee", _("Phí")  # phí
    CHARGE = "charge", _("Lệ phí")  # lệ phí


class Fee(models.Model):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(_("loại"), max_length=10, choices=FeeKind.choices)
    description = models.CharField(_("mô tả"), max_length=500)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    condition = models.CharField(_("điều kiện áp dụng"), max_length=500, blank=True)
    # The online-submission amount (a lower rate to encourage online filing); None: the same
    # as `amount` (docs/rules.md §18 Phí, lệ phí).
    online_amount = models.PositiveBigIntegerField(
        _("mức thu khi nộp trực tuyến"), null=True, blank=True
    )
    # Applicant categories exempt from this item: ["poor_household", "child_under_6", ...]
    # (motcua.payments.fees.EXEMPTION_LABELS lists the codes).
    exempt_categories = models.JSONField(_("đối tượng miễn"), default=list, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self) -> str:
        return f"{self.description}: {self.amount} đ"
