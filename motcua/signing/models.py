"""Certificates, signing credentials, result codes and page counts (docs/signing.md).

Contract:
- A private key is never stored in clear: `key_encrypted` holds the PKCS#8 DER encrypted with
  Fernet under the platform's signing key (`motcua.signing.keystore`), outside the database.
- A credential's certificate chains to a `CertificateAuthority` marked `trusted` (a root) through
  the stored intermediates. Revocation is a timestamp on the credential; the CRL of its issuing
  CA lists it (`/pki/<ca>.crl`).
- A `ResultCode` names one electronic result (Decision 766/QĐ-TTg item 4.1): the attachment it
  was stored as, its dossier and the SHA-256 of the stored (signed) bytes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateAuthority(models.Model):
    """A CA certificate: a trusted root or an intermediate. The key is held only for the
    platform's own (demo) CAs, which issue certificates and sign their CRL."""

    slug = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    cert_der = models.BinaryField(_("chứng thư (DER)"))
    key_encrypted = models.BinaryField(_("khoá bí mật (mã hoá)"), blank=True, default=b"")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    trusted = models.BooleanField(_("gốc tin cậy"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tổ chức cấp chứng thư")
        verbose_name_plural = _("tổ chức cấp chứng thư")

    def __str__(self) -> str:
        return self.name


class CredentialKind(models.TextChoices):
    AGENCY = "agency", _("Chữ ký số cơ quan")  # signs results and slips of its agency
    TSA = "tsa", _("Máy chủ dấu thời gian")  # the platform's RFC 3161 timestamp authority


class SigningCredential(models.Model):
    kind = models.CharField(max_length=16, choices=CredentialKind.choices)
    agency = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_credentials",
    )
    issuer = models.ForeignKey(
        CertificateAuthority, on_delete=models.PROTECT, related_name="credentials"
    )
    subject = models.CharField(_("chủ thể"), max_length=500)
    serial = models.CharField(_("số hiệu"), max_length=64)
    cert_der = models.BinaryField(_("chứng thư (DER)"))
    key_encrypted = models.BinaryField(_("khoá bí mật (mã hoá)"))
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=32, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư ký số")
        verbose_name_plural = _("chứng thư ký số")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "serial"], name="signing_issuer_serial"),
        ]

    def __str__(self) -> str:
        return self.subject


class ResultCode(models.Model):
    """The code of one electronic result and its file (Decision 766/QĐ-TTg item 4.1)."""

    code = models.CharField(_("mã kết quả"), max_length=32, unique=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="result_codes"
    )
    attachment = models.OneToOneField(
        "dossiers.Attachment", on_delete=models.CASCADE, related_name="result_code"
    )
    sha256 = models.CharField(max_length=64, db_index=True)
    signed = models.BooleanField(default=False)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("mã kết quả")
        verbose_name_plural = _("mã kết quả")

    def __str__(self) -> str:
        return self.code


class PageCount(models.Model):
    """Pages of one scanned (PDF) component of a dossier (Decision 766/QĐ-TTg item 4.2)."""

    attachment = models.OneToOneField(
        "dossiers.Attachment", on_delete=models.CASCADE, related_name="page_count"
    )
    pages = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("số trang")
        verbose_name_plural = _("số trang")

    def __str__(self) -> str:
        return f"{self.attachment_id}: {self.pages}"
