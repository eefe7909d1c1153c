"""The other document platforms this one exchanges edXML packages with (QCVN 102:2016/BTTTT;
docs/edxml.md "Partners").

A partner is an agency outside this platform (another province's system, a ministry's) known
by its `OrganId`. It is trusted for what it sends and nothing else: its seal must be made with
the very certificate registered here (pinned), and its documents' PDF signatures are checked
against the CA certificates registered with it, for that one verification only — they never
join the platform's own trusted roots (`signing.models.CertificateAuthority`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExchangePartner(models.Model):
    """A receiving or sending agency on another platform, with the address of its endpoint."""

    organ_id = models.CharField(_("mã định danh cơ quan"), max_length=13, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=200)
    organization_in_charge = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    # the partner's edXML endpoint, e.g. https://vanban.example.gov.vn/lien-thong/edxml/;
    # status messages go to "<endpoint>trang-thai/"
    endpoint = models.URLField(_("địa chỉ nhận gói tin"), max_length=300)
    # the partner's seal certificate (DER), pinned: the only one accepted as this partner
    cert_der = models.BinaryField(_("chứng thư niêm phong (DER)"))
    cert_sha256 = models.CharField(max_length=64)
    # the CA certificates of its PKI (PEM, root last), for the PDF signatures it sends
    ca_pem = models.TextField(_("chứng thư CA của đối tác (PEM)"))
    is_active = models.BooleanField(_("đang liên thông"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("cơ quan liên thông ngoài hệ thống")
        verbose_name_plural = _("cơ quan liên thông ngoài hệ thống")
        ordering = ["organ_id"]

    def __str__(self) -> str:
        return f"{self.organ_id} {self.name}"
