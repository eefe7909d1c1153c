"""Admin for internal processes. Drafts are edited here; published and retired versions are
read-only (no change, no delete: a POST is refused). Every write goes through the services:
a draft with its step and edge rows is saved by one `process_create` / `process_update_draft`
call (one audit event), deleted by `process_delete_draft`; publishing and starting a new
version are admin actions. An agency admin sees and edits their agencies' processes only, and
sees (read-only) the shared processes of the procedures their agencies receive: the demo
catalogue's processes are all shared, and without them the admin looked empty."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from motcua.accounts.admin_scope import (
    AgencyScopedAdmin,
    ScopedInlineMixin,
    ServiceErrorsMixin,
    admin_scope,
)
from motcua.accounts.models import Agency
from motcua.catalog.models import Procedure
from motcua.core.admin_forms import CleanTextInlineMixin
from motcua.core.errors import DomainError
from motcua.dossiers.models import ProcessDefinition, ProcessStatus, ProcessStep, ProcessTransition
from motcua.dossiers.services.process import (
    process_create,
    process_delete_draft,
    process_new_version,
    process_publish,
    process_update_draft,
)


def _frozen(obj: ProcessDefinition | None) -> bool:
    return obj is not None and obj.is_frozen


class _SharedProcessRules(admin.options.BaseModelAdmin[Any]):
    """For the process admin and its rows' inlines (`obj` is the process): an agency admin sees
    their agencies' processes and the shared ones of procedures they receive, and changes or
    deletes neither a frozen process nor a shared one (the city admin's)."""

    def scope_filter(self, qs: QuerySet, scope: QuerySet[Agency]) -> QuerySet:
        """Their agencies' processes, and the shared ones of procedures they receive."""
        received = Procedure.objects.filter(current__agencies__in=scope).values("pk")
        return qs.filter(Q(agency__in=scope) | Q(agency__isnull=True, procedure__in=received))

    def _shared_for_agency_admin(self, request: HttpRequest, obj: Any) -> bool:
        """A shared process is the city admin's to change; an agency admin only views it."""
        return obj is not None and obj.agency_id is None and admin_scope(request) is not None

    def editable(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The selected rows the user may change (an agency admin: not the shared ones)."""
        return queryset if admin_scope(request) is None else queryset.filter(agency__isnull=False)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if _frozen(obj) or self._shared_for_agency_admin(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if _frozen(obj) or self._shared_for_agency_admin(request, obj):
            return False
        return super().has_delete_permission(request, obj)


class _FrozenParentInline(
    _SharedProcessRules, CleanTextInlineMixin, ScopedInlineMixin, admin.TabularInline
):
    """Rows of a published or retired process cannot be added, changed or deleted."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_add_permission(request, obj)


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
                formset.form.base_fields[name].queryset = steps
        return formset


def _graph(formsets: list[Any]) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """Steps and edges as the services take them, from the inline forms (edges by step key;
    an edge to a deleted step goes with it, as a cascade would)."""
    steps: list[Mapping[str, Any]] = []
    keys: dict[int, str] = {}  # step pk -> its key after this save
    edge_forms: list[Any] = []
    for formset in formsets:
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if formset.model is ProcessTransition:
            edge_forms = kept
            continue
        for form in kept:
            data = form.cleaned_data
            agency = data.get("agency")
            steps.append(
                {
                    **{k: data[k] for k in ("key", "name", "order", "agency_rule", "role")},
                    "agency": agency.code if agency else None,
                    "allotted_hours": data["allotted_hours"],
                    "outcomes": data.get("outcomes") or ["approve"],
                }
            )
            if form.instance.pk:
                keys[form.instance.pk] = data["key"]
    edges: list[Mapping[str, Any]] = []
    for form in edge_forms:
        ends = [form.cleaned_data.get(end) for end in ("source", "target")]
        if any(e is not None and e.pk not in keys for e in ends):
            continue
        source, target = (keys[e.pk] if e is not None else None for e in ends)
        edges.append({"source": source, "target": target})
    return steps, edges


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(_SharedProcessRules, ServiceErrorsMixin, AgencyScopedAdmin):
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

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        # Moving a version to another procedure/agency would break its numbering.
        return (*fields, "procedure", "agency") if obj is not None else fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Nothing yet: the draft is written with its rows in `save_related`, in one call."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        obj = form.instance
        steps, edges = _graph(formsets)
        if change:
            saved = process_update_draft(
                process=obj,
                steps=steps,
                edges=edges,
                name=obj.name,
                allotment_note=obj.allotment_note,
                actor=request.user,
            )
        else:
            saved = process_create(
                procedure=obj.procedure,
                agency=obj.agency,
                name=obj.name,
                steps=steps,
                edges=edges,
                allotment_note=obj.allotment_note,
                actor=request.user,
            )
        obj.pk, obj.version, obj.status = saved.pk, saved.version, saved.status
        obj._state.adding = False
        for formset in formsets:  # the rows were written by the service; the change message
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        process_delete_draft(process=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        queryset = self.editable(request, queryset)
        frozen = queryset.exclude(status=ProcessStatus.DRAFT).count()
        if frozen:
            self.message_user(
                request, f"Bỏ qua {frozen} quy trình đã công bố (không được xoá).", messages.WARNING
            )
        for process in queryset.filter(status=ProcessStatus.DRAFT):
            process_delete_draft(process=process, actor=request.user)

    @admin.action(description="Công bố các quy trình dự thảo đã chọn", permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for process in self.editable(request, queryset):
            try:
                process_publish(process=process, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{process}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"Đã công bố {process}.", messages.SUCCESS)

    @admin.action(description="Tạo phiên bản mới (bản sao dự thảo)", permissions=["add"])
    def new_version_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for process in self.editable(request, queryset):
            draft = process_new_version(process=process, actor=request.user)
            self.message_user(request, f"Đã tạo {draft} từ {process}.", messages.SUCCESS)
