"""Admin for the shared kernel. Calendar overrides are written through `core.services` (audit
event, calendar cache reset), an agency admin's limited to their agencies; the audit chain, its
checkpoints, the outbox and job runs are read-only here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.accounts.admin_scope import AgencyScopedAdmin, ServiceErrorsMixin
from motcua.core.models import (
    AuditCheckpoint,
    AuditEvent,
    CalendarOverride,
    JobRun,
    OutboxMessage,
)
from motcua.core.services import calendar_override_delete, calendar_override_set


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ("date", "kind", "agency", "note", "source")

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        first, last = settings.MOTCUA["CALENDAR_YEARS"]
        if not first <= day.year <= last:
            raise forms.ValidationError(f"Ngày nằm ngoài phạm vi lịch làm việc ({first}–{last}).")
        return day


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ServiceErrorsMixin, AgencyScopedAdmin):
    """An agency admin manages the overrides of their agencies (never the city-wide ones)."""

    form = CalendarOverrideForm
    list_display = ("date", "kind", "agency", "note", "source", "updated_at")
    list_filter = ("kind", ("agency", admin.EmptyFieldListFilter))
    search_fields = ("note", "source", "agency__name", "agency__code")
    date_hierarchy = "date"
    autocomplete_fields = ("agency",)
    list_select_related = ("agency",)
    fields = ("date", "kind", "agency", "note", "source")

    def save_model(
        self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool
    ) -> None:
        if change:
            before = CalendarOverride.objects.get(pk=obj.pk)
            if (before.date, before.agency_id) != (obj.date, obj.agency_id):
                calendar_override_delete(date=before.date, agency=before.agency, actor=request.user)
        row = calendar_override_set(
            date=obj.date,
            kind=obj.kind,
            agency=obj.agency,
            note=obj.note,
            source=obj.source,
            actor=request.user,
        )
        obj.__dict__.update(row.__dict__)

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        calendar_override_delete(date=obj.date, agency=obj.agency, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset.select_related("agency"):
            self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable, never added, changed or deleted from the admin (a POST is refused)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("gseq", "stream_type", "stream_id", "seq", "kind", "actor_label", "occurred_at")
    list_filter = ("stream_type", "kind")
    search_fields = ("stream_id", "kind", "actor_label")
    date_hierarchy = "occurred_at"
    ordering = ("-gseq",)
    show_full_result_count = False


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    list_display = ("gseq", "head_hash", "signed_at", "key_id")
    ordering = ("-gseq",)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = (
        "kind",
        "channel",
        "recipient",
        "subject_type",
        "subject_id",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    )
    list_filter = ("status", "channel", "kind")
    search_fields = ("recipient", "subject_id", "dedupe_key")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ("name", "last_started_at", "last_finished_at", "last_ok", "last_message")
    list_filter = ("last_ok",)
    search_fields = ("name",)
