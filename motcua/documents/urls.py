"""Pages of official documents (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("can-bo/van-ban/di/", views.outgoing_register, name="outgoing_register"),
    path("can-bo/van-ban/di.xlsx", views.outgoing_register_xlsx, name="outgoing_register_xlsx"),
    path("can-bo/van-ban/di/<int:doc_id>/", views.outgoing_detail, name="outgoing_detail"),
    path("can-bo/van-ban/di/<int:doc_id>/tep/", views.outgoing_pdf, name="outgoing_pdf"),
    path("can-bo/van-ban/den/", views.incoming_register, name="incoming_register"),
    path("can-bo/van-ban/den.xlsx", views.incoming_register_xlsx, name="incoming_register_xlsx"),
    path("can-bo/van-ban/den/cho-nhan/", views.incoming_pending, name="incoming_pending"),
    path("can-bo/van-ban/den/<int:doc_id>/", views.incoming_detail, name="incoming_detail"),
    path("can-bo/van-ban/den/<int:doc_id>/tep/", views.incoming_pdf, name="incoming_pdf"),
    path("can-bo/van-ban/theo-doi/", views.followup_register, name="followup_register"),
    path(
        "can-bo/van-ban/theo-doi.xlsx", views.followup_register_xlsx, name="followup_register_xlsx"
    ),
]
