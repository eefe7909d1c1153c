from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = "Cơ quan và người dùng"


class SecondFactorAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose `admin.site` asks officials for the second factor
    (`accounts.otp.SecondFactorAdminSite`). Not the default config of this module."""

    default = False
    default_site = "motcua.accounts.otp.SecondFactorAdminSite"
