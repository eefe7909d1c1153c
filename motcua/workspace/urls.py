from django.urls import path

from motcua.workspace import (
    views,
    views_actions,
    views_admin,
    views_admin_calendar,
    views_dossier,
    views_inspect,
    views_intake,
)

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("viec/<slug:role>/", views.queue, name="queue"),
    path("ho-so/<str:code>/", views_dossier.dossier, name="dossier"),
    path(
        "ho-so/<str:code>/tep/<int:attachment_id>/xem/",
        views_dossier.attachment_view,
        name="attachment_view",
    ),
    path("ho-so/<str:code>/thao-tac/<slug:action>/", views_actions.action, name="action"),
    # deskadmin: counter intake
    path("tiep-nhan/", views_intake.intake_start, name="intake"),
    path("tiep-nhan/thu-tuc/<str:code>/", views_intake.intake_form, name="intake_form"),
    path("tiep-nhan/ho-so/<str:code>/", views_intake.intake_receipt_page, name="intake_receipt"),
    # deskadmin: agency admin
    path("quan-tri/", views_admin.admin_home, name="admin_home"),
    path("quan-tri/quy-trinh/", views_admin.process_list, name="admin_processes"),
    path("quan-tri/quy-trinh/<int:pk>/", views_admin.process_detail, name="admin_process"),
    path("quan-tri/quy-trinh/nhap/", views_admin.process_import, name="admin_process_import"),
    path("quan-tri/can-bo/", views_admin.official_list, name="admin_officials"),
    path("quan-tri/can-bo/them/", views_admin.official_create, name="admin_official_create"),
    path("quan-tri/can-bo/<int:pk>/", views_admin.official_detail, name="admin_official"),
    path("quan-tri/lich/", views_admin_calendar.calendar_list, name="admin_calendar"),
    # deskadmin: inspection
    path("giam-sat/", views_inspect.inspect_search, name="inspect"),
]
