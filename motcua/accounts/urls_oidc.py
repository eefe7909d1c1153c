"""Sign-in through the identity provider; appended to `accounts.urls` (namespace `accounts`)."""

from django.urls import path

from motcua.accounts import views_oidc

urlpatterns = [
    path("dang-nhap/vneid/", views_oidc.oidc_start, name="oidc_start"),
    path("dang-nhap/vneid/ve/", views_oidc.oidc_callback, name="oidc_callback"),
]
