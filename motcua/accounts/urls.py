from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.accounts import views_auth, views_oidc

app_name = "accounts"
urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("xac-thuc-hai-buoc/", views_auth.otp_verify, name="otp_verify"),
    path("dang-nhap/vneid/", views_oidc.oidc_start, name="oidc_start"),
    path("dang-nhap/vneid/ve/", views_oidc.oidc_callback, name="oidc_callback"),
]
