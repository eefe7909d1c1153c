"""Models of feedback: feedback and petitions (phản ánh, kiến nghị, PAKN) with deadlines
(docs/feedback.md, docs/rules.md §24; Decree 20/2008/NĐ-CP as amended by Decrees 48/2013 and
92/2017)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")  # logged, not yet studied
    CLASSIFIED = "classified", _("Đã phân loại")  # kind decided, competent agency known
    ASSIGNED = "assigned", _("Đang xử lý")  # a handler of the competent agency holds it
    ANSWERED = "answered", _("Đã trả lời")  # an answer is written, awaiting publication
    PUBLISHED = "published", _("Đã công khai")  # the answer is public (Decree 20/2008 Art. 19)
    REFUSED = "refused", _("Không tiếp nhận")  # requirements unmet or out of scope, with reason


OPEN_STATUSES = (Status.RECEIVED, Status.CLASSIFIED, Status.ASSIGNED)


class Subject(models.TextChoices):
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    AGENCY = "agency", _("Cơ quan")
    DOSSIER = "dossier", _("Hồ sơ")
    CONDUCT = "conduct", _("Hành vi của cán bộ, công chức")


class Kind(models.TextChoices):
    RULES = "rules", _("Về quy định hành chính, thủ tục")  # Decree 20/2008 Art. 9 (c)/(d)
    CONDUCT = "conduct", _("Về hành vi của cán bộ, công chức")  # Art. 9 (b)
    OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi")  # khiếu nại, tố cáo: other laws


class Source(models.TextChoices):
    WEB = "web", _("Cổng dịch vụ công")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


class Category(models.Model):
    """A kind of feedback people choose from; it is also an Open311 service."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tiếp nhận")
    )
    keywords = models.CharField(_("từ khóa"), max_length=200, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực phản ánh")
        verbose_name_plural = _("lĩnh vực phản ánh")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Feedback(models.Model):
    code = models.CharField(_("mã"), max_length=20, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("về"), max_length=20, choices=Subject.choices)
    subject_ref = models.CharField(_("mã hồ sơ, thủ tục"), max_length=100, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"))
    # personal data of the submitter: never on a public page or the public API (§24.6)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitter_name = models.CharField(_("họ tên"), max_length=200)
    submitter_contact = models.CharField(_("liên hệ"), max_length=200)
    submitter_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    token = models.CharField(max_length=40, unique=True)  # Open311 deferred-id token
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan xử lý")
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    kind = models.CharField(max_length=14, choices=Kind.choices, blank=True)
    reason = models.TextField(_("lý do"), blank=True)  # refusal / out-of-scope reason
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("trả lời"), blank=True)
    # what the public sees, written by the official at publication from the submitter's text
    # without their personal data (§24.6); empty until then
    public_title = models.CharField(_("tiêu đề công khai"), max_length=200, blank=True)
    public_content = models.TextField(_("nội dung công khai"), blank=True)
    # the place, address and coordinates the submitter typed are public only when the official
    # ticked "công khai địa điểm" at publication (§24.6)
    place_public = models.BooleanField(_("công khai địa điểm"), default=False)
    received_at = models.DateTimeField()
    forwarded_at = models.DateTimeField(null=True, blank=True)
    classified_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # refused or published
    due_date = models.DateField()  # handling deadline, local date (docs/rules.md §24.3)
    # set at each step (§24.3): the answer came after due_date; the refusal or publication came
    # after its working-day limit. The rates count them in SQL (selectors.late_q).
    answered_late = models.BooleanField(default=False)
    closed_late = models.BooleanField(default=False)
    satisfied = models.BooleanField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    # folded (motcua.core.text.fold) code, public title and content and answer, on publication
    search_text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["status"]),
            models.Index(fields=["received_at"], name="feedback_received_at_idx"),
        ]

    def __str__(self) -> str:
        return self.code


class Photo(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.file.name or ""


class Counter(models.Model):
    """Gap-free yearly numbering of feedback codes (PAKN-2026-000001)."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
