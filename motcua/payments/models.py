"""Fee lines, payments, refunds and the log of every provider callback. Money is integer đồng."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeeLine(models.Model):
    """What one dossier owes for one fee item, fixed at receipt (motcua.payments.fees)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="fee_lines"
    )
    fee = models.ForeignKey(
        "catalog.Fee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=10)  # catalog.FeeKind
    description = models.CharField(_("mô tả"), max_length=500)
    base_amount = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    amount = models.PositiveBigIntegerField(_("phải nộp (đồng)"))
    exempt_category = models.CharField(_("đối tượng miễn"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("khoản phí của hồ sơ")
        verbose_name_plural = _("khoản phí của hồ sơ")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.description}: {self.amount} đ"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")  # sent to the gateway, no verified result yet
    PAID = "paid", _("Đã thanh toán")  # a verified IPN said so
    FAILED = "failed", _("Không thành công")  # a verified IPN said declined/cancelled
    EXPIRED = "expired", _("Hết hạn")  # a verified IPN said timed out, or past its expiry
    REFUNDED = "refunded", _("Đã hoàn tiền")  # paid, then refunded (Refund row)


class Payment(models.Model):
    """One attempt to pay a dossier's fees through a provider (one order reference)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments"
    )
    order_ref = models.CharField(_("mã giao dịch"), max_length=40, unique=True)  # vnp_TxnRef
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    currency = models.CharField(max_length=3, default="VND")
    provider = models.CharField(_("cổng thanh toán"), max_length=16)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
        db_index=True,
    )
    transaction_no = models.CharField(_("mã giao dịch tại cổng"), max_length=32, blank=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    response_code = models.CharField(max_length=4, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(_("thời điểm thanh toán"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # The electronic receipt (biên lai điện tử): rendered once, stored with its digest.
    receipt_number = models.CharField(_("số biên lai"), max_length=32, blank=True)
    receipt = models.FileField(upload_to="receipts/%Y/%m/", blank=True)
    receipt_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.order_ref} {self.amount} đ {self.status}"


class RefundStatus(models.TextChoices):
    DUE = "due", _("Chờ hoàn tiền")  # the dossier was refused or withdrawn after paying
    DONE = "done", _("Đã hoàn tiền")  # the accountant confirmed the money went back


class Refund(models.Model):
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="refund")
    amount = models.PositiveBigIntegerField(_("số tiền hoàn (đồng)"))
    reason = models.CharField(_("lý do"), max_length=500)
    status = models.CharField(max_length=8, choices=RefundStatus.choices)
    reference = models.CharField(_("chứng từ hoàn tiền"), max_length=64, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hoàn tiền")
        verbose_name_plural = _("hoàn tiền")

    def __str__(self) -> str:
        return f"{self.payment_id} {self.amount} đ {self.status}"


class CallbackKind(models.TextChoices):
    IPN = "ipn", _("IPN (máy chủ tới máy chủ)")  # the only callback that can mark paid
    RETURN = "return", _("Trình duyệt quay về")  # shows the state only


class CallbackLog(models.Model):
    """Every callback received, verified or not, with the answer given and why."""

    provider = models.CharField(max_length=16)
    kind = models.CharField(max_length=8, choices=CallbackKind.choices)
    received_at = models.DateTimeField()
    remote_addr = models.CharField(max_length=64, blank=True)
    params = models.JSONField(default=dict)
    order_ref = models.CharField(max_length=64, blank=True, db_index=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks"
    )
    verified = models.BooleanField(default=False)
    applied = models.BooleanField(default=False)  # changed the payment's status
    rsp_code = models.CharField(max_length=4, blank=True)
    reason = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("nhật ký callback")
        verbose_name_plural = _("nhật ký callback")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.order_ref} {self.rsp_code} {self.reason}"
