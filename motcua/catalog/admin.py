"""Admin for the catalogue: fields, procedures and their versions.

A published (or superseded) version is frozen: its page is read-only, a POST to it is refused
and it cannot be deleted. Drafts are edited here; every save ends in `procedure_draft_saved`
(frozen re-check under the procedure lock, folded search copies, audit event) and deletes go
through `procedure_draft_delete` / `procedure_delete`. Publishing, and starting a new draft
from a published version, go through `catalog.services` as admin actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.admin_scope import ServiceErrorsMixin
from motcua.catalog.models import (
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    VersionStatus,
)
from motcua.catalog.services import (
    next_draft_number,
    procedure_create,
    procedure_delete,
    procedure_draft_delete,
    procedure_draft_save,
    procedure_draft_saved,
    procedure_publish,
    version_data,
)
from motcua.core import audit
from motcua.core.admin_forms import CleanTextAdminMixin, CleanTextInlineMixin
from motcua.core.errors import DomainError
from motcua.core.text import fold


def _frozen(obj: Any) -> bool:
    return isinstance(obj, ProcedureVersion) and obj.is_frozen


@admin.register(Field)
class FieldAdmin(CleanTextAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")

    def get_readonly_fields(self, request: HttpRequest, obj: Field | None = None) -> tuple:
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # procedure versions refer to their field

    def save_model(self, request: HttpRequest, obj: Field, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.append(
            stream_type="field",
            stream_id=obj.code,
            kind="field.updated" if change else "field.created",
            actor=request.user,
            payload={"name": obj.name},
        )


class ProcedureVersionInline(CleanTextInlineMixin, admin.TabularInline):
    model = ProcedureVersion
    fields = ("number", "status", "name", "published_at")
    readonly_fields = fields
    show_change_link = True
    extra = 0
    ordering = ("-number",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    list_display = ("code", "current_name", "current_field", "current_status")
    search_fields = ("code", "current__name", "current__name_folded")
    list_select_related = ("current", "current__field")
    readonly_fields = ("current", "created_at")
    inlines = (ProcedureVersionInline,)
    actions = None

    @admin.display(description=_("tên thủ tục"), ordering="current__name")
    def current_name(self, obj: Procedure) -> str:
        return obj.current.name if obj.current else "—"

    @admin.display(description=_("lĩnh vực"))
    def current_field(self, obj: Procedure) -> str:
        return obj.current.field.name if obj.current else "—"

    @admin.display(description=_("trạng thái"))
    def current_status(self, obj: Procedure) -> str:
        return obj.current.get_status_display() if obj.current else "Chưa công bố"

    def get_readonly_fields(self, request: HttpRequest, obj: Procedure | None = None) -> tuple:
        return (*self.readonly_fields, "code") if obj is not None else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Procedure | None = None) -> bool:
        if obj is not None and obj.versions.exclude(status=VersionStatus.DRAFT).exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        if change:
            return  # nothing of a procedure is edited here: its versions are
        created = procedure_create(code=obj.code, actor=request.user)
        obj.pk, obj.created_at = created.pk, created.created_at
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The version inline is read-only: nothing to save."""
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request: HttpRequest, obj: Procedure) -> None:
        procedure_delete(procedure=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for procedure in queryset:
            procedure_delete(procedure=procedure, actor=request.user)


class _FrozenInline(CleanTextInlineMixin, admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class RequiredDocumentInline(_FrozenInline):
    model = RequiredDocument
    fields = (
        "order",
        "name",
        "copy_type",
        "quantity",
        "is_required",
        "reusable",
        "template_name",
        "template",
    )


class FeeInline(_FrozenInline):
    model = Fee
    fields = ("kind", "description", "amount", "condition")


class VersionForm(forms.ModelForm):
    class Meta:
        model = ProcedureVersion
        fields = (
            "procedure",
            "name",
            "field",
            "level",
            "agencies",
            "agency_text",
            "steps_text",
            "channels",
            "time_limit_value",
            "time_limit_unit",
            "time_limit_text",
            "receipt_cutoff",
            "applicants",
            "applicant_types",
            "result_type",
            "legal_basis",
            "requirements",
            "publication_decision_number",
            "publication_decision_date",
            "effective_from",
            "online_type",
            "eligible_end_to_end",
            "paper_result_required",
            "form_schema",
        )

    def clean_procedure(self) -> Procedure:
        procedure = self.cleaned_data["procedure"]
        drafts = procedure.versions.filter(status=VersionStatus.DRAFT)
        if self.instance.pk is None and drafts.exists():
            raise forms.ValidationError(
                "Thủ tục này đang có một dự thảo; hãy sửa dự thảo đó thay vì tạo thêm."
            )
        return procedure


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    form = VersionForm
    list_display = (
        "procedure",
        "number",
        "name",
        "status",
        "field",
        "level",
        "online_type",
        "time_limit",
    )
    list_filter = ("status", "level", "online_type", "field")
    list_select_related = ("procedure", "field")
    search_fields = ("procedure__code", "name")
    autocomplete_fields = ("procedure", "field", "agencies")
    inlines = (RequiredDocumentInline, FeeInline)
    actions = ("publish_selected", "new_draft_from_selected")
    ordering = ("procedure__code", "-number")

    @admin.display(description=_("thời hạn giải quyết"))
    def time_limit(self, obj: ProcedureVersion) -> str:
        return f"{obj.time_limit_value.normalize():f} {obj.get_time_limit_unit_display()}"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple:
        fixed = ("number", "status", "published_at")
        return (*fixed, "procedure") if obj is not None else fixed

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """Also match the folded name, so "dang ky khai sinh" finds "Đăng ký khai sinh"."""
        qs, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            qs |= queryset.filter(name_folded__contains=fold(search_term))
        return qs, may_have_duplicates

    def save_model(
        self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool
    ) -> None:
        if not change:
            obj.number, obj.status = next_draft_number(obj.procedure), VersionStatus.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        procedure_draft_saved(version=form.instance, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: ProcedureVersion) -> None:
        procedure_draft_delete(version=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for version in queryset.filter(status=VersionStatus.DRAFT):
            procedure_draft_delete(version=version, actor=request.user)

    @admin.action(description="Công bố các dự thảo đã chọn")
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for version in queryset.select_related("procedure"):
            try:
                procedure_publish(version=version, actor=request.user)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{version}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, f"Đã công bố {done} phiên bản.", messages.SUCCESS)

    @admin.action(description="Tạo dự thảo mới từ phiên bản đã chọn")
    def new_draft_from_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for version in queryset.select_related("procedure", "field"):
            try:
                draft = procedure_draft_save(data=version_data(version), actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{version}: {exc.message}", messages.ERROR)
                continue
            self.message_user(request, f"Đã tạo dự thảo {draft}.", messages.SUCCESS)
