"""The edXML exchange endpoint (docs/edxml.md): machine-to-machine, outside the pages."""

from django.urls import URLPattern, path

from motcua.documents.exchange_views import edxml_receive, edxml_status_receive

app_name = "documents_exchange"

urlpatterns: list[URLPattern] = [
    path("lien-thong/edxml/", edxml_receive, name="edxml_receive"),
    path("lien-thong/edxml/trang-thai/", edxml_status_receive, name="edxml_status_receive"),
]
