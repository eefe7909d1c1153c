"""Admin of feedback categories (the Open311 services). Every change goes through the services
(`category_save`, `category_deactivate`, `category_delete`), so each has its audit event; a
category that feedback refers to cannot be deleted, only deactivated (docs/feedback.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.admin_scope import ServiceErrorsMixin
from motcua.core.errors import DomainError
from motcua.feedback.models import Category, Feedback
from motcua.feedback.services import category_deactivate, category_delete, category_save


def _in_use(obj: Category | None) -> bool:
    return obj is not None and Feedback.objects.filter(category=obj).exists()


@admin.register(Category)
class CategoryAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    list_display = ("code", "name", "agency", "active")
    list_filter = ("active",)
    fields = ("code", "name", "description", "agency", "keywords", "active")
    actions = ("deactivate_selected",)

    def get_readonly_fields(self, request: HttpRequest, obj: Category | None = None) -> tuple:
        return ("code",) if obj is not None else ()  # the Open311 service_code never changes

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        saved = category_save(
            actor=request.user,
            code=obj.code,
            name=obj.name,
            agency=obj.agency,
            description=obj.description,
            keywords=obj.keywords,
            active=obj.active,
        )
        obj.__dict__.update(saved.__dict__)

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        category_delete(actor=request.user, code=obj.code)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            try:
                category_delete(actor=request.user, code=obj.code)
            except DomainError as exc:
                self.message_user(request, f"{obj.code}: {exc.message}", messages.ERROR)

    @admin.action(description=_("Ngừng sử dụng các lĩnh vực đã chọn"))
    def deactivate_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            category_deactivate(actor=request.user, code=obj.code)
