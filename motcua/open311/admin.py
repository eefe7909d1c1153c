"""Admin of Open311 API keys: created and revoked through motcua.open311.services, so each
change has its audit event; the clear key is shown once, in the confirmation message."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.open311.models import ApiKey
from motcua.open311.services import apikey_create, apikey_revoke


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "created_at", "revoked_at")
    fields = ("name",)
    actions = ("revoke",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        row, key = apikey_create(actor=request.user, name=obj.name)
        obj.pk = row.pk
        messages.warning(request, _("Khóa API (chỉ hiện một lần): %(key)s") % {"key": key})

    @admin.action(description=_("Thu hồi khóa đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for row in queryset:
            apikey_revoke(actor=request.user, key_id=row.pk)
