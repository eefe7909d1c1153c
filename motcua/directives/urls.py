"""Pages of assigned tasks (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.directives import views

app_name = "directives"
urlpatterns: list[URLPattern | URLResolver] = [
    path("can-bo/giao-viec/", views.task_list, name="list"),
    path("can-bo/giao-viec/giao/", views.assign, name="assign"),
    path("can-bo/giao-viec/thong-ke/", views.dashboard, name="dashboard"),
    path("can-bo/giao-viec/<int:task_id>/", views.task_detail, name="detail"),
    path("can-bo/giao-viec/<int:task_id>/bao-cao/", views.report, name="report"),
    path("can-bo/giao-viec/<int:task_id>/hoan-thanh/", views.complete, name="complete"),
    path("can-bo/giao-viec/<int:task_id>/gia-han/", views.extend, name="extend"),
    path("can-bo/giao-viec/<int:task_id>/huy/", views.cancel, name="cancel"),
    path(
        "can-bo/giao-viec/<int:task_id>/tep/<int:file_id>/", views.report_file, name="report_file"
    ),
]
