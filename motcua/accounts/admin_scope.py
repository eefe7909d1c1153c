"""Who sees what in the Django admin: the city admin sees the whole city, an agency admin the
data of the agencies in their `agency_admin` scope (processes, officials, calendar overrides).

Decided from role assignments (`accounts.selectors.agencies_in_scope`), not from Django's
per-user permission tables: a superuser or a holder of `city_admin` is the city admin; a staff
member holding `agency_admin` somewhere is an agency admin; anyone else keeps Django's rules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect

from motcua.accounts.models import Agency, Role
from motcua.accounts.selectors import agencies_in_scope
from motcua.accounts.services import is_city_admin
from motcua.core.admin_forms import CleanTextAdminMixin
from motcua.core.errors import DomainError


def admin_scope(request: HttpRequest) -> QuerySet[Agency] | None:
    """None for the city admin (everything); else the agencies the user administers (maybe
    none). Computed once per request."""
    if hasattr(request, "_motcua_admin_scope"):
        cached: QuerySet[Agency] | None = request._motcua_admin_scope
        return cached
    user = request.user
    scope = None if is_city_admin(user) else agencies_in_scope(user, [Role.AGENCY_ADMIN])
    if scope is not None:
        scope = Agency.objects.filter(pk__in=list(scope.values_list("pk", flat=True)))
    request._motcua_admin_scope = scope  # type: ignore[attr-defined]
    return scope


def _agency_admin(request: HttpRequest) -> bool:
    scope = admin_scope(request)
    return scope is not None and scope.exists()


class AgencyScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows belong to an agency (`scope_field`, a lookup to Agency).

    The city admin keeps Django's rules; an agency admin may view, add, change and delete the
    rows of their agencies and nothing else (another agency's row is 404 through the queryset,
    403 through the permission check)."""

    scope_field = "agency"

    def scope_filter(self, qs: QuerySet, scope: QuerySet[Agency]) -> QuerySet:
        return qs.filter(**{f"{self.scope_field}__in": scope})

    def in_scope(self, request: HttpRequest, obj: Any) -> bool:
        scope = admin_scope(request)
        if scope is None:
            return True
        return self.scope_filter(type(obj)._default_manager.filter(pk=obj.pk), scope).exists()

    def _scoped(self, request: HttpRequest, obj: Any, default: bool) -> bool:
        if not _agency_admin(request):
            return default
        return obj is None or self.in_scope(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _agency_admin(request) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._scoped(request, obj, super().has_view_permission(request, obj))

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _agency_admin(request) or super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._scoped(request, obj, super().has_change_permission(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._scoped(request, obj, super().has_delete_permission(request, obj))

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        scope = admin_scope(request)
        return qs if scope is None else self.scope_filter(qs, scope)

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str):  # type: ignore[no-untyped-def]
        """Another agency's row (or a missing one) is a plain 404, not a redirect."""
        raise Http404("Không tìm thấy.")

    def get_autocomplete_fields(self, request: HttpRequest) -> tuple:
        fields = tuple(super().get_autocomplete_fields(request))
        if admin_scope(request) is None:
            return fields
        return tuple(f for f in fields if f != self.scope_field)  # a plain list of their agencies

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        scope = admin_scope(request)
        if scope is not None and db_field.name == self.scope_field:
            kwargs["queryset"] = scope
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedInlineMixin:
    """An inline of a scoped parent: an agency admin may edit it when they may change the
    parent (Django's per-model permissions would refuse them)."""

    parent_model: Any
    admin_site: Any

    def _parent_allows(self, request: HttpRequest, obj: Any) -> bool | None:
        if not _agency_admin(request):
            return None
        parent = self.admin_site._registry[self.parent_model]
        return bool(parent.has_change_permission(request, obj))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = self._parent_allows(request, obj)
        return allowed if allowed is not None else super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = self._parent_allows(request, obj)
        return allowed if allowed is not None else super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = self._parent_allows(request, obj)
        return allowed if allowed is not None else super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = self._parent_allows(request, obj)
        return allowed if allowed is not None else super().has_delete_permission(request, obj)  # type: ignore[misc]


class ServiceErrorsMixin(CleanTextAdminMixin):
    """A `DomainError` raised by a service while the admin saves rolls the whole save back
    (Django wraps it in one transaction) and shows the error's Vietnamese message. Its forms
    refuse control characters like every other edge (`core.admin_forms`)."""

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)  # type: ignore[attr-defined]
            return HttpResponseRedirect(request.get_full_path())
