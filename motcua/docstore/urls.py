"""Pages of docstore (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.docstore import views

app_name = "docstore"
urlpatterns: list[URLPattern | URLResolver] = [
    path("kho-giay-to/", views.store_list, name="store_list"),
    path("kho-giay-to/<int:item_id>/tai-ve/", views.store_download, name="store_download"),
    path(
        "can-bo/ho-so/<str:code>/tep/<int:attachment_id>/doi-chieu/",
        views.verify,
        name="verify",
    ),
]
