"""Admin for internal processes. Drafts are edited here; published and retired versions are
read-only (no change, no delete: a POST is refused). Publishing and starting a new version go
through the services, as admin actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from motcua.core.errors import DomainError
from motcua.dossiers.models import ProcessDefinition, ProcessStatus, ProcessStep, ProcessTransition
from motcua.dossiers.services.process import next_version, process_new_version, process_publish


def _frozen(obj: ProcessDefinition | None) -> bool:
    return obj is not None and obj.is_frozen


class _FrozenParentInline(admin.TabularInline):
    """Rows of a published or retired process cannot be added, changed or deleted."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class ProcessStepInline(_FrozenParentInline):
    model = ProcessStep
    fields = ("order", "key", "name", "agency_rule", "agency", "role", "allotted_hours", "outcomes")
    raw_id_fields = ("agency",)


class ProcessTransitionInline(_FrozenParentInline):
    model = ProcessTransition
    fields = ("source", "target")

    def get_formset(
        self, request: HttpRequest, obj: Any = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        """Offer only the steps of this process (save new steps first, then link them)."""
        formset = super().get_formset(request, obj, **kwargs)
        steps = ProcessStep.objects.filter(process=obj) if obj else ProcessStep.objects.none()
        for name in ("source", "target"):
            if name in formset.form.base_fields:
                formset.form.base_fields[name].queryset = steps  # type: ignore[attr-defined]
        return formset


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "procedure",
        "agency",
        "version",
        "status",
        "critical_path_hours",
        "published_at",
    )
    list_filter = ("status",)
    search_fields = ("name", "procedure__code")
    list_select_related = ("procedure", "agency")
    raw_id_fields = ("procedure", "agency")
    readonly_fields = ("version", "status", "critical_path_hours", "published_at")
    inlines = (ProcessStepInline, ProcessTransitionInline)
    actions = ("publish_selected", "new_version_selected")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        # Moving a version to another procedure/agency would break its numbering.
        return (*fields, "procedure", "agency") if obj is not None else fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.version = next_version(obj.procedure, obj.agency)
            obj.status = ProcessStatus.DRAFT
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        frozen = queryset.exclude(status=ProcessStatus.DRAFT).count()
        if frozen:
            self.message_user(
                request, f"Bỏ qua {frozen} quy trình đã công bố (không được xoá).", messages.WARNING
            )
        super().delete_queryset(request, queryset.filter(status=ProcessStatus.DRAFT))

    @admin.action(description="Công bố các quy trình dự thảo đã chọn", permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for process in queryset:
            try:
                process_publish(process=process, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{process}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"Đã công bố {process}.", messages.SUCCESS)

    @admin.action(description="Tạo phiên bản mới (bản sao dự thảo)", permissions=["add"])
    def new_version_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for process in queryset:
            draft = process_new_version(process=process, actor=request.user)
            self.message_user(request, f"Đã tạo {draft} từ {process}.", messages.SUCCESS)
