"""The workspace home. (Scaffold: the role homes come next.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.access import official_required


@official_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/home.html", {})
