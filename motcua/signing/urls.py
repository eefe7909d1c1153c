"""Pages of signing (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.signing import views

app_name = "signing"
urlpatterns: list[URLPattern | URLResolver] = [
    path("xac-thuc/", views.verify, name="verify"),
    path("xac-thuc/<str:code>/", views.verify_code, name="verify_code"),
    path("pki/tsa", views.tsa, name="tsa"),
    path("pki/<slug:slug>.crl", views.crl, name="crl"),
    path("pki/<slug:slug>.crt", views.ca_certificate, name="ca_certificate"),
]
