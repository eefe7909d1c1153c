from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = "Cơ quan và người dùng"
