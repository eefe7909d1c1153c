"""Sync state per dossier: which version was last queued for the portal, which it accepted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalSync(models.Model):
    """One row per dossier once a state of it has been queued for DVCQG.

    `queued_version` is the dossier version of the newest outbox row (written in the transition's
    transaction, under the dossier lock, so it only grows). `accepted_version` / `rejected_version`
    are the newest versions the portal accepted / refused (raised with `Greatest`, so an older
    answer arriving late never lowers them). The dossier's latest state is synced when
    `accepted_version >= queued_version` (Decision 766/QĐ-TTg index 1.4 counts those)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, primary_key=True, related_name="portal_sync"
    )
    queued_version = models.PositiveIntegerField(default=0)
    accepted_version = models.PositiveIntegerField(default=0)
    accepted_at = models.DateTimeField(null=True, blank=True)
    rejected_version = models.PositiveIntegerField(default=0)
    # the portal's last answer (error_code, message), for officials fixing a rejection
    last_code = models.CharField(max_length=32, blank=True)
    last_message = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("trạng thái đồng bộ DVCQG")
        verbose_name_plural = _("trạng thái đồng bộ DVCQG")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.accepted_version}/{self.queued_version}"

    @property
    def synced(self) -> bool:
        return self.queued_version > 0 and self.accepted_version >= self.queued_version
