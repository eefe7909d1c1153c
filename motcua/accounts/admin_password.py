"""The signed-in user's own password page in the admin (`/admin/password_change/`).

Django's view saves with `user.save()`: no audit event, and the API tokens issued on the strength
of the old password keep working. `motcua.urls` routes the page here instead (before the admin's
own URLs): the same view, template and success page, saved through `user_set_password`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from motcua.accounts import services
from motcua.accounts.models import User


class OwnPasswordChangeForm(AdminPasswordChangeForm):
    """Old password checked and new one validated by Django's form; saved by the service (one
    `user.password_changed` event, the user's tokens revoked), the user as actor."""

    def save(self, commit: bool = True) -> User:
        self.user = services.user_set_password(
            user=self.user, password=self.cleaned_data["new_password1"], actor=self.user
        )
        return self.user


def _own_password_change(request: HttpRequest, extra_context: Any = None) -> HttpResponseBase:
    request.current_app = admin.site.name
    view = PasswordChangeView.as_view(
        form_class=OwnPasswordChangeForm,
        success_url=reverse("admin:password_change_done", current_app=admin.site.name),
        extra_context={**admin.site.each_context(request), **(extra_context or {})},
        template_name="registration/password_change_form.html",
    )
    return view(request)


# signed-in staff only, like the admin's own page (`admin_view` redirects others to the login)
own_password_change = admin.site.admin_view(_own_password_change)
