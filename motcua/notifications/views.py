"""The page where a signed-in person chooses the language of their notices."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motcua.accounts.access import signed_in
from motcua.notifications.fanout import languages_of
from motcua.notifications.models import Language
from motcua.notifications.services import preference_set

# Each language named in itself, as the site's language switcher does (the label carries `lang`).
NATIVE_NAMES = [(Language.VI.value, "Tiếng Việt"), (Language.EN.value, "English")]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Ngôn ngữ của thư điện tử, tin nhắn và thông báo"),
        choices=NATIVE_NAMES,
        widget=forms.RadioSelect,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def language(request: HttpRequest) -> HttpResponse:
    current = languages_of([request.user.pk]).get(request.user.pk or 0, Language.VI)
    form = LanguageForm(request.POST or None, initial={"language": current})
    if request.method == "POST" and form.is_valid():
        preference_set(user=request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Đã lưu ngôn ngữ nhận thông báo."))
        return redirect(reverse("notifications:language"))
    return render(request, "notifications/language.html", {"form": form})
