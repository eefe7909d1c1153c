"""Models of open311: the API keys of GeoReport v2 clients (docs/rules.md §25)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """A key a client sends as `api_key` to POST requests. Only its SHA-256 is stored."""

    name = models.CharField(_("tên ứng dụng"), max_length=200)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API Open311")
        verbose_name_plural = _("khóa API Open311")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
