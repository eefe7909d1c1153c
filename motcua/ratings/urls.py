"""Pages of ratings (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.ratings import views

app_name = "ratings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("ho-so-cua-toi/<str:code>/danh-gia/", views.rate, name="rate"),
    path("quay/danh-gia/", views.kiosk, name="kiosk"),
    path("can-bo/ho-so/<str:code>/ma-danh-gia/", views.kiosk_code, name="kiosk_code"),
    path("can-bo/ho-so/<str:code>/danh-gia/", views.correct, name="correct"),
    path("can-bo/danh-gia/", views.scorecard, name="scorecard"),
    path("can-bo/danh-gia/ho-so/", views.drill, name="drill"),
    path("can-bo/danh-gia/can-bo/<int:user_id>/", views.official_sheet, name="official_sheet"),
]
