"""Models of ratings: ratings of finished dossiers and officials, kiosk codes (docs/ratings.md).

A rating is append-only: nothing updates it after it is written (no update path in the
services, a read-only admin). A correction is a new `Rating` whose `corrects` points at the
record it corrects; the effective rating of a dossier is the end of that chain."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RatingSource(models.TextChoices):
    APPLICANT = "applicant", _("Người nộp hồ sơ")  # the applicant or their representative
    SELF = "self", _("Cơ quan tự đánh giá")  # the agency's self-assessment (corrections)
    SYSTEM = "system", _("Hệ thống")  # computed only (indicators 1–4), no person
    SURVEY = "survey", _("Khảo sát độc lập")  # an independent survey
    INSPECTION = "inspection", _("Cơ quan giám sát")  # an inspector's correction


class RatingChannel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")  # the portal page or the API, signed in
    KIOSK = "kiosk", _("Thiết bị tại quầy")  # the counter device with a one-time code
    DESK = "desk", _("Cán bộ ghi nhận")  # a correction entered in the workspace


class Rating(models.Model):
    """The evaluation of one finished dossier: the nine indicators of Decree 61/2018 (0/1/2
    each, at most 18; docs/rules.md §22), the satisfied flag and who rated."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("người đánh giá"), max_length=16, choices=RatingSource.choices)
    channel = models.CharField(_("hình thức"), max_length=16, choices=RatingChannel.choices)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    satisfied = models.BooleanField(_("hài lòng"))
    i1 = models.PositiveSmallIntegerField()
    i2 = models.PositiveSmallIntegerField()
    i3 = models.PositiveSmallIntegerField()
    i4 = models.PositiveSmallIntegerField()
    i5 = models.PositiveSmallIntegerField()
    i6 = models.PositiveSmallIntegerField()
    i7 = models.PositiveSmallIntegerField()
    i8 = models.PositiveSmallIntegerField()
    i9 = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField(_("tổng điểm"))
    computed = models.JSONField(default=dict)  # the inputs of indicators 1–4, as computed
    rules_version = models.CharField(max_length=32)
    comment = models.TextField(_("ý kiến"), blank=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    correction_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    kiosk_code = models.OneToOneField(
        "ratings.KioskCode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("đánh giá hồ sơ")
        verbose_name_plural = _("đánh giá hồ sơ")
        constraints = [
            # Once per dossier by the applicant (docs/rules.md §22.3); corrections are linked.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(corrects__isnull=True),
                name="uniq_rating_first_per_dossier",
            ),
            models.CheckConstraint(
                condition=models.Q(total__lte=18), name="rating_total_at_most_18"
            ),
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.total}/18"

    @property
    def points(self) -> list[int]:
        return [getattr(self, f"i{n}") for n in range(1, 10)]


class OfficialRole(models.TextChoices):
    RECEIVED = "received", _("Tiếp nhận")
    HANDLED = "handled", _("Giải quyết")


class OfficialRating(models.Model):
    """The applicant's optional rating of one official who received or handled the dossier,
    on the 0/1/2 scale of the indicators (docs/rules.md §22.4)."""

    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="officials")
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=16, choices=OfficialRole.choices)
    courtesy = models.PositiveSmallIntegerField(_("thái độ, lịch sự"))
    guidance = models.PositiveSmallIntegerField(_("hướng dẫn"))
    timeliness = models.PositiveSmallIntegerField(_("đúng hẹn"))
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("đánh giá cán bộ")
        verbose_name_plural = _("đánh giá cán bộ")
        constraints = [
            models.UniqueConstraint(fields=["rating", "official"], name="uniq_official_rating"),
        ]
        indexes = [models.Index(fields=["official", "rating"])]

    def __str__(self) -> str:
        return f"{self.official_id} @ {self.rating_id}"


class KioskCode(models.Model):
    """The one-time code for the counter device, one per dossier, ever. Only its HMAC is
    stored; it works once, before `expires_at` (docs/rules.md §22.5)."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã đánh giá tại quầy")
        verbose_name_plural = _("mã đánh giá tại quầy")

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.expires_at:%Y-%m-%d %H:%M}"
