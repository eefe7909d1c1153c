from django.urls import path

from motcua.portal import (
    views,
    views_declaration,
    views_files,
    views_mine,
    views_tracking,
    views_wizard,
)

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
    # --- online submission wizard (wizard) ---
    path("thu-tuc/<str:code>/nop/", views_wizard.draft_start, name="draft_start"),
    path("nop-ho-so/", views_wizard.drafts, name="drafts"),
    path("nop-ho-so/<int:draft_id>/huy/", views_wizard.draft_discard, name="draft_discard"),
    path("nop-ho-so/<int:draft_id>/<slug:step>/", views_wizard.draft_step, name="draft_step"),
    # --- end wizard ---
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
    path("ho-so-cua-toi/", views_mine.mine, name="mine"),
    path("ho-so-cua-toi/<str:code>/", views_mine.mine_detail, name="mine_detail"),
    path(
        "ho-so-cua-toi/<str:code>/bo-sung/",
        views_mine.mine_supplement,
        name="mine_supplement",
    ),
    path("ho-so-cua-toi/<str:code>/dung/", views_mine.mine_withdraw, name="mine_withdraw"),
    path("thong-bao/", views_mine.inbox, name="inbox"),
    path("thong-bao/da-doc/", views_mine.inbox_read, name="inbox_read"),
]
