"""Pages of official documents (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.documents import views, views_metadata, views_outgoing

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("can-bo/van-ban/di/", views.outgoing_register, name="outgoing_register"),
    path("can-bo/van-ban/di.xlsx", views.outgoing_register_xlsx, name="outgoing_register_xlsx"),
    path("can-bo/van-ban/di/<int:doc_id>/", views.outgoing_detail, name="outgoing_detail"),
    path("can-bo/van-ban/di/<int:doc_id>/tep/", views.outgoing_pdf, name="outgoing_pdf"),
    path("can-bo/van-ban/di/moi/", views_outgoing.outgoing_new, name="outgoing_new"),
    path(
        "can-bo/van-ban/di/<int:doc_id>/xu-ly/",
        views_outgoing.outgoing_actions,
        name="outgoing_actions",
    ),
    path(
        "can-bo/van-ban/di/<int:doc_id>/trinh-duyet/",
        views_outgoing.outgoing_step,
        {"step": "submit"},
        name="outgoing_submit",
    ),
    path(
        "can-bo/van-ban/di/<int:doc_id>/duyet/",
        views_outgoing.outgoing_step,
        {"step": "approve"},
        name="outgoing_approve",
    ),
    path(
        "can-bo/van-ban/di/<int:doc_id>/ban-hanh/",
        views_outgoing.outgoing_step,
        {"step": "issue"},
        name="outgoing_issue",
    ),
    path("can-bo/van-ban/den/", views.incoming_register, name="incoming_register"),
    path("can-bo/van-ban/den.xlsx", views.incoming_register_xlsx, name="incoming_register_xlsx"),
    path("can-bo/van-ban/den/cho-nhan/", views.incoming_pending, name="incoming_pending"),
    path("can-bo/van-ban/den/cho-nhan/<int:doc_id>/tep/", views.pending_pdf, name="pending_pdf"),
    path("can-bo/van-ban/den/<int:doc_id>/", views.incoming_detail, name="incoming_detail"),
    path("can-bo/van-ban/den/<int:doc_id>/tep/", views.incoming_pdf, name="incoming_pdf"),
    path("can-bo/van-ban/theo-doi/", views.followup_register, name="followup_register"),
    path(
        "can-bo/van-ban/theo-doi.xlsx", views.followup_register_xlsx, name="followup_register_xlsx"
    ),
    path(
        "can-bo/van-ban/di/<int:doc_id>/sieu-du-lieu.xml",
        views_metadata.outgoing_metadata_xml,
        name="outgoing_metadata_xml",
    ),
    path(
        "can-bo/van-ban/den/<int:doc_id>/sieu-du-lieu.xml",
        views_metadata.incoming_metadata_xml,
        name="incoming_metadata_xml",
    ),
]
