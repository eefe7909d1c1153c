"""Pages of payments (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.payments import views

app_name = "payments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("ho-so-cua-toi/<str:code>/thanh-toan/", views.pay, name="pay"),
    path(
        "ho-so-cua-toi/<str:code>/thanh-toan/<str:order_ref>/bien-lai/",
        views.receipt,
        name="receipt",
    ),
    path("thanh-toan/vnpay/ket-qua/", views.gateway_return, name="return"),
]
