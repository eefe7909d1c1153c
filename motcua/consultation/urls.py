"""Pages of consultation (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.consultation import views, views_workspace

app_name = "consultation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("lay-y-kien/", views.consultation_list, name="list"),
    path("lay-y-kien/<str:key>/", views.consultation_detail, name="detail"),
    path("lay-y-kien/<str:key>/gop-y/", views.comment_create, name="comment"),
    path(
        "lay-y-kien/<str:key>/tai-lieu/<int:document_id>/",
        views.document_download,
        name="document",
    ),
    path("lay-y-kien/<str:key>/gop-y.xlsx", views.export_xlsx, name="export"),
    path("can-bo/lay-y-kien/", views_workspace.ws_list, name="ws_list"),
    path("can-bo/lay-y-kien/moi/", views_workspace.ws_create, name="ws_create"),
    path("can-bo/lay-y-kien/<int:pk>/", views_workspace.ws_detail, name="ws_detail"),
    path("can-bo/lay-y-kien/<int:pk>/tai-lieu/", views_workspace.ws_document, name="ws_document"),
    path("can-bo/lay-y-kien/<int:pk>/cong-bo/", views_workspace.ws_publish, name="ws_publish"),
    path("can-bo/lay-y-kien/<int:pk>/tong-hop/", views_workspace.ws_respond, name="ws_respond"),
    path(
        "can-bo/lay-y-kien/gop-y/<int:comment_id>/kiem-duyet/",
        views_workspace.ws_moderate,
        name="ws_moderate",
    ),
]
