from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "motcua.analytics"
    label = "analytics"
    verbose_name = _("Phân tích, chỉ số")
    default_auto_field = "django.db.models.BigAutoField"
