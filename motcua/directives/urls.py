"""Pages of assigned tasks (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "directives"
urlpatterns: list[URLPattern | URLResolver] = []
