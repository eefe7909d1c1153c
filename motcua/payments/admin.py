"""Read-only admin pages for payments: every change goes through the services (a payment is
changed only by a verified IPN or a confirmed refund)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from motcua.payments.models import CallbackLog, Payment, Refund


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(_ReadOnly):
    list_display = ("order_ref", "dossier", "amount", "status", "paid_at", "transaction_no")
    list_filter = ("status", "provider")
    search_fields = ("order_ref", "dossier__code", "transaction_no")


@admin.register(Refund)
class RefundAdmin(_ReadOnly):
    list_display = ("payment", "amount", "status", "reference", "confirmed_at")
    list_filter = ("status",)


@admin.register(CallbackLog)
class CallbackLogAdmin(_ReadOnly):
    list_display = ("received_at", "kind", "order_ref", "verified", "applied", "rsp_code", "reason")
    list_filter = ("kind", "verified", "applied", "reason")
    search_fields = ("order_ref",)
