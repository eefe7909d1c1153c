"""Admin for agencies, users, role assignments and API tokens.

Every save goes through `accounts.services` (checks, one audit event each): agencies
(`agency_create` / `agency_update`; code and parent fixed, never deleted: deactivate), users
(`user_create` / `user_update`; never deleted: deactivate, which revokes their tokens),
passwords (`user_set_password`, which revokes their tokens), roles (`role_grant` /
`role_revoke`) and token revocations (`token_revoke`). An agency admin sees and edits the
officials of their agencies only, and never the superuser or permission fields nor the kind
and identifiers of an account (`admin_scope`). The signed-in user's own password page
(`own_password_change`, routed in `motcua.urls`) also goes through `user_set_password`."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.accounts import services
from motcua.accounts.admin_scope import (
    AgencyScopedAdmin,
    ScopedInlineMixin,
    ServiceErrorsMixin,
    admin_scope,
)
from motcua.accounts.models import Agency, ApiToken, Role, RoleAssignment, User, UserKind
from motcua.core.admin_forms import CleanTextInlineMixin
from motcua.core.identifiers import validate_cccd, validate_phone, validate_tax_code

# Permissions come from role assignments per agency, not from Django's groups, whose admin
# would write them with no audit event.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

# The acting user while Django's password view runs (it calls `form.save()` with no request).
_actor: ContextVar[Any] = ContextVar("motcua_admin_actor", default=None)


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
class AgencyAdmin(ServiceErrorsMixin, admin.ModelAdmin):
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


class RoleAssignmentInline(CleanTextInlineMixin, ScopedInlineMixin, admin.TabularInline):
    """An agency admin sees and grants roles at their agencies only, never `city_admin`."""

    model = RoleAssignment
    formset = RoleInlineFormSet
    fields = ("role", "agency", "include_descendants")
    autocomplete_fields = ("agency",)
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        qs = super().get_queryset(request)
        scope = admin_scope(request)
        return qs if scope is None else qs.filter(agency__in=scope)

    def get_autocomplete_fields(self, request: HttpRequest) -> tuple:
        return self.autocomplete_fields if admin_scope(request) is None else ()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        scope = admin_scope(request)
        if scope is not None and db_field.name == "agency":
            kwargs["queryset"] = scope
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if admin_scope(request) is not None and db_field.name == "role":
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.CITY_ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class MotCuaUserChangeForm(UserChangeForm):
    """Identifiers are validated and normalised like the services do, and must be free."""

    def clean_cccd(self) -> str:
        value = self.cleaned_data.get("cccd", "")
        return validate_cccd(value) if value else ""

    def clean_tax_code(self) -> str:
        value = self.cleaned_data.get("tax_code", "")
        return validate_tax_code(value, allow_personal_id=True) if value else ""

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "")
        return validate_phone(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        kind = data.get("kind", self.instance.kind)
        problem = services.identity_conflict(
            kind=kind,
            cccd=data.get("cccd", ""),
            tax_code=data.get("tax_code", ""),
            exclude_pk=self.instance.pk,
        )
        if problem:
            self.add_error("cccd" if kind == UserKind.CITIZEN else "tax_code", problem)
        return data


class ServicePasswordForm(AdminPasswordChangeForm):
    """Django's admin password form, saved through `user_set_password` (audit event, tokens
    revoked) instead of `user.save()`."""

    def save(self, commit: bool = True) -> User:
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        self.user = services.user_set_password(
            user=self.user, password=password, actor=_actor.get()
        )
        return self.user


_PRIVILEGED_FIELDS = set(services.PRIVILEGED)
# What an agency admin never sees in the form: the privileged fields and who the account is
# (kind and identifiers: a citizen's CCCD links that citizen's dossiers to the account).
_CITY_ONLY_FIELDS = _PRIVILEGED_FIELDS | set(services.IDENTITY)


@admin.register(User)
class UserAdmin(ServiceErrorsMixin, AgencyScopedAdmin, DjangoUserAdmin):
    form = MotCuaUserChangeForm
    change_password_form = ServicePasswordForm
    inlines = (RoleAssignmentInline,)
    scope_field = "home_agency"
    list_display = ("username", "full_name", "kind", "home_agency", "is_staff", "is_active")
    list_filter = ("kind", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "full_name", "email", "cccd", "tax_code", "organisation_name")
    list_select_related = ("home_agency",)
    autocomplete_fields = ("home_agency",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
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

    def scope_filter(self, qs: QuerySet, scope: QuerySet[Agency]) -> QuerySet:
        """An agency admin's officials: working at their agencies, not superusers, and holding
        no role outside them and no `city_admin` (resetting such a password would hand the
        agency admin rights they do not have)."""
        beyond = RoleAssignment.objects.filter(~Q(agency__in=scope) | Q(role=Role.CITY_ADMIN))
        return qs.filter(home_agency__in=scope, kind=UserKind.OFFICIAL, is_superuser=False).exclude(
            pk__in=beyond.values("user_id")
        )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if admin_scope(request) is None:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in _CITY_ONLY_FIELDS]})
            for name, opts in fieldsets
        ]

    def get_inlines(self, request: HttpRequest, obj: Any) -> tuple:
        return self.inlines if obj is not None else ()  # roles after the account exists

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # audit events and dossiers refer to users: deactivate instead

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        token = _actor.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _actor.reset(token)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            editable = set(services.USER_EDITABLE) | _PRIVILEGED_FIELDS
            changes = {f: form.cleaned_data[f] for f in form.changed_data if f in editable}
            services.user_update(user=obj, actor=request.user, **changes)
            return
        kind = obj.kind if admin_scope(request) is None else UserKind.OFFICIAL
        created = services.user_create(
            username=obj.username,
            password_hash=obj.password,
            kind=kind,
            full_name=obj.full_name,
            home_agency=obj.home_agency,
            actor=request.user,
        )
        obj.pk, obj.kind = created.pk, created.kind
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # groups and permissions were set by `user_update`; only the role inline is left
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

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
    SHA-256 is stored. Nothing is edited here; the action revokes (`token_revoke`)."""

    list_display = (
        "prefix",
        "user",
        "name",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__username")
    list_select_related = ("user",)
    fields = (
        "user",
        "name",
        "prefix",
        "key_hash",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = fields
    actions = ("revoke_selected",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # nothing is edited

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the revocation is audited

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return super().has_change_permission(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        return super().get_queryset(request).select_related("user")

    @admin.action(description=_("Thu hồi các mã đã chọn"), permissions=["revoke"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        done = sum(services.token_revoke(token=t, actor=request.user) for t in queryset)
        self.message_user(request, f"Đã thu hồi {done} mã truy cập.", messages.SUCCESS)
