"""Ratings in the admin: read only (a rating never changes; a correction is a new record made
in the workspace, `ratings.services.rating_correct`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.ratings.models import KioskCode, OfficialRating, Rating


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnly):
    list_display = ("dossier", "source", "channel", "satisfied", "total", "created_at")
    list_filter = ("source", "channel", "satisfied")
    raw_id_fields = ("dossier", "rater", "corrects", "kiosk_code")


@admin.register(OfficialRating)
class OfficialRatingAdmin(ReadOnly):
    list_display = ("rating", "official", "role", "courtesy", "guidance", "timeliness")
    raw_id_fields = ("rating", "official")


@admin.register(KioskCode)
class KioskCodeAdmin(ReadOnly):
    list_display = ("dossier", "created_at", "expires_at", "used_at")
    exclude = ("code_hash",)
    raw_id_fields = ("dossier", "issued_by")
