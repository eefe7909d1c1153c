"""GeoReport v2 (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.open311 import views

app_name = "open311"
P = "open311/v2/"
urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.root, name="root"),
    path(f"{P}discovery.<str:fmt>", views.discovery, name="discovery"),
    path(f"{P}services.<str:fmt>", views.service_list, name="services"),
    path(f"{P}services/<str:code>.<str:fmt>", views.service_definition, name="service"),
    path(f"{P}requests.<str:fmt>", views.requests, name="requests"),
    path(f"{P}requests/<str:code>.<str:fmt>", views.request_get, name="request"),
    path(f"{P}tokens/<str:token>.<str:fmt>", views.token_get, name="token"),
]
