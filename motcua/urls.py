from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from motcua.accounts.admin_password import own_password_change
from motcua.api.main import api
from motcua.core.views_ops import healthz, metrics_view

# Nothing under MEDIA_ROOT is served by URL, in any mode: dossier files (personal data) go out
# only through views that check the caller's right to the dossier (motcua.core.downloads).
urlpatterns: list[URLPattern | URLResolver] = [
    # before the admin's URLs: the own-password page saves through `user_set_password`
    path("admin/password_change/", own_password_change, name="own_password_change"),
    path("admin/", admin.site.urls),
    # operations (docs/operations.md): health checks and Prometheus metrics
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("can-bo/", include("motcua.workspace.urls")),
    path("", include("motcua.payments.urls")),
    path("", include("motcua.signing.urls")),
    path("", include("motcua.docstore.urls")),
    path("", include("motcua.notifications.urls")),
    path("", include("motcua.ratings.urls")),
    path("", include("motcua.analytics.urls")),
    path("", include("motcua.feedback.urls")),
    path("", include("motcua.open311.urls")),
    path("", include("motcua.consultation.urls")),
    path("", include("motcua.documents.urls_exchange")),
    path("", include("motcua.documents.urls")),
    path("", include("motcua.directives.urls")),
    path("", include("motcua.accounts.urls")),
    path("", include("motcua.portal.urls")),
]
