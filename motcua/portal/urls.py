from django.urls import path

from motcua.portal import views, views_declaration, views_files, views_tracking

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path(
        "thu-tuc/<str:code>/to-khai.pdf",
        views_declaration.declaration_pdf,
        name="declaration_pdf",
    ),
    path(
        "thu-tuc/<str:code>/mau/<int:document_id>/",
        views_files.procedure_template,
        name="procedure_template",
    ),
    path("tra-cuu/", views_tracking.track, name="track"),
    path("tra-cuu/<str:code>/", views_tracking.track_detail, name="track_detail"),
    path(
        "ho-so/<str:code>/phieu/<slug:kind>.pdf",
        views_files.slip_download,
        name="slip_download",
    ),
    path(
        "ho-so/<str:code>/tep/<int:attachment_id>/",
        views_files.attachment_download,
        name="attachment_download",
    ),
]
