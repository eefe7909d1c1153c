from django.urls import path

from motcua.workspace import views, views_actions, views_dossier

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
]
