"""Models of consultation: public consultation on drafts (docs/consultation.md, docs/rules.md
§26–§28).

A `Consultation` is one draft put out for comment by one agency, with its PDF documents, its
numbered articles and the comments people send. Nothing here is ever deleted: a rejected
comment stays, with its published reason; the summary of responses is written once."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency


class DraftKind(models.TextChoices):
    REGULATION = "regulation", _("Dự thảo văn bản quy phạm pháp luật")  # a legal document
    DECISION = "decision", _("Dự thảo quyết định")  # an individual or administrative decision


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")  # only the agency sees it
    PUBLISHED = "published", _("Đã công bố")  # public; open or closed follows the period


class Consultation(models.Model):
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    title = models.CharField(_("tên dự thảo"), max_length=300)
    summary = models.TextField(_("tóm tắt"))
    kind = models.CharField(_("loại"), max_length=20, choices=DraftKind.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("cơ quan")
    )
    status = models.CharField(
        max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("bắt đầu lấy ý kiến"))
    closes_at = models.DateTimeField(_("kết thúc lấy ý kiến"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    response_summary = models.TextField(_("báo cáo tổng hợp, tiếp thu, giải trình"), blank=True)
    response_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lấy ý kiến dự thảo")
        verbose_name_plural = _("lấy ý kiến dự thảo")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_period_positive",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, at: datetime | None = None) -> bool:
        now = at or timezone.now()
        return self.status == ConsultationStatus.PUBLISHED and self.opens_at <= now < self.closes_at

    def is_closed(self, at: datetime | None = None) -> bool:
        now = at or timezone.now()
        return self.status == ConsultationStatus.PUBLISHED and now >= self.closes_at


class ConsultationDocument(models.Model):
    """A PDF of the draft (the draft itself, the submission, the impact assessment ...)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("tên tài liệu"), max_length=300)
    file = models.FileField(upload_to="consultations/", max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class ArticleResponse(models.TextChoices):
    NONE = "", _("Chưa có")
    ACCEPTED = "accepted", _("Tiếp thu")  # the draft was changed
    NOT_ACCEPTED = "not_accepted", _("Không tiếp thu")  # explained in response_text


class Article(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="articles"
    )
    number = models.PositiveIntegerField(_("điều số"))
    title = models.CharField(_("tên điều"), max_length=300, blank=True)
    text = models.TextField(_("nội dung"))
    response = models.CharField(
        max_length=20, choices=ArticleResponse.choices, default=ArticleResponse.NONE, blank=True
    )
    response_text = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="uniq_consultation_article"
            )
        ]

    def __str__(self) -> str:
        return f"Điều {self.number}"


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ kiểm duyệt")  # seen by the agency and the author only
    PUBLISHED = "published", _("Đã đăng")  # text shown to everyone
    REJECTED = "rejected", _("Không đăng")  # text hidden; the reason shown to everyone


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="comments"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # the only personal datum ever published: the account's full name when submitted, or
    # "Người góp ý" (never the username, which may be a personal ID number; rules §27)
    display_name = models.CharField(max_length=200)
    text = models.TextField()
    status = models.CharField(
        max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    reason = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.text[:40]}"
