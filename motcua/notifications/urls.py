"""Pages of notifications (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.notifications import views

app_name = "notifications"
urlpatterns: list[URLPattern | URLResolver] = [
    path("thong-bao/ngon-ngu/", views.language, name="language"),
]
