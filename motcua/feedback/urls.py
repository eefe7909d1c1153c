"""Pages of feedback (included at the site root by motcua/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from motcua.feedback import views

app_name = "feedback"
urlpatterns: list[URLPattern | URLResolver] = [
    path("phan-anh/", views.public_list, name="public_list"),
    path("phan-anh/gui/", views.submit, name="submit"),
    path("phan-anh/<str:code>/", views.public_detail, name="public_detail"),
    path("phan-anh/<str:code>/cua-toi/", views.mine, name="mine"),
    path("phan-anh/<str:code>/anh/<int:photo_id>/", views.photo, name="photo"),
    path("phan-anh/<str:code>/danh-gia/", views.rate, name="rate"),
    path("phan-anh/<str:code>/mo-lai/", views.reopen, name="reopen"),
    path("can-bo/phan-anh/", views.ws_list, name="ws_list"),
    path("can-bo/phan-anh/<str:code>/", views.ws_detail, name="ws_detail"),
    path("can-bo/phan-anh/<str:code>/phan-loai/", views.ws_classify, name="ws_classify"),
    path("can-bo/phan-anh/<str:code>/tu-choi/", views.ws_refuse, name="ws_refuse"),
    path("can-bo/phan-anh/<str:code>/giao/", views.ws_assign, name="ws_assign"),
    path("can-bo/phan-anh/<str:code>/tra-loi/", views.ws_answer, name="ws_answer"),
    path("can-bo/phan-anh/<str:code>/cong-khai/", views.ws_publish, name="ws_publish"),
]
