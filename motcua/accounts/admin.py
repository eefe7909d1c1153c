"""Admin for agencies, users, role assignments and API tokens.

Agencies are created and changed through `accounts.services` (materialised path, audit event);
their code and parent are fixed once created and they are never deleted (deactivate instead).
Role assignments edited inline on a user go through `role_grant` / `role_revoke`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.accounts import services
from motcua.accounts.models import Agency, ApiToken, RoleAssignment, User, UserKind
from motcua.core import audit
from motcua.core.identifiers import validate_cccd, validate_phone, validate_tax_code


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "address",
            "phone",
            "email",
            "office_hours",
            "saturday_hours",
            "is_active",
        )

    def clean_code(self) -> str:
        return services.validate_agency_code(self.cleaned_data["code"])

    def clean_office_hours(self) -> list[list[str]]:
        return services.validate_sessions(self.cleaned_data["office_hours"])

    def clean_saturday_hours(self) -> list[list[str]]:
        return services.validate_sessions(
            self.cleaned_data["saturday_hours"], label="giờ làm việc thứ Bảy"
        )


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = ("tree_name", "code", "short_name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code")
    ordering = ("path",)
    autocomplete_fields = ("parent",)
    list_per_page = 200

    class Media:
        css = {"all": ("css/admin.css",)}

    fields = (
        "code",
        "name",
        "short_name",
        "kind",
        "parent",
        "path",
        "address",
        "phone",
        "email",
        "office_hours",
        "saturday_hours",
        "is_active",
    )

    @admin.display(description=_("tên"), ordering="path")
    def tree_name(self, obj: Agency) -> str:
        depth = max(obj.path.count("/") - 2, 0)
        # a class, not a style attribute: the Content-Security-Policy refuses inline styles
        return format_html('<span class="tree-depth-{}">{}</span>', min(depth, 8), obj.name)

    def get_readonly_fields(self, request: HttpRequest, obj: Agency | None = None) -> tuple:
        return ("path",) if obj is None else ("code", "parent", "path")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # dossiers and documents refer to agencies: deactivate instead

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data[k] for k in services.AGENCY_EDITABLE if k in form.cleaned_data}
        if change:
            services.agency_update(agency=obj, actor=request.user, **data)
            return
        created = services.agency_create(
            code=form.cleaned_data["code"],
            parent=form.cleaned_data.get("parent"),
            actor=request.user,
            **data,
        )
        obj.__dict__.update(created.__dict__)


class RoleInlineFormSet(forms.BaseInlineFormSet):
    """Only officials hold roles, and only in active agencies (the rules of `role_grant`)."""

    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if kept and self.instance.kind != UserKind.OFFICIAL:
            raise ValidationError("Chỉ cán bộ, công chức mới được phân quyền.")
        for form in kept:
            agency = form.cleaned_data.get("agency")
            if agency is not None and not agency.is_active and form.has_changed():
                form.add_error("agency", f"{agency.name} đã ngừng hoạt động.")


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    formset = RoleInlineFormSet
    fields = ("role", "agency", "include_descendants")
    autocomplete_fields = ("agency",)
    extra = 0


class MotCuaUserChangeForm(UserChangeForm):
    """Identifiers are validated and normalised like the services do."""

    def clean_cccd(self) -> str:
        value = self.cleaned_data.get("cccd", "")
        return validate_cccd(value) if value else ""

    def clean_tax_code(self) -> str:
        value = self.cleaned_data.get("tax_code", "")
        return validate_tax_code(value, allow_personal_id=True) if value else ""

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "")
        return validate_phone(value) if value else ""


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = MotCuaUserChangeForm
    inlines = (RoleAssignmentInline,)
    list_display = ("username", "full_name", "kind", "home_agency", "is_staff", "is_active")
    list_filter = ("kind", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "full_name", "email", "cccd", "tax_code", "organisation_name")
    list_select_related = ("home_agency",)
    autocomplete_fields = ("home_agency",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Một Cửa"),
            {
                "fields": (
                    "kind",
                    "full_name",
                    "cccd",
                    "tax_code",
                    "organisation_name",
                    "phone",
                    "home_agency",
                )
            },
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Một Cửa"), {"fields": ("kind", "full_name", "home_agency")}),
    )

    def get_inlines(self, request: HttpRequest, obj: Any) -> tuple:
        return self.inlines if obj is not None else ()  # roles after the account exists

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        fields = sorted(
            f for f in form.changed_data if f not in ("password", "password1", "password2")
        )
        audit.append(
            stream_type=services.USER_STREAM,
            stream_id=str(obj.pk),
            kind="user.changed" if change else "user.created",
            actor=request.user,
            payload={"username": obj.username, "fields": fields, "via": "admin"},
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            services.role_revoke(assignment=row, actor=request.user)
        for row in rows:
            if row.pk:
                before = RoleAssignment.objects.get(pk=row.pk)
                if (before.agency_id, before.role) != (row.agency_id, row.role):
                    services.role_revoke(assignment=before, actor=request.user)
            services.role_grant(
                user=form.instance,
                agency=row.agency,
                role=row.role,
                include_descendants=row.include_descendants,
                actor=request.user,
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by `motcua create_token` (the clear key is shown once); only the
    SHA-256 is stored and it cannot be edited here. Set "revoked at" to revoke."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__username")
    list_select_related = ("user",)
    fields = ("user", "name", "prefix", "key_hash", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        return super().get_queryset(request).select_related("user")
