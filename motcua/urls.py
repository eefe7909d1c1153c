from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from motcua.api.main import api

# Nothing under MEDIA_ROOT is served by URL, in any mode: dossier files (personal data) go out
# only through views that check the caller's right to the dossier (motcua.core.downloads).
urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("motcua.portal.urls")),
]
