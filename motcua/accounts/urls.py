from django.urls import path

from motcua.accounts import views_auth, views_oidc, views_register

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views_auth.SignInView.as_view(), name="login"),
    path("dang-xuat/", views_auth.sign_out, name="logout"),
    path("xac-thuc-hai-buoc/", views_auth.otp_verify, name="otp_verify"),
    path("tai-khoan/hai-buoc/", views_auth.otp_enrol, name="otp_enrol"),
    path("dang-ky/", views_register.register_citizen, name="register"),
    path("dang-ky/doanh-nghiep/", views_register.register_business, name="register_business"),
    path("dang-ky/xac-minh/", views_register.register_verify, name="register_verify"),
    path("quen-mat-khau/", views_register.password_reset, name="password_reset"),
    path(
        "quen-mat-khau/dat-lai/",
        views_register.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("dang-nhap/vneid/", views_oidc.oidc_start, name="oidc_start"),
    path("dang-nhap/vneid/ve/", views_oidc.oidc_callback, name="oidc_callback"),
]
