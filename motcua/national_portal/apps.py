from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalPortalConfig(AppConfig):
    name = "motcua.national_portal"
    label = "national_portal"
    verbose_name = _("Đồng bộ Cổng Dịch vụ công quốc gia")
    default_auto_field = "django.db.models.BigAutoField"
