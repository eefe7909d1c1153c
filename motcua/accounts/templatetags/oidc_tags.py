"""`{% oidc_signin as oidc %}`: whether sign-in through the identity provider is on, and the
button's text (MOTCUA_OIDC_LABEL; the default text is translated, a configured one is shown as
given)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from motcua.accounts import oidc

register = template.Library()


@register.simple_tag
def oidc_signin() -> dict[str, object]:
    label = oidc.config()["LABEL"]
    return {"enabled": oidc.enabled(), "label": gettext(label)}
