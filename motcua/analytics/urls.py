"""Pages of the analytics centre (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.analytics import views

app_name = "analytics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("can-bo/thong-ke/", views.overview, name="overview"),
    path("can-bo/thong-ke/chi-so-766/", views.index_766, name="index766"),
    path("can-bo/thong-ke/ho-so/", views.dossiers, name="dossiers"),
    path("can-bo/thong-ke/cai-cach-hanh-chinh/", views.par_sheet, name="par"),
    path("can-bo/thong-ke/bao-cao/", views.report, name="report"),
    path("can-bo/thong-ke/du-bao/", views.forecast, name="forecast"),
    path("can-bo/thong-ke/xuat/<slug:table>/", views.export, name="export"),
]
