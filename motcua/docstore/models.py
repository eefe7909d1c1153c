"""The applicant's document store (kho giấy tờ) and where each dossier component came from.

A store item never holds a copy: it points at the dossier attachment whose stored file it is,
and keeps that file's sha256 so a drift would be seen. A result keeps its signature because the
file is the signed stored file itself (docs/rules.md §Kho giấy tờ).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OwnerKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")  # identified by CCCD
    ORGANISATION = "organisation", _("Tổ chức")  # identified by tax code


class ItemKind(models.TextChoices):
    RESULT = "result", _("Kết quả giải quyết")  # issued to the owner by an agency
    VERIFIED = "verified", _("Giấy tờ đã đối chiếu bản chính")  # uploaded, checked by an official


class StoreItem(models.Model):
    owner_kind = models.CharField(max_length=16, choices=OwnerKind.choices)
    owner_id_number = models.CharField(_("số CCCD / mã số thuế"), max_length=14, db_index=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=ItemKind.choices)
    title = models.CharField(_("tên giấy tờ"), max_length=500)
    # The stored file is the attachment's: one file, never a copy (PROTECT: it cannot vanish).
    attachment = models.OneToOneField(
        "dossiers.Attachment", on_delete=models.PROTECT, related_name="store_item"
    )
    sha256 = models.CharField(max_length=64)
    signed = models.BooleanField(_("có chữ ký số"), default=False)
    source_dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("ngày cấp / ngày đối chiếu"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Decision 766 item 4.1: wired to the signing app's result code after the merge.
    result_code = models.CharField(max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["owner_kind", "owner_id_number"])]

    def __str__(self) -> str:
        return self.title


class Source(models.TextChoices):
    REUSED = "reused", _("Dùng lại dữ liệu đã số hoá")  # Decision 766 item 4.3
    PERSONAL_STORE = "personal_store", _("Lấy từ kho giấy tờ")  # Decision 766 item 4.4


class ComponentSource(models.Model):
    """A dossier component that was not uploaded: which stored file it reuses and from where."""

    attachment = models.OneToOneField(
        "dossiers.Attachment", on_delete=models.CASCADE, related_name="component_source"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="component_sources"
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    item = models.ForeignKey(StoreItem, null=True, blank=True, on_delete=models.SET_NULL)
    origin = models.ForeignKey(
        "dossiers.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["source", "dossier"])]

    def __str__(self) -> str:
        return f"{self.attachment_id} {self.source}"


class DraftStoreChoice(models.Model):
    """A draft file taken from the store (not merely reused): read at submission to record
    `Source.PERSONAL_STORE`, and removed with the draft file."""

    draft_file = models.OneToOneField(
        "dossiers.DraftFile", on_delete=models.CASCADE, related_name="store_choice"
    )
    item = models.ForeignKey(StoreItem, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.draft_file_id} ← {self.item_id}"
