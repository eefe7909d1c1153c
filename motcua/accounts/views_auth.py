"""Sign-in pages. (Scaffold: the full sign-in, registration and second factor come next.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def otp_verify(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/otp_verify.html", {})
