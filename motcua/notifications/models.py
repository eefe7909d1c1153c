"""What the notifications app stores: each account's chosen language for its messages.

The outbox rows themselves are `motcua.core.models.OutboxMessage`; the language is copied onto
each row's payload when it is written (`fanout`), so a later change of preference never changes
what a queued message says.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    VI = "vi", _("Tiếng Việt")  # the default: every message exists in Vietnamese
    EN = "en", _("English")  # for foreigners and anyone who chose it


class NotificationPreference(models.Model):
    """The language an account receives e-mail, SMS and inbox messages in (no row: Vietnamese)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    language = models.CharField(
        _("ngôn ngữ thông báo"), max_length=8, choices=Language.choices, default=Language.VI
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tuỳ chọn thông báo")
        verbose_name_plural = _("tuỳ chọn thông báo")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
