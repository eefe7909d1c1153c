"""Admin of feedback categories (the Open311 services); saved through `category_save`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.feedback.models import Category
from motcua.feedback.services import category_save


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "agency", "active")
    fields = ("code", "name", "description", "agency")

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        saved = category_save(
            actor=request.user,
            code=obj.code,
            name=obj.name,
            agency=obj.agency,
            description=obj.description,
        )
        obj.pk = saved.pk
